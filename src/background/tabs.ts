/**
 * What each tab's navigation says about where its Microsoft pages came from: the provenance of "this page
 * is Rox's". Pure rules first, then a small store (storage.session: memory only, gone when the browser
 * closes; dropped when the tab closes). docs/microsoft-pages.md, "Provenance", has the reasoning.
 *
 * The worker sees every top-level request of a tab to Microsoft's sign-in host and to Rox (webRequest,
 * server redirects included, with the origin that initiated it) and applies it once the page's response
 * starts (a cancelled or empty navigation changes nothing). Rules:
 * - An authorize request starts the tab's current request.
 * - A sign-in host page continues it only when Microsoft led there: a redirect of the same request that
 *   never left Microsoft, or a navigation its own sign-in pages initiated (form posts, links), while the
 *   request is fresh. A federated identity provider's answer (a POST to /login.srf) picks up the request a
 *   visit to a site the extension cannot see suspended. Anything else (typed, bookmarked, opened or
 *   navigated by another site, device-code entry, another path on the host) breaks it.
 * - A page brings back the request it was shown with when it is reached again: a step page whose context
 *   is in its address, re-fetched; any page reached by Back / Forward / reload, as its content script says.
 *   An address shown with two requests (a query-less POST target) proves neither.
 * - A request proves nothing FRESH_MS after Microsoft's last step with it, nor MAX_AGE_MS after it began.
 * - Request sent inherits at most the verdict of the Approval required page just before it in this tab.
 */
import type { PageKind } from '../detect/types';
import type { Verdict } from '../guard';
import { authorizeParams, hostOf, SIGN_IN_HOST, type AuthorizeParams } from '../shared/authorize';
import { isRoxHost } from '../catalog/app';

/** How long after Microsoft's last step a recorded request still proves where a page came from. */
export const FRESH_MS = 30 * 60_000;
/** However busy the tab keeps it, a request proves nothing this long after it started. */
export const MAX_AGE_MS = 60 * 60_000;
const MAX_SEEN = 30;
const MAX_REQUESTS = 4;
const MAX_HOPS = 20;
const MICROSOFT = `https://${SIGN_IN_HOST}`;
/**
 * Microsoft's own sign-in origins that hand the tab back to the sign-in host [I]: passkeys and FIDO
 * (login.microsoft.com), certificate sign-in, and the security-info interrupt. Pages there are Microsoft's,
 * so a navigation they start is Microsoft leading, like one from the sign-in host itself.
 */
const MICROSOFT_SIGN_IN = new Set([MICROSOFT, 'https://login.microsoft.com', 'https://certauth.login.microsoftonline.com', 'https://mysignins.microsoft.com']);

export interface RecordedRequest {
  id: number;
  params: AuthorizeParams;
  at: number;
  /** The last time Microsoft led the tab on with this request. */
  lastAt?: number;
}

/** One hop of a top-level request: the URL the browser asked for (the first, or a server redirect). */
export interface Hop {
  url: string;
  /** The origin that initiated the navigation ('' when the browser did: typed, bookmark). */
  initiator: string;
  method: string;
  /** The request went through a site the extension cannot see before this hop. */
  afterUnseen?: boolean;
}

export interface TabMemory {
  requests: RecordedRequest[];
  /** The tab's current request id; null: broken (nothing proves where the next page came from). */
  current: number | null;
  /** The request a visit to a site the extension cannot see (an identity provider) interrupted. */
  suspended?: number;
  /** The browser's id of the last top-level request applied: the same id again is a redirect of it. */
  lastRequestId?: string;
  /** Hops of the request in flight: applied only once a page's response starts (a cancelled one changes nothing). */
  pending?: { requestId: string; hops: Hop[]; left?: boolean };
  /** Address key -> the request the tab showed that address with (null: more than one, or none). */
  seen: Record<string, number | null>;
  /** The last page the companion recognised in this tab, with the verdict it got. */
  last?: { kind: PageKind; at: number; request: number | null; verdict?: Verdict | null };
  upn?: string;
  justification?: string;
  /** The user clicked Connect on Rox's Integrations page in this tab (the `connect-clicked` intent). */
  connect?: { integration: string; at: number };
  /**
   * Admin center: the Permissions blade's title the top frame showed at this address (whose name it is, as
   * Rox's or not), and the application id the open request's App details showed in a frame.
   */
  admin?: {
    title?: { url: string; rox: boolean };
    pane?: { url: string; appId: string };
    /** Object id -> application id, as Enterprise applications listed them (at most 500). */
    objects?: Record<string, string>;
  };
  nextId: number;
}

export const emptyMemory = (): TabMemory => ({ requests: [], current: null, seen: {}, nextId: 1 });

/** A top-level request hop to the sign-in host or Rox, as applied to the tab's memory. */
export interface Navigation extends Hop {
  /** urlKey(url). */
  key: string;
  requestId: string;
}

/**
 * A page address's identity for the Back / Forward map: SHA-256 of the whole address without its fragment
 * (webRequest never sees one), so neither a code in it nor a crafted look-alike can stand in for it.
 */
export async function urlKey(url: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(url.replace(/#.*$/s, '')));
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

const onSignInHost = (url: URL | null): url is URL => url?.protocol === 'https:' && url.hostname === SIGN_IN_HOST;
const touch = (m: TabMemory, id: number | null, now: number): RecordedRequest[] => m.requests.map((r) => (r.id === id ? { ...r, lastAt: now } : r));

/** The tab's memory after a top-level request hop to the sign-in host or Rox whose page the tab loads. */
export function afterNavigation(m: TabMemory, nav: Navigation, now: number): TabMemory {
  const url = parse(nav.url);
  const redirect = !!m.lastRequestId && nav.requestId === m.lastRequestId && !nav.afterUnseen;
  const microsoftLed = redirect || MICROSOFT_SIGN_IN.has(nav.initiator);
  let next: TabMemory = { ...m, seen: { ...m.seen }, lastRequestId: nav.requestId, suspended: undefined };
  const authorize = url ? authorizeParams(url) : null;
  const known = nav.key in m.seen;
  if (known && onSignInHost(url) && url.search && CONTINUATION.test(url.pathname)) {
    // A step page with its own context in the address (…/reprocess?ctx=…) belongs to the request it was
    // first shown with, whoever navigates there again (Back / Forward re-fetches keep their first initiator).
    next.current = m.seen[nav.key] ?? null;
  } else if (authorize) {
    const id = m.nextId;
    next = { ...next, nextId: id + 1, current: id, requests: [...m.requests, { id, params: authorize, at: now, lastAt: now }].slice(-MAX_REQUESTS), justification: undefined };
    if (authorize.loginHint) next.upn = authorize.loginHint;
    // Another app's request, or one another site started, ends what a Connect click on Rox started.
    const fromRox = microsoftLed || isRoxHost(hostOf(nav.initiator));
    if (!isRoxHost(hostOf(authorize.redirectUri)) || !fromRox) next.connect = undefined;
  } else if (onSignInHost(url) && CONTINUATION.test(url.pathname) && microsoftLed && fresh(m, m.current, now)) {
    // Microsoft led here: the same request goes on.
    next.requests = touch(m, m.current, now);
  } else if (onSignInHost(url) && FEDERATION_RETURN.test(url.pathname) && nav.method === 'POST' && m.suspended !== undefined && !!nav.initiator) {
    // A federated sign-in comes back from the identity provider the tab just visited (a site we cannot see).
    next = { ...next, current: m.suspended, requests: touch(m, m.suspended, now) };
  } else if (url?.protocol === 'https:' && isRoxHost(url.hostname)) {
    // Rox's own pages (its callback ends the request) neither start nor break one; a redirect through
    // them is no longer Microsoft's.
    next.lastRequestId = undefined;
  } else next = { ...next, current: null, connect: undefined };
  if (url) {
    // An address shown with two different requests (a query-less POST target) proves neither; an authorize
    // address is its request (the same address, the same parameters).
    next.seen[nav.key] = known && !authorize && m.seen[nav.key] !== next.current ? null : next.current;
    const keys = Object.keys(next.seen);
    for (const k of keys.slice(0, Math.max(0, keys.length - MAX_SEEN))) delete next.seen[k];
  }
  return next;
}

/** A request hop starts (webRequest.onBeforeRequest): kept pending until its page's response starts. */
export function requestStarted(m: TabMemory, requestId: string, hop: Hop): TabMemory {
  const same = m.pending?.requestId === requestId;
  const hops = same ? [...m.pending!.hops, { ...hop, afterUnseen: !!m.pending!.left }].slice(-MAX_HOPS) : [hop];
  return { ...m, pending: { requestId, hops, ...(same && m.pending!.left ? { left: true } : {}) } };
}

/** A hop was redirected (webRequest.onBeforeRedirect) to a site the extension cannot see. */
export function requestLeft(m: TabMemory, requestId: string): TabMemory {
  return m.pending?.requestId === requestId ? { ...m, pending: { ...m.pending, left: true } } : m;
}

/** The request failed or was cancelled: nothing of it happened. */
export const requestFailed = (m: TabMemory, requestId: string): TabMemory => (m.pending?.requestId === requestId ? { ...m, pending: undefined } : m);

/** The tab loaded a page of a site the extension cannot see: its request waits, suspended (see FEDERATION_RETURN). */
export function unseenSiteLoaded(m: TabMemory): TabMemory {
  return { ...m, suspended: m.current ?? m.suspended, current: null, connect: undefined, lastRequestId: undefined };
}

/** How the page's document was reached (Navigation Timing's type, as the content script reads it). */
export type NavigationType = 'navigate' | 'reload' | 'back_forward' | 'prerender';

const historyNavigation = (type: NavigationType | undefined) => type === 'back_forward' || type === 'reload';

/**
 * A page reports how it was reached: one reached by Back, Forward or reload brings back the request it was
 * shown with (or none), whatever the tab did since; from there Microsoft's next step goes on with it.
 */
export function afterReport(m: TabMemory, key: string, type: NavigationType | undefined): TabMemory {
  return historyNavigation(type) ? { ...m, current: m.seen[key] ?? null, lastRequestId: undefined } : m;
}

/** The request that proves where a page came from: the tab's current request (see afterReport), if fresh. */
export function provenRequest(m: TabMemory, now: number): RecordedRequest | undefined {
  const request = m.current == null ? undefined : m.requests.find((r) => r.id === m.current);
  return request && isFresh(request, now) ? request : undefined;
}

const isFresh = (r: RecordedRequest, now: number) => now >= r.at && now - (r.lastAt ?? r.at) <= FRESH_MS && now - r.at <= MAX_AGE_MS;
const fresh = (m: TabMemory, id: number | null, now: number) => {
  const request = id == null ? undefined : m.requests.find((r) => r.id === id);
  return !!request && isFresh(request, now);
};

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
    update: (tabId: number, change: (m: TabMemory) => TabMemory | Promise<TabMemory>): Promise<TabMemory> =>
      serial(async () => {
        const before = await read(tabId);
        const next = await change(before);
        // Unchanged (a page reached by a plain navigation reports without changing the record): no write.
        if (next !== before) await area.set({ [key(tabId)]: next });
        return next;
      }),
    forget: (tabId: number): Promise<void> => serial(() => area.remove(key(tabId))),
  };
}

export type TabStore = ReturnType<typeof createTabStore>;
