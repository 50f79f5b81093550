/**
 * The approval check, MSAL's half. MSAL builds the silent authorize request (PKCE, state, nonce, authority,
 * prompt=none, the requester as login_hint) and reads Microsoft's error answers into its typed errors; the
 * worker carries the request through identity.launchWebAuthFlow. A `code` in the answer means consent now
 * exists: it is NEVER redeemed (no token request is made, held or stored), and MSAL's cache is cleared
 * after every check. MSAL runs in a page (Chrome: an offscreen document; Firefox: the background page),
 * never in an MV3 service worker (MSAL issues #3923, #7622).
 */
import { BrowserCacheLocation, PublicClientApplication } from '@azure/msal-browser';
import type { ProbeResult } from '../flow/model';

export interface ProbeRequest {
  clientId: string;
  tenant: string;
  scopes: string[];
  loginHint?: string;
  /** The user asked to sign in: Microsoft may show its pages (prompt=select_account). */
  interactive?: boolean;
  redirectUri: string;
}

export interface ProbeStart {
  /** The authorize URL to open with launchWebAuthFlow. */
  url: string;
  /** The request's `state`, which the answer must carry back. */
  state: string;
}

export interface ProbeOutcome {
  result: ProbeResult;
  /** Microsoft's error code (e.g. consent_required / AADSTS65001), for the popup and tests. Never a code. */
  error?: string;
}

const WAITING = /AADSTS(65001|90094|90095)\b/;
const SIGN_IN = /AADSTS(50058|16000|50076|50079|50072|700082)\b/;

/** Microsoft's answer, as an OAuth error and its description (MSAL's errorCode / subError / errorMessage). */
export function classify(error: string, description: string): ProbeResult {
  if (SIGN_IN.test(description) || error === 'login_required' || error === 'no_account_error') return 'sign-in-needed';
  if (WAITING.test(description) || error === 'consent_required' || error === 'interaction_required') return 'pending';
  return 'network-error';
}

/** Open checks, by state: each PublicClientApplication lives from start to finish only. */
const open = new Map<string, PublicClientApplication>();

export async function startProbe(req: ProbeRequest): Promise<ProbeStart> {
  // One check at a time (the worker runs them in turn): whatever an interrupted check left (a worker
  // stopped mid-check leaves MSAL's "interaction in progress" mark) is forgotten first.
  open.clear();
  sessionStorage.clear();
  let url = '';
  const pca = new PublicClientApplication({
    auth: {
      clientId: req.clientId,
      authority: `https://login.microsoftonline.com/${encodeURIComponent(req.tenant || 'organizations')}`,
      redirectUri: req.redirectUri,
      onRedirectNavigate: (u: string) => {
        url = u;
        return false;
      },
    },
    // Redirect flows keep their request state in sessionStorage (memoryStorage refuses redirects). It is
    // this page's, and is cleared as soon as the check finishes.
    cache: { cacheLocation: BrowserCacheLocation.SessionStorage },
  });
  await pca.initialize();
  await pca.acquireTokenRedirect({ scopes: req.scopes, loginHint: req.loginHint, prompt: req.interactive ? 'select_account' : 'none' });
  const state = new URL(url).searchParams.get('state') ?? '';
  if (!url || !state) throw new Error('no-authorize-url');
  open.set(state, pca);
  return { url, state };
}

/** Reads Microsoft's answer (the redirect URL launchWebAuthFlow returned), then forgets everything. */
export async function finishProbe(state: string, responseUrl: string): Promise<ProbeOutcome> {
  const pca = open.get(state);
  open.delete(state);
  try {
    const answer = new URL(responseUrl);
    const params = new URLSearchParams(answer.hash.slice(1) || answer.search.slice(1));
    if (params.getAll('state').length !== 1 || params.get('state') !== state) return { result: 'network-error', error: 'state_mismatch' };
    const error = params.get('error') ?? '';
    // Consent exists: Microsoft issued a code. It is never redeemed and never leaves this function.
    if (params.get('code') && !error) return { result: 'approved' };
    if (!error || !pca) return { result: 'network-error', error: error || 'no_answer' };
    // MSAL reads the error answer into its typed errors (no code in it: nothing is redeemed).
    try {
      await pca.handleRedirectPromise({ hash: `#${params.toString()}`, navigateToLoginRequestUrl: false });
    } catch (e) {
      const err = e as { errorCode?: string; subError?: string; errorMessage?: string };
      return { result: classify(err.errorCode || error, `${err.errorMessage ?? ''} ${params.get('error_description') ?? ''}`), error: (err.errorCode || error).slice(0, 64) };
    }
    return { result: classify(error, params.get('error_description') ?? ''), error: error.slice(0, 64) };
  } catch {
    return { result: 'network-error', error: 'bad_answer' };
  } finally {
    await pca?.clearCache().catch(() => undefined);
    sessionStorage.clear();
  }
}

/** A check that never got an answer (launchWebAuthFlow failed): forget it. */
export async function abandonProbe(state: string): Promise<void> {
  const pca = open.get(state);
  open.delete(state);
  await pca?.clearCache().catch(() => undefined);
  sessionStorage.clear();
}
