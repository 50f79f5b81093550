/**
 * The parameters of a Microsoft authorize (or admin consent) request, read from a URL. Pure; never throws.
 * Only Microsoft's sign-in host over https counts. Parameter names are read case-insensitively, and a
 * request that names its client id, scopes or redirect URI twice is marked `ambiguous`: which value
 * Microsoft honours is not known (docs/microsoft-pages.md), so the guard treats it as suspicious.
 */

export const SIGN_IN_HOST = 'login.microsoftonline.com';

export interface AuthorizeParams {
  clientId: string;
  scopes: string[];
  redirectUri: string;
  loginHint: string;
  /** The tenant path segment: common, organizations, a GUID or a domain. */
  tenant: string;
  /** The request's `state` (matched against the Rox callback's; never a secret, never a code). */
  state?: string;
  /** From /{tenant}/adminconsent: Microsoft uses the app's registered redirect URI and configured permissions. */
  adminConsent?: boolean;
  /** client_id, scope or redirect_uri given more than once. */
  ambiguous?: boolean;
}

const MAX = 2048;
const TENANT_PATH = /^\/([^/]{1,255})\/(?:oauth2\/(?:v2\.0\/)?authorize|(?:v2\.0\/)?(adminconsent))$/i;
const SINGLE = ['client_id', 'scope', 'redirect_uri'];

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Every value of each parameter, by lower-cased name. */
function params(url: URL): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let n = 0;
  for (const [k, v] of url.searchParams) {
    if (++n > 100) break;
    const name = k.toLowerCase();
    out.set(name, [...(out.get(name) ?? []), v]);
  }
  return out;
}

export function authorizeParams(url: URL): AuthorizeParams | null {
  if (url.protocol !== 'https:' || url.hostname !== SIGN_IN_HOST) return null;
  const m = TENANT_PATH.exec(url.pathname);
  if (!m) return null;
  const q = params(url);
  const first = (name: string) => q.get(name)?.[0] ?? '';
  const clientId = first('client_id').trim().slice(0, 64);
  if (!clientId) return null;
  const ambiguous = SINGLE.some((name) => (q.get(name)?.length ?? 0) > 1);
  const state = first('state').slice(0, 512);
  return {
    clientId,
    scopes: first('scope').slice(0, MAX).split(/[\s+]+/).filter(Boolean).slice(0, 64),
    redirectUri: first('redirect_uri').slice(0, MAX),
    loginHint: first('login_hint').slice(0, 320),
    tenant: decode(m[1]!).slice(0, 255),
    ...(state ? { state } : {}),
    ...(m[2] ? { adminConsent: true } : {}),
    ...(ambiguous ? { ambiguous: true } : {}),
  };
}

/** The host name of an absolute https/http URI, or '' when it is not one. */
export function hostOf(uri: string): string {
  try {
    const u = new URL(uri);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.hostname : '';
  } catch {
    return '';
  }
}

/** A URL without its query and fragment (a Rox callback's `?code=` never leaves the page). */
export function withoutQuery(href: string): string {
  try {
    const u = new URL(href);
    return `${u.origin}${u.pathname}`.slice(0, 2048);
  } catch {
    return '';
  }
}
