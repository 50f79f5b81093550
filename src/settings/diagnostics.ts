/**
 * The diagnostics report, pure: what someone helping the user needs, and no personal data. Never a UPN, a
 * tenant, an admin contact, a client id, an origin, a URL or a justification: settings are given as their
 * kind, a number or a count, with where each comes from (default, user, managed).
 */
import { isEmail } from './validate';
import { SETTING_KEYS, type Effective, type SettingKey, type Source } from './effective';
import type { DiagnosticsReply } from './messages';

export interface DiagnosticsInput {
  extensionVersion: string;
  /** Browser name and major version, e.g. "Chrome 131" (never the whole user agent). */
  browser: string;
  /** runtime.getPlatformInfo().os */
  os: string;
  uiLanguage: string;
  effective: Effective;
  /** How many extra Rox origins have their access granted. */
  grantedOrigins: number;
  facts: DiagnosticsReply;
  generatedAt: number;
}

type Shown = string | number | boolean;

/** A setting as the report may show it. */
function shown(key: SettingKey, e: Effective): Shown {
  const v = e.values;
  switch (key) {
    case 'justificationTemplate':
      return v.justificationTemplate ? `custom (${v.justificationTemplate.length} characters)` : 'built-in';
    case 'adminContact':
      return !v.adminContact ? 'none' : isEmail(v.adminContact) ? 'e-mail address' : 'web address';
    case 'roxOrigins':
    case 'trustedClientIds':
    case 'tenantIds':
      return v[key].length;
    default:
      return v[key];
  }
}

export interface DiagnosticsReport {
  report: 'Rox Consent Companion diagnostics';
  generatedAt: string;
  extensionVersion: string;
  browser: string;
  os: string;
  uiLanguage: string;
  settings: Record<string, { value: Shown; source: Source }>;
  grantedRoxOrigins: number;
  /** Policy values that were ignored: the setting and why (a message code), never the value. */
  policyProblems: { setting: string; problem: string }[];
  flowsByState: Record<string, number>;
  currentTab: DiagnosticsReply['tab'] | 'nothing recognised';
  storageProblem?: string;
}

export function diagnosticsReport(input: DiagnosticsInput): DiagnosticsReport {
  const { effective: e, facts } = input;
  const settings = Object.fromEntries(SETTING_KEYS.map((k) => [k, { value: shown(k, e), source: e.sources[k] }]));
  return {
    report: 'Rox Consent Companion diagnostics',
    generatedAt: new Date(input.generatedAt).toISOString(),
    extensionVersion: input.extensionVersion.slice(0, 32),
    browser: input.browser.slice(0, 64),
    os: input.os.slice(0, 32),
    uiLanguage: input.uiLanguage.slice(0, 16),
    settings,
    grantedRoxOrigins: input.grantedOrigins,
    // Policy keys are IT's names, not data; a foreign key is cut short and kept only if it is a plain name.
    policyProblems: e.managedProblems.map((p) => ({ setting: /^[A-Za-z][\w-]{0,63}$/.test(p.key) ? p.key : '(unnamed)', problem: p.message })),
    flowsByState: { ...facts.flowCounts },
    currentTab: facts.tab
      ? {
          kind: facts.tab.kind,
          verdict: facts.tab.verdict && { level: facts.tab.verdict.level, rox: facts.tab.verdict.rox, reasons: [...facts.tab.verdict.reasons], unchecked: [...facts.tab.verdict.unchecked] },
          secondsAgo: facts.tab.secondsAgo,
        }
      : 'nothing recognised',
    ...(facts.storageProblem ? { storageProblem: facts.storageProblem } : {}),
  };
}

/** "Chrome 131", "Edge 131", "Firefox 140": the brand and major version only. */
export function browserName(userAgent: string, brands: readonly { brand: string; version: string }[] = []): string {
  const known = brands.find((b) => /Edge|Chrome|Chromium|Opera|Brave/i.test(b.brand) && !/Not.?A.?Brand/i.test(b.brand));
  const edge = brands.find((b) => /Edge/i.test(b.brand));
  if (edge) return `Edge ${edge.version}`;
  if (known) return `${known.brand.replace(/^Google /, '')} ${known.version}`;
  const m = /(Firefox|Edg|Chrome|Chromium)\/(\d+)/.exec(userAgent);
  if (!m) return 'unknown';
  return `${m[1] === 'Edg' ? 'Edge' : m[1]} ${m[2]}`;
}
