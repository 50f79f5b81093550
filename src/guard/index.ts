/**
 * The consent-phishing guard: a pure verdict on a consent or approval page against the catalog. Runs in
 * the worker only. Its rules (docs/microsoft-pages.md has the facts they rest on):
 * - "Rox" is proven only by Rox's client id in facts of the current request (the page's own URL, or a
 *   fresh, unbroken request recorded for this tab: the caller decides which facts are proven).
 * - Anything that looks like Rox (skeleton, near misses) and is not provably Rox is "suspicious" (red),
 *   with its reasons in plain words.
 * - "genuine" only when every check could be made and passed; "unconfirmed" when the client id is Rox's
 *   but something (a badge in a language without a table, say) could not be read: never shown as safe.
 * - Microsoft's own facts ($Config's verified publisher name, registered reply URLs, scope labels) come
 *   before rendered text; their absence is normal.
 * - Another app's page that does not look like Rox gets no verdict at all (null): silence.
 */
import { EXTENSION_REDIRECTS } from '../catalog/app';
import { allowedDisplays, allowedScopes, INTEGRATIONS, integrationForScopes, isRoxClientId, isRoxHost, normalizeScope, ROX_APP, SIGN_IN_PERMISSIONS } from '../catalog';
import type { ConfigFacts, PageKind } from '../detect/types';
import { hostOf, type AuthorizeParams } from '../shared/authorize';
import { isRoxName, resemblesRox } from './lookalike';

export const REASONS = [
  'client-id-unproven',
  'client-id-unknown',
  'request-ambiguous',
  'name-mismatch',
  'publisher-mismatch',
  'publisher-unverified',
  'redirect-foreign',
  'scopes-extra',
  'permissions-extra',
  'previous-page-suspicious',
] as const;
export type Reason = (typeof REASONS)[number];

export const UNCHECKED = ['publisher', 'verified', 'redirect', 'scopes'] as const;
export type Unchecked = (typeof UNCHECKED)[number];

export interface Verdict {
  level: 'genuine' | 'suspicious' | 'unconfirmed';
  /** The client id is Rox's (proven): only then may Rox-specific help (steps, prefill) appear. */
  rox: boolean;
  reasons: Reason[];
  unchecked: Unchecked[];
  /** Scopes or permission texts outside the expected set (shown to the user as text). */
  extras: string[];
  /**
   * The integration's permissions the page does not list (admin display names), when the list could be
   * compared: not a threat (an app asking for less), but an admin grant without them leaves users prompted.
   */
  missing: string[];
}

/** What the guard looks at: facts a detector read from the page, and the request proven for it. */
export interface GuardInput {
  kind: PageKind;
  appName?: string;
  publisher?: string;
  verified: boolean | null;
  permissions: string[];
  /** The page's language (`<html lang>`), lower case; '' when the page does not say. */
  lang?: string;
  config?: ConfigFacts;
  /** The authorize request proven for this page (current URL, or fresh unbroken tab memory). */
  authorize?: AuthorizeParams;
  /** Request sent: the verdict of the Approval required page just before it in this tab, if any. */
  inherited?: Verdict;
}

export interface GuardSettings {
  /** Extra Rox client ids from managed policy (storage.managed only). */
  trustedClientIds?: readonly string[];
  /** The approval probe's own redirect URL (identity.getRedirectURL()), compared exactly. */
  probeRedirect?: string;
}

const GUARDED_KINDS: ReadonlySet<PageKind> = new Set(['approval-required', 'user-consent', 'admin-consent', 'need-admin-approval', 'request-sent', 'consent-error']);
const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
/** Rox's publisher as Microsoft shows it: the verified name, or the verified publisher domain. */
const isRoxPublisher = (p: string) => norm(p) === norm(ROX_APP.publisher) || norm(p) === ROX_APP.originSuffix;

export function verdictFor(match: GuardInput, settings: GuardSettings = {}): Verdict | null {
  if (!GUARDED_KINDS.has(match.kind)) return null;
  const config = match.config ?? {};
  const auth = match.authorize;
  const rox = isRoxClientId(auth?.clientId, settings.trustedClientIds ?? []);
  const looksLike = [match.appName, config.appName, match.publisher, config.verifiedPublisher].some(resemblesRox);
  if (!rox && !looksLike && match.inherited === undefined) return null;

  const reasons = new Set<Reason>();
  const unchecked = new Set<Unchecked>();
  const extras: string[] = [];

  if (!auth?.clientId) reasons.add('client-id-unproven');
  else if (!rox) reasons.add('client-id-unknown');
  if (auth?.ambiguous) reasons.add('request-ambiguous');
  if (match.inherited?.level === 'suspicious') reasons.add('previous-page-suspicious');

  // On Need admin approval and error pages the name sits inside Microsoft's sentence, which is only known
  // (and cut out by the detector) in English: elsewhere only $Config's name is compared.
  const english = /^en\b/i.test(match.lang ?? '');
  const sentencePage = match.kind === 'need-admin-approval' || match.kind === 'consent-error';
  for (const name of [sentencePage && !english ? undefined : match.appName, config.appName]) if (name && !isRoxName(name)) reasons.add('name-mismatch');

  // Publisher: Microsoft's verified publisher name when the page carries it; otherwise the rendered line
  // and badge. "Request sent" shows neither: it inherits the Approval required page's checks.
  const showsPublisher = match.kind !== 'request-sent';
  if (config.verifiedPublisher !== undefined) {
    if (!config.verifiedPublisher) reasons.add('publisher-unverified');
    else if (!isRoxPublisher(config.verifiedPublisher)) reasons.add('publisher-mismatch');
  } else if (showsPublisher) {
    if (!match.publisher) unchecked.add('publisher');
    else if (!isRoxPublisher(match.publisher)) reasons.add('publisher-mismatch');
    if (match.verified === null) unchecked.add('verified');
  }
  if (match.verified === false) reasons.add('publisher-unverified');

  // Rox's own https origins, or exactly this extension's own redirect (any of its browser builds', never
  // another extension's); on
  // /adminconsent (which issues no code) also Microsoft's admin center itself, where its "Review permissions
  // and consent" returns (docs/microsoft-pages.md [S]).
  const adminCenter = (uri: string) => !!auth?.adminConsent && /^https:\/\/(entra\.microsoft\.com|portal\.azure\.com)(\/|$)/.test(uri);
  const isRoxRedirect = (uri: string) =>
    (uri.startsWith('https://') && isRoxHost(hostOf(uri))) || (!!settings.probeRedirect && uri === settings.probeRedirect) || EXTENSION_REDIRECTS.includes(uri) || adminCenter(uri);
  const registered = rox && !!auth?.adminConsent;
  const replyUrls = config.replyUrls ?? [];
  if (auth?.redirectUri) {
    if (!isRoxRedirect(auth.redirectUri)) reasons.add('redirect-foreign');
  } else if (!registered && !replyUrls.length && showsPublisher) unchecked.add('redirect');
  if (replyUrls.some((u) => !isRoxRedirect(u))) reasons.add('redirect-foreign');

  // Scopes from the request; listed permissions compared one by one, only in a language the catalog has.
  const scopes = auth?.scopes ?? [];
  const integration = integrationForScopes(scopes);
  if (scopes.length) {
    const allowed = integration ? allowedScopes(integration) : new Set(INTEGRATIONS.flatMap((i) => [...allowedScopes(i)]));
    const extra = scopes.filter((s) => !allowed.has(normalizeScope(s)));
    if (extra.length) {
      reasons.add('scopes-extra');
      extras.push(...extra);
    }
  }
  // The catalog has English display texts only: other languages (or a page that does not say) are not compared.
  const listed = [...match.permissions, ...(config.scopeLabels ?? [])];
  const displays = allowedDisplays(integration);
  if (english) {
    const extra = listed.filter((p) => !displays.has(norm(p)));
    if (extra.length && !reasons.has('scopes-extra')) reasons.add('permissions-extra');
    for (const e of extra) if (!extras.includes(e)) extras.push(e);
  }
  const listChecked = english && listed.length > 0;
  // What the integration asks for that the page does not list (the integration from the request's scopes,
  // or, on /adminconsent without scopes, the one whose own permissions the page lists).
  const listedNorm = new Set(listed.map(norm));
  const shown = (p: { display: string; userDisplay: string }) => listedNorm.has(norm(p.display)) || listedNorm.has(norm(p.userDisplay));
  const expected = integration ?? INTEGRATIONS.find((i) => i.permissions.some((p) => !SIGN_IN_PERMISSIONS.includes(p) && shown(p)));
  const missing = listChecked && expected ? expected.permissions.filter((p) => !shown(p)).map((p) => p.display) : [];
  if (!scopes.length && !(registered && listChecked) && showsPublisher) unchecked.add('scopes');

  const level = reasons.size ? 'suspicious' : unchecked.size || match.inherited?.level === 'unconfirmed' ? 'unconfirmed' : 'genuine';
  return { level, rox, reasons: [...reasons], unchecked: [...unchecked], extras: [...new Set(extras)].slice(0, 20).map((e) => e.slice(0, 120)), missing };
}
