/** The parameters of a Microsoft authorize request, read from a URL. Pure; never throws. */

export interface AuthorizeParams {
  clientId: string;
  scopes: string[];
  redirectUri: string;
  loginHint: string;
  /** The tenant path segment: common, organizations, a GUID or a domain. */
  tenant: string;
  /** From /{tenant}/adminconsent: Microsoft uses the app's registered redirect URI and configured permissions. */
  adminConsent?: boolean;
}

const MAX = 2048;
const TENANT_PATH = /^\/([^/]{1,255})\/(?:oauth2\/(?:v2\.0\/)?authorize|(?:v2\.0\/)?(adminconsent))$/i;

export function authorizeParams(url: URL): AuthorizeParams | null {
  const m = TENANT_PATH.exec(url.pathname);
  const q = url.searchParams;
  const clientId = (q.get('client_id') ?? '').slice(0, 64);
  if (!m || !clientId) return null;
  return {
    clientId,
    scopes: (q.get('scope') ?? '').slice(0, MAX).split(/[\s+]+/).filter(Boolean).slice(0, 64),
    redirectUri: (q.get('redirect_uri') ?? '').slice(0, MAX),
    loginHint: (q.get('login_hint') ?? '').slice(0, 320),
    tenant: decodeURIComponent(m[1]!).slice(0, 255),
    ...(m[2] ? { adminConsent: true } : {}),
  };
}

export function isAuthorizeParams(v: unknown): v is AuthorizeParams {
  const o = v as AuthorizeParams;
  return (
    !!o &&
    typeof o === 'object' &&
    typeof o.clientId === 'string' &&
    o.clientId.length <= 64 &&
    Array.isArray(o.scopes) &&
    o.scopes.length <= 64 &&
    o.scopes.every((s) => typeof s === 'string' && s.length <= 256) &&
    typeof o.redirectUri === 'string' &&
    o.redirectUri.length <= MAX &&
    typeof o.loginHint === 'string' &&
    o.loginHint.length <= 320 &&
    typeof o.tenant === 'string' &&
    o.tenant.length <= 255 &&
    (o.adminConsent === undefined || typeof o.adminConsent === 'boolean')
  );
}

/** `https://host/path` of a redirect URI, or '' when it is not an absolute https/http URL. */
export function hostOf(uri: string): string {
  try {
    const u = new URL(uri);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.hostname : '';
  } catch {
    return '';
  }
}
