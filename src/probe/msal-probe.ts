/**
 * The approval probe: asks Microsoft's authorize endpoint, through MSAL and identity.launchWebAuthFlow,
 * whether Rox now has consent for this account. prompt=none unless the user asked to sign in.
 * MSAL runs here (an extension page), never in the service worker (MSAL issues #3923, #7622).
 * Whatever MSAL obtains stays in memory and is cleared before this returns: nothing is persisted.
 */
import { BrowserCacheLocation, PublicClientApplication, type AuthenticationResult } from '@azure/msal-browser';
import { ROX_CLIENT_ID } from '../catalog';
import type { ProbeResult } from '../flow/model';
import { browser, redirectUrl } from '../platform/browser';

export interface ProbeRequest {
  tenant: string;
  scopes: string[];
  loginHint?: string;
  interactive?: boolean;
  clientId?: string;
}

export interface ProbeOutcome {
  result: ProbeResult;
  /** For the user and tests: who MSAL says signed in, and which scopes the token carries. Never the token. */
  account?: string;
  grantedScopes?: string[];
  error?: string;
}

const SILENT_PENDING = /AADSTS(65001|90094|90095)/;
const SIGN_IN_NEEDED = /AADSTS(50058|16000|50076|50079)/;

export function classify(error: string, description: string): ProbeResult {
  if (SIGN_IN_NEEDED.test(description) || error === 'login_required') return 'sign-in-needed';
  if (SILENT_PENDING.test(description) || error === 'consent_required' || error === 'interaction_required') return 'pending';
  return 'network-error';
}

export async function probe(req: ProbeRequest): Promise<ProbeOutcome> {
  let navigateUrl = '';
  const pca = new PublicClientApplication({
    auth: {
      clientId: req.clientId ?? ROX_CLIENT_ID,
      authority: `https://login.microsoftonline.com/${encodeURIComponent(req.tenant || 'organizations')}`,
      redirectUri: redirectUrl(),
      onRedirectNavigate: (url: string) => {
        navigateUrl = url;
        return false;
      },
    },
    // Redirect flows need the request state in sessionStorage (memoryStorage refuses redirects). The probe
    // page's sessionStorage dies with the page, and is cleared below as soon as the probe is done.
    cache: { cacheLocation: BrowserCacheLocation.SessionStorage },
  });
  await pca.initialize();
  try {
    await pca.acquireTokenRedirect({ scopes: req.scopes, loginHint: req.loginHint, prompt: req.interactive ? 'select_account' : 'none' });
    if (!navigateUrl) return { result: 'network-error', error: 'no authorize URL' };
    let responseUrl: string | undefined;
    try {
      responseUrl = await browser.identity.launchWebAuthFlow({ url: navigateUrl, interactive: !!req.interactive });
    } catch (e) {
      // No redirect back (Microsoft wants to show a page): with prompt=none that means sign-in is needed.
      return { result: req.interactive ? 'network-error' : 'sign-in-needed', error: String(e).slice(0, 200) };
    }
    const url = new URL(responseUrl ?? '');
    const params = new URLSearchParams(url.hash.slice(1) || url.search.slice(1));
    const error = params.get('error');
    if (error) return { result: classify(error, params.get('error_description') ?? ''), error };
    const result: AuthenticationResult | null = await pca.handleRedirectPromise({ hash: url.hash, navigateToLoginRequestUrl: false });
    if (!result) return { result: 'network-error', error: 'no result' };
    return { result: 'approved', account: result.account?.username, grantedScopes: result.scopes };
  } catch (e) {
    const err = e as { errorCode?: string; errorMessage?: string };
    return { result: classify(err.errorCode ?? '', err.errorMessage ?? ''), error: String(err.errorCode ?? e).slice(0, 200) };
  } finally {
    await pca.clearCache().catch(() => undefined);
    sessionStorage.clear();
  }
}
