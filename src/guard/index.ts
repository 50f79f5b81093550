/**
 * The consent-phishing guard: a pure verdict on a detected consent or approval page against the catalog.
 * "genuine" only when every check could be made and passed; "suspicious" when any check failed;
 * "unconfirmed" when the page names Rox but something could not be checked (never shown as safe);
 * null when the page has nothing to do with Rox (another app's page gets no verdict at all).
 */
import { allowedDisplays, allowedScopes, INTEGRATIONS, integrationForScopes, isRoxClientId, isRoxHost, looksLikeRox, normalizeScope, ROX_APP } from '../catalog';
import type { PageMatch } from '../detect/types';
import { hostOf } from '../shared/authorize';

export type Reason =
  | 'client-id-unknown'
  | 'publisher-mismatch'
  | 'publisher-unverified'
  | 'redirect-foreign'
  | 'scopes-extra'
  | 'permissions-extra'
  | 'name-mismatch';

export type Unchecked = 'client-id' | 'publisher' | 'verified' | 'redirect' | 'scopes';

export interface Verdict {
  level: 'genuine' | 'suspicious' | 'unconfirmed';
  reasons: Reason[];
  unchecked: Unchecked[];
  /** Scopes or permission texts outside the expected set (shown to the user as text). */
  extras: string[];
}

const GUARDED = new Set(['approval-required', 'user-consent', 'admin-consent', 'need-admin-approval', 'request-sent']);
const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();

/** What the guard looks at: the facts a detector read from the page. */
export type GuardInput = Pick<PageMatch, 'kind' | 'appName' | 'publisher' | 'verified' | 'permissions' | 'authorize'>;

export function verdictFor(match: GuardInput, managedClientIds: readonly string[] = []): Verdict | null {
  if (!GUARDED.has(match.kind)) return null;
  const clientId = match.authorize?.clientId;
  const roxId = isRoxClientId(clientId, managedClientIds);
  if (!roxId && !looksLikeRox(match.appName)) return null;

  const reasons: Reason[] = [];
  const unchecked: Unchecked[] = [];
  const extras: string[] = [];

  if (!clientId) unchecked.push('client-id');
  else if (!roxId) reasons.push('client-id-unknown');

  if (match.appName && roxId && norm(match.appName) !== norm(ROX_APP.name)) reasons.push('name-mismatch');

  // Publisher as shown: the name "Rox Data Corp." or Rox's verified domain. "Request sent" shows none.
  const showsPublisher = match.kind !== 'request-sent';
  if (!match.publisher) {
    if (showsPublisher) unchecked.push('publisher');
  }
  else {
    const p = norm(match.publisher);
    if (p !== norm(ROX_APP.publisher) && !isRoxHost(p)) reasons.push('publisher-mismatch');
  }
  if (match.verified === false) reasons.push('publisher-unverified');
  else if (match.verified === null && showsPublisher) unchecked.push('verified');

  // /adminconsent without redirect_uri or scope: Microsoft uses the registered redirect URIs and configured
  // permissions of the (already checked) client id; the listed permissions are checked below.
  const english = match.permissions.filter((p) => /^[\x20-\x7e]+$/.test(p));
  const listChecked = match.permissions.length > 0 && english.length === match.permissions.length;
  const registered = roxId && !!match.authorize?.adminConsent;
  const redirect = match.authorize?.redirectUri;
  if (!redirect) {
    if (!registered) unchecked.push('redirect');
  }
  else if (!isRoxHost(hostOf(redirect)) && !/^https:\/\/[a-p]{32}\.chromiumapp\.org\//.test(redirect)) reasons.push('redirect-foreign');

  const scopes = match.authorize?.scopes ?? [];
  const integration = integrationForScopes(scopes);
  if (scopes.length) {
    const allowed = integration ? allowedScopes(integration) : new Set(INTEGRATIONS.flatMap((i) => [...allowedScopes(i)]));
    const extra = scopes.filter((s) => !allowed.has(normalizeScope(s)));
    if (extra.length) {
      reasons.push('scopes-extra');
      extras.push(...extra);
    }
  } else if (!(registered && listChecked)) unchecked.push('scopes');

  // Listed permissions are English display texts; in other languages they cannot be compared.
  const displays = allowedDisplays(integration);
  if (english.length === match.permissions.length) {
    const extra = match.permissions.filter((p) => !displays.has(norm(p)) && !extras.includes(p));
    if (extra.length && !reasons.includes('scopes-extra')) reasons.push('permissions-extra');
    for (const e of extra) if (!extras.includes(e)) extras.push(e);
  }

  const level = reasons.length ? 'suspicious' : unchecked.length ? 'unconfirmed' : 'genuine';
  return { level, reasons, unchecked, extras: extras.slice(0, 20).map((e) => e.slice(0, 120)) };
}
