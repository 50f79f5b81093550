/**
 * What each tab's navigation says about where its Microsoft pages came from: the provenance of "this page
 * is Rox's". Pure rules first, then a small store (storage.session: memory only, gone when the browser
 * closes; dropped when the tab closes).
 *
 * Rules (issue 6):
 * - A tab's authorize request is remembered when the tab navigates to it, and it stays the tab's current
 *   request only while the tab continues on Microsoft's own continuation pages (sign-in, /reprocess,
 *   /kmsi, consent posts) or returns to Rox. Another authorize request, a device-code page, any other
 *   sign-in host path, another site we can see, or one we cannot see (no URL: a foreign site) breaks it.
 * - Each page URL is tied to the request current when the tab first reached it, so Back / Forward to a
 *   page restores that page's own request, not the last one the tab made.
 * - A request proves nothing after FRESH_MS.
 * - Request sent inherits at most the verdict of the Approval required page just before it in this tab.
 * URLs are kept only as short hashes (a Rox callback URL carries a code, which is never stored).
 */
import type { PageKind } from '../detect/types';
import type { Verdict } from '../guard';
import { authorizeParams, hostOf, SIGN_IN_HOST, type AuthorizeParams } from '../shared/authorize';
import { isRoxHost } from '../catalog/app';

/** How long a recorded authorize request proves where a page came from. */
export const FRESH_MS = 15 * 60_000;
const MAX_SEEN = 30;
const MAX_REQUESTS = 4;

export interface RecordedRequest {
  id: number;
  params: AuthorizeParams;
  at: number;
}

export interface TabMemory {
  requests: RecordedRequest[];
  /** The tab's current request id; null: broken (nothing proves where the next page came from). */
  current: number | null;
  /** URL hash -> the request current when the tab first reached that URL (null: none). */
  seen: Record<string, number | null>;
  /** The last page the companion recognised in this tab, with the verdict it got. */
  last?: { kind: PageKind; at: number; url: string; request: number | null; verdict?: Verdict | null };
  upn?: string;
  justification?: string;
  /** The user clicked Connect on Rox's Integrations page in this tab (the `connect-clicked` intent). */
  connect?: { integration: string; at: number };
  nextId: number;
}

export const emptyMemory = (): TabMemory => ({ requests: [], current: null, seen: {}, nextId: 1 });

/** FNV-1a: a URL's identity without keeping the URL (or any code in it). */
export function urlHash(url: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < url.length; i++) h = Math.imul(h ^ url.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36) + url.length.toString(36);
}

/** Microsoft pages that continue the tab's current request rather than start or leave one. */
const CONTINUATION = /^\/(?:[^/]{1,255}\/)?(?:reprocess|login|kmsi|appverify|consent\/[\w.-]{1,64}|sas\/[\w.-]{1,64}|oauth2\/(?:v2\.0\/)?authorize\/?resume)$/i;

function parse(href: string | undefined): URL | null {
  if (!href) return null;
  try {
    return new URL(href);
  } catch {
    return null;
  }
}

/** The tab's memory after it navigated to `href` (undefined: a site whose URL the extension cannot see). */
export function afterNavigation(m: TabMemory, href: string | undefined, now: number): TabMemory {
  const url = parse(href);
  const key = url ? urlHash(url.href) : '';
  if (url && key in m.seen) return { ...m, current: m.seen[key] ?? null }; // Back, Forward, reload, or a report for a known page.
  let next: TabMemory = { ...m, seen: { ...m.seen } };
  const authorize = url ? authorizeParams(url) : null;
  if (authorize) {
    const id = m.nextId;
    next = { ...next, nextId: id + 1, current: id, requests: [...m.requests, { id, params: authorize, at: now }].slice(-MAX_REQUESTS), justification: undefined };
    if (authorize.loginHint) next.upn = authorize.loginHint;
    // Another app's request ends what a Connect click on Rox started.
    if (!isRoxHost(hostOf(authorize.redirectUri))) next.connect = undefined;
  } else if (url?.protocol === 'https:' && (isRoxHost(url.hostname) || (url.hostname === SIGN_IN_HOST && CONTINUATION.test(url.pathname)))) {
    // Continues (or, at Rox's callback, ends) the current request.
  } else next = { ...next, current: null, connect: undefined };
  if (url) {
    next.seen[key] = next.current;
    const keys = Object.keys(next.seen);
    for (const k of keys.slice(0, Math.max(0, keys.length - MAX_SEEN))) delete next.seen[k];
  }
  return next;
}

/** The request that proves where the page at `href` came from: tied to that page, fresh. */
export function provenRequest(m: TabMemory, href: string, now: number): RecordedRequest | undefined {
  const url = parse(href);
  const id = url ? m.seen[urlHash(url.href)] : undefined;
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
