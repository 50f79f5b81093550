/**
 * Detectors for Microsoft's sign-in host. Each is a pure function of the page input. Signals, strongest
 * first: the PageID meta and $Config, elements (justification box, submit, checkbox), the URL, then text
 * from the per-locale tables. Text alone never decides a kind that has a structural signal.
 */
import { isRoxClientId, ROX_CLIENT_ID } from '../catalog/app';
import { authorizeParams, SIGN_IN_HOST } from '../shared/authorize';
import { anyTextMay, appHeader, findUpn, pageMay, readSignInPage, type SignInPage } from './page';
import { hasText, isText, mayNameRox, NEEDS_PERMISSION } from './text';
import type { Detector, Gate, PageInput, PageKind, PageMatch } from './types';

export { SIGN_IN_HOST };

const NEED_ADMIN_CODES = new Set(['90094', '900941', '900981']);
/** AADSTS codes of the consent error pages (each has an `error_<code>` explanation in _locales). */
export const CONSENT_ERROR_CODES = ['65004', '90093', '90095'] as const;
const ERROR_CODES: ReadonlySet<string> = new Set(CONSENT_ERROR_CODES);

const gate = new WeakMap<PageInput, boolean>();

// Counted, not fetched: a NodeList's length makes no wrapper of an element in the content script's world.
/** Microsoft's page has rendered (its pages render late: before that there is no form). */
const rendered = (doc: Document) => doc.querySelectorAll('form, [role=heading]').length > 0;
/** A sign-in form (username, password): never a page of ours. */
const signInForm = (doc: Document) => doc.querySelectorAll('input[type=password], input[name=loginfmt], input[name=passwd]').length > 0;

let lastHref = '';
let lastRox = false;
/** The address is an authorize request with a Rox client id (the built-in one; the worker knows the rest). */
function roxInUrl(url: URL): boolean {
  if (url.href !== lastHref) {
    lastHref = url.href;
    // Only an address that carries Rox's id (or escapes that may spell it) is parsed.
    let q = url.search;
    try {
      q = decodeURIComponent(q);
    } catch {
      // Malformed escapes: the parse below decides.
      q = ROX_CLIENT_ID;
    }
    lastRox = q.toLowerCase().includes(ROX_CLIENT_ID.trim().toLowerCase()) && isRoxClientId(authorizeParams(url)?.clientId);
  }
  return lastRox;
}

/**
 * The cheap first look every detector starts with (once per input): Microsoft's sign-in host, a rendered
 * page that is not a sign-in / password form, and something about Rox: its client id in the URL or this
 * tab's authorize request, or a text node that may name Rox (a confusable spelling included: the worker
 * decides). Everything else (most pages here) stops at this point.
 */
export function mayBeOurs(input: PageInput): boolean {
  let open = gate.get(input);
  if (open === undefined) {
    const { url, doc, context } = input;
    open =
      url.protocol === 'https:' &&
      url.hostname === SIGN_IN_HOST &&
      rendered(doc) &&
      !signInForm(doc) &&
      (roxInUrl(url) || isRoxClientId(context?.authorize?.clientId) || anyTextMay(doc.body, mayNameText));
    gate.set(input, open);
  }
  return open;
}

/** Need admin approval's sentence names the app first ("{App} needs permission to access resources…"). */
const NEED_ADMIN_SENTENCE = new RegExp(`${NEEDS_PERMISSION}.*$`, 'is');
/** Could a text node name Rox: itself, or the app name that starts Microsoft's Need admin approval sentence. */
const mayNameText = (text: string) => {
  const name = text.replace(NEED_ADMIN_SENTENCE, '');
  return mayNameRox(text) || (name !== text && mayNameRox(name));
};

/**
 * The content script's gate, before any of its machinery (src/content/engine.ts): 'early' when the address
 * is Rox's authorize request (the tab's context and the panel are fetched while Microsoft renders), 'wait'
 * before Microsoft's page has rendered, 'no' for a sign-in form or a page with no text that may name Rox,
 * else 'maybe'. The same signals as mayBeOurs, so a page it lets through is one mayBeOurs lets through.
 */
export function signInGate(url: URL, doc: Document): Gate {
  if (url.protocol !== 'https:' || url.hostname !== SIGN_IN_HOST) return 'no';
  if (roxInUrl(url)) return rendered(doc) && signInForm(doc) ? 'no' : 'early';
  if (!rendered(doc)) return 'wait';
  return !signInForm(doc) && pageMay(doc, mayNameText) ? 'maybe' : 'no';
}

/**
 * Every detector here only answers for pages that may be about Rox: a Rox client id (URL or this tab's
 * authorize request), or an app name or publisher that may name Rox (so look-alikes reach the guard).
 * Other apps' pages get nothing. The facts are read from the app header's place in the layout.
 */
let parsedHref = '';
let parsed: ReturnType<typeof authorizeParams> = null;
/** authorizeParams of the page's address, read once per address (every detector asks). */
function authorizeOf(url: URL): ReturnType<typeof authorizeParams> {
  if (url.href !== parsedHref) {
    parsed = authorizeParams(url);
    parsedHref = url.href;
  }
  return parsed && { ...parsed, scopes: [...parsed.scopes] };
}

function base(input: PageInput, p: SignInPage, kind: PageKind, titleIndex: number, signals: string[], named?: string): PageMatch | null {
  // Microsoft's markers ($Config, PageID) exist before the page renders; wait for its text to show.
  if (!p.blocks.length) return null;
  const authorize = authorizeOf(input.url) ?? input.context?.authorize;
  const header = appHeader(p, titleIndex);
  // Unknown language (no title found): the first text that may name Rox stands for the app name.
  const appName = header.appName ?? p.blocks.find((b) => mayNameRox(b.text))?.text;
  const publisher = kind === 'request-sent' ? undefined : header.publisher;
  if (!isRoxClientId(authorize?.clientId) && ![appName, publisher, p.config.appName, p.config.verifiedPublisher, named].some((t) => t && mayNameRox(t))) return null;
  return {
    kind,
    lang: p.lang,
    config: p.config,
    appName,
    publisher,
    verified: kind === 'request-sent' ? null : header.verified,
    permissions: header.permissions,
    upn: findUpn(p),
    authorize: authorize ?? undefined,
    actions: p.actions,
    signals,
  };
}

const titleIndex = (p: SignInPage, key: Parameters<typeof isText>[1]) => p.norm.findIndex((b) => isText(b, key));

export const isApprovalRequired: Detector = (input) => {
  if (!mayBeOurs(input)) return null;
  const p = readSignInPage(input);
  if (!p.textarea || !p.submit) return null;
  const signals = ['justification-box', 'submit'];
  const title = titleIndex(p, 'approvalRequired');
  if (title >= 0) signals.push('text:title');
  if (hasText(p.text, 'requiresApproval')) signals.push('text:requires-approval');
  const ph = (p.textarea.placeholder || p.textarea.getAttribute('aria-label') || '').toLowerCase();
  if (ph && hasText(ph, 'justificationPlaceholder')) signals.push('text:placeholder');
  // Unknown language: the structure alone, with base() requiring a Rox client id or Rox's name.
  if (signals.length === 2) signals.push('structure-only');
  const m = base(input, p, 'approval-required', title, signals);
  if (!m) return null;
  m.justificationBox = p.textarea;
  m.submitButton = p.submit;
  return m;
};

export const isRequestSent: Detector = (input) => {
  if (!mayBeOurs(input)) return null;
  const p = readSignInPage(input);
  if (p.textarea) return null;
  const title = titleIndex(p, 'requestSent');
  if (title >= 0) return base(input, p, 'request-sent', title, ['text:title']);
  // Unknown language: the page right after Approval required in this tab with a single button.
  if (input.context?.lastKind === 'approval-required' && p.submits.length === 1 && !p.pageId && !p.configError)
    return base(input, p, 'request-sent', -1, ['follows-approval-required', 'single-button']);
  return null;
};

export const isNeedAdminApproval: Detector = (input) => {
  if (!mayBeOurs(input)) return null;
  const p = readSignInPage(input);
  if (p.textarea || p.pageId) return null;
  const signals: string[] = [];
  const title = titleIndex(p, 'needAdminApproval');
  if (title >= 0) signals.push('text:title');
  if (hasText(p.text, 'needAdminBody')) signals.push('text:body');
  if (hasText(p.text, 'returnWithoutConsent')) signals.push('text:return-link');
  const code = [p.configError, p.textError].find((c) => NEED_ADMIN_CODES.has(c));
  if (code) signals.push(`code:${code}`);
  if (!signals.length) return null;
  // "{App} needs permission to access resources in your organization…" names the app first.
  const body = p.blocks.find((b) => NEED_ADMIN_SENTENCE.test(b.text));
  const named = body?.text.replace(NEED_ADMIN_SENTENCE, '');
  const m = base(input, p, 'need-admin-approval', title, signals, named);
  if (!m) return null;
  if (named) m.appName = named;
  m.errorCode = code ?? '90094';
  return m;
};

export const isConsentError: Detector = (input) => {
  if (!mayBeOurs(input)) return null;
  const p = readSignInPage(input);
  if (p.textarea || p.pageId) return null;
  const code = [p.textError, p.configError].find((c) => ERROR_CODES.has(c));
  if (!code) return null;
  const m = base(input, p, 'consent-error', -1, [`code:${code}`]);
  if (!m) return null;
  m.errorCode = code;
  return m;
};

function consentPrompt(input: PageInput): { p: SignInPage; admin: boolean; signals: string[] } | null {
  if (!mayBeOurs(input)) return null;
  const p = readSignInPage(input);
  if (p.textarea) return null;
  const signals: string[] = [];
  if (p.pageId.toLowerCase() === 'convergedconsent') signals.push('meta:PageID');
  if (p.pgid.toLowerCase() === 'convergedconsent') signals.push('config:pgid');
  if (!signals.length) return null;
  const adminSignals = [
    p.checkbox && 'checkbox',
    hasText(p.text, 'consentOnBehalf') && 'text:on-behalf',
    hasText(p.text, 'acceptForOrg') && 'text:for-org',
    /\/adminconsent$/i.test(input.url.pathname) && 'url:adminconsent',
  ].filter((s): s is string => !!s);
  return { p, admin: adminSignals.length > 0, signals: [...signals, ...adminSignals] };
}

export const isAdminConsent: Detector = (input) => {
  const c = consentPrompt(input);
  if (!c?.admin) return null;
  return base(input, c.p, 'admin-consent', titleIndex(c.p, 'permissionsRequested'), c.signals);
};

export const isUserConsent: Detector = (input) => {
  const c = consentPrompt(input);
  if (!c || c.admin) return null;
  return base(input, c.p, 'user-consent', titleIndex(c.p, 'permissionsRequested'), c.signals);
};

/** In priority order; the first match wins. */
export const SIGN_IN_DETECTORS: readonly Detector[] = [isApprovalRequired, isRequestSent, isNeedAdminApproval, isConsentError, isAdminConsent, isUserConsent];

export function detectSignInPage(input: PageInput): PageMatch | null {
  // The gate once, up front: on pages that are not ours none of the detectors even runs (or gets compiled).
  if (!mayBeOurs(input)) return null;
  for (const d of SIGN_IN_DETECTORS) {
    const m = d(input);
    if (m) return m;
  }
  return null;
}
