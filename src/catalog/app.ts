/**
 * The genuine Rox app: its client id, name, publisher and origins. Small on purpose: this is all the
 * sign-in host's content script needs (the integrations' permission tables stay in the background).
 */

declare const __ROX_CLIENT_ID__: string;

export const SANDBOX_ROX_CLIENT_ID = '5c9e8a2e-7f3b-4d1a-9b6e-2f4c8d1e0a17';

export const ROX_CLIENT_ID: string =
  typeof __ROX_CLIENT_ID__ === 'string' && __ROX_CLIENT_ID__ ? __ROX_CLIENT_ID__ : SANDBOX_ROX_CLIENT_ID;

/** Rox's Integrations page, where Connect is (the sandbox plays it at this address). */
export const ROX_INTEGRATIONS_URL = 'https://app.rox.com/integrations';

export const ROX_APP = {
  name: 'Rox 365 Integration',
  publisher: 'Rox Data Corp.',
  verified: true,
  /** Origins Rox's redirect URIs and integration pages live on. */
  originSuffix: 'rox.com',
} as const;

/**
 * This extension's own redirect URIs, one per browser build (`identity.getRedirectURL()`: Chrome and Edge
 * from the manifest's `key`, Firefox from the add-on id's SHA-1). Rox registers each on its app, so a
 * consent page's reply URLs list them all, whichever browser this runs in. A meta test derives them.
 */
export const OWN_REDIRECTS: readonly string[] = ['https://cnkmldlicjhaomlcbgbgijgehokplhpk.chromiumapp.org/', 'https://0bc3f2bd57916033974b94e7eace8c37737c0338.extensions.allizom.org/'];

declare const __ROX_STORE_REDIRECTS__: string[] | undefined;
/** Those, and the store builds' (each store assigns its own id): ROX_STORE_REDIRECTS at build time. */
export const EXTENSION_REDIRECTS: readonly string[] = [...OWN_REDIRECTS, ...(typeof __ROX_STORE_REDIRECTS__ !== 'undefined' && Array.isArray(__ROX_STORE_REDIRECTS__) ? __ROX_STORE_REDIRECTS__ : [])];

const norm = (s: string) => s.trim().toLowerCase();

export function isRoxClientId(clientId: string | undefined | null, extra: readonly string[] = []): boolean {
  if (!clientId) return false;
  const id = norm(clientId);
  return id === norm(ROX_CLIENT_ID) || extra.some((e) => norm(e) === id);
}

/** A host Rox's own pages and redirect URIs may live on: rox.com or a subdomain of it. */
export function isRoxHost(host: string): boolean {
  const h = norm(host);
  return h === ROX_APP.originSuffix || h.endsWith('.' + ROX_APP.originSuffix);
}
