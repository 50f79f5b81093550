/**
 * What each tab's navigation says about where its Microsoft pages came from: the provenance of "this page
 * is Rox's". Pure rules first, then a small store (storage.session: memory only, gone when the browser
 * closes; dropped when the tab closes). docs/microsoft-pages.md, "Provenance", has the reasoning.
 *
 * The worker sees every top-level request of a tab to Microsoft's sign-in host and to Rox (webRequest,
 * server redirects included, with the origin that initiated it). Rules:
 * - An authorize request starts the tab's current request.
 * - A sign-in host page continues it only when Microsoft itself led there: a redirect of the same request,
 *   or a navigation its own pages initiated (form posts, links); or a federated identity provider's answer
 *   (a POST to /login.srf, Microsoft's endpoint for them). Anything else (typed, bookmarked, Back, opened or
 *   navigated by another site, device-code entry, another path on the host) breaks it, and so does a
 *   return from any other site.
 * - A page reached by Back / Forward / reload is judged by the request it was first shown with (keyed by
 *   a SHA-256 of its address, so neither a code nor a look-alike URL can stand in for it).
 * - A request proves nothing after FRESH_MS.
 * - Request sent inherits at most the verdict of the Approval required page just before it in this tab.
 */
import type { PageKind } from '../detect/types';
import type { Verdict } from '../guard';
import { authorizeParams, hostOf, SIGN_IN_HOST, type AuthorizeParams } from '../shared/authorize';
import { isRoxHost } from '../catalog/app';

/** How long a recorded authorize request proves where a page came from. */
export const FRESH_MS = 15 * 60_000;
const MAX_SEEN = 30;
const MAX_REQUESTS = 4;
const MICROSOFT = `https://${SIGN_IN_HOST}`;

export interface RecordedRequest {
  id: number;
  params: AuthorizeParams;
  at: number;
}

export interface TabMemory {
  requests: RecordedRequest[];
  /** The tab's current request id; null: broken (nothing proves where the next page came from). */
  current: number | null;
  /** The browser's id of the last top-level request seen: the same id again is a redirect of it. */
  lastRequestId?: string;
  /** Address key -> the request current when the tab first showed that address (for Back / Forward). */
  seen: Record<string, number | null>;
  /** The last page the companion recognised in this tab, with the verdict it got. */
  last?: { kind: PageKind; at: number; request: number | null; verdict?: Verdict | null };
  upn?: string;
  justification?: string;
  /** The user clicked Connect on Rox's Integrations page in this tab (the `connect-clicked` intent). */
  connect?: { integration: string; at: number };
  nextId: number;
}

export const emptyMemory = (): TabMemory => ({ requests: [], current: null, seen: {}, nextId: 1 });

/** A top-level request of a tab to Microsoft's sign-in host or to Rox (webRequest.onBeforeRequest). */
export interface Navigation {
  url: string;
  /** SHA-256 of the URL (urlKey). */
  key: string;
  requestId: string;
  /** The origin that initiated it ('' when the browser did: typed, bookmark, Back). */
  initiator: string;
  method: string;
}

/** A URL's identity for the Back / Forward map, without keeping the URL (or any code in it). */
export async function urlKey(url: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(url.slice(0, 8192)));
  return Array.from(new Uint8Array(digest).slice(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Microsoft pages that continue the tab's current request rather than start or leave one. */
const CONTINUATION = /^\/(?:[^/]{1,255}\/)?(?:reprocess|login|kmsi|appverify|consent\/[\w.-]{1,64}|sas\/[\w.-]{1,64}|oauth2\/(?:v2\.0\/)?authorize\/?resume)$/i;
/** Where a federated identity provider posts its answer back to Microsoft (WS-Federation and SAML). */
const FEDERATION_RETURN = /^\/login\.srf$/i;

function parse(href: string | undefined): URL | null {
  if (!href) return null;
  try {
    return new URL(href);
  } catch {
    return null;
  }
}

/** The tab's memory after a top-level request to the sign-in host or Rox. */
export function afterNavigation(m: TabMemory, nav: Navigation, now: number): TabMemory {
  const url = parse(nav.url);
  const redirect = !!m.lastRequestId && nav.requestId === m.lastRequestId;
  let next: TabMemory = { ...m, seen: { ...m.seen }, lastRequestId: nav.requestId };
  const authorize = url ? authorizeParams(url) : null;
  const onSignInHost = url?.protocol === 'https:' && url.hostname === SIGN_IN_HOST;
  if (authorize) {
    const id = m.nextId;
    next = { ...next, nextId: id + 1, current: id, requests: [...m.requests, { id, params: authorize, at: now }].slice(-MAX_REQUESTS), justification: undefined };
    if (authorize.loginHint) next.upn = authorize.loginHint;
    // Another app's request, or one another site started, ends what a Connect click on Rox started.
    const fromRox = redirect || nav.initiator === MICROSOFT || isRoxHost(hostOf(nav.initiator));
    if (!isRoxHost(hostOf(authorize.redirectUri)) || !fromRox) next.connect = undefined;
  } else if (onSignInHost && CONTINUATION.test(url.pathname) && (redirect || nav.initiator === MICROSOFT)) {
    // Microsoft led here: the same request goes on.
  } else if (onSignInHost && FEDERATION_RETURN.test(url.pathname) && nav.method === 'POST') {
    // A federated sign-in (ADFS, Okta...) comes back here from the identity provider's own site.
  } else if (url?.protocol === 'https:' && isRoxHost(url.hostname)) {
    // Rox's own pages (its callback ends the request) neither start nor break one.
  } else next = { ...next, current: null, connect: undefined };
  if (url && !(nav.key in next.seen)) {
    next.seen[nav.key] = next.current;
    const keys = Object.keys(next.seen);
    for (const k of keys.slice(0, Math.max(0, keys.length - MAX_SEEN))) delete next.seen[k];
  }
  return next;
}

/** How the page's document was reached (Navigation Timing's type, as the content script reads it). */
export type NavigationType = 'navigate' | 'reload' | 'back_forward' | 'prerender';

/**
 * The request that proves where a page came from: the tab's current request; for a page reached by Back,
 * Forward or reload, the request that page was first shown with. Fresh only.
 */
export function provenRequest(m: TabMemory, key: string, type: NavigationType | undefined, now: number): RecordedRequest | undefined {
  const id = type === 'back_forward' || type === 'reload' ? m.seen[key] : m.current;
  const request = id == null ? undefined : m.requests.find((r) => r.id === id);
  return request && now - request.at <= FRESH_MS && now >= request.at ? request : undefined;
}

/** Request sent: the Approval required page just before it in this tab, for the same request, recently. */
export function previousApproval(m: TabMemory, request: RecordedRequest | undefined, now: number): TabMemory['last'] | undefined {
  const last = m.last;
  return last?.kind === 'approval-required' && request && last.request === request.id && now - last.at <= FRESH_MS ? last : undefined;
}

/** Reads stored memory defensively: anything malformed is treated as an empty memory. */
export function parseMemory(v: unknown): TabMemory {
  const m = v as TabMemory;
  if (!m || typeof m !== 'object' || !Array.isArray(m.requests) || typeof m.seen !== 'object' || !m.seen || typeof m.nextId !== 'number') return emptyMemory();
  return m;
}

/** The store: one key per tab in a storage area (storage.session in the worker; a fake in tests). */
export interface Area {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

export type Serial = <T>(work: () => Promise<T>) => Promise<T>;

export function createTabStore(area: Area, serial: Serial) {
  const key = (tabId: number) => `tab:${tabId}`;
  const read = async (tabId: number) => parseMemory((await area.get(key(tabId)))[key(tabId)]);
  return {
    recall: (tabId: number): Promise<TabMemory> => serial(() => read(tabId)),
    /** Read, change and write one tab's memory as one step of the worker's queue. */
    update: (tabId: number, change: (m: TabMemory) => TabMemory): Promise<TabMemory> =>
      serial(async () => {
        const next = change(await read(tabId));
        await area.set({ [key(tabId)]: next });
        return next;
      }),
    forget: (tabId: number): Promise<void> => serial(() => area.remove(key(tabId))),
  };
}

export type TabStore = ReturnType<typeof createTabStore>;
