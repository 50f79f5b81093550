/**
 * Shared e2e fixtures: the sandbox, Debian's Chromium with the built extension loaded, the extension's id
 * and service worker, closed-shadow-root reading through CDP, and the privacy record.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Frame, type Page, type Worker } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { SANDBOX_HOSTS, startSandbox, type ForeignRequest, type Sandbox } from '../sandbox/server';

/** The id the manifest's `key` gives the extension on every machine. */
export const EXTENSION_ID = 'cnkmldlicjhaomlcbgbgijgehokplhpk';
export const DIST = resolve(import.meta.dirname, '../..', process.env.DIST_ROOT || 'dist', 'chrome');

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium'].filter(Boolean) as string[];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error('Debian Chromium not found: run `apt-get install -y chromium` (npm test does this when run as root).');
  return found;
}

export interface Browser {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  /** Every host a page, frame or worker asked for. */
  hostsAsked: Set<string>;
  close(): Promise<void>;
}

export async function launchBrowser(
  sandbox: Sandbox,
  options: { locale?: string; colorScheme?: 'light' | 'dark'; headless?: boolean; extension?: boolean; dist?: string; reducedMotion?: boolean } = {},
): Promise<Browser> {
  const dist = resolve(options.dist ?? DIST);
  if (options.extension !== false && !existsSync(join(dist, 'manifest.json'))) throw new Error(`No build in ${dist}: run npm run build first.`);
  const userDataDir = mkdtempSync(join(tmpdir(), 'rox-e2e-'));
  const locale = options.locale ?? 'en-US';
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: options.headless ?? true,
    ignoreHTTPSErrors: true,
    locale,
    colorScheme: options.colorScheme ?? 'light',
    reducedMotion: options.reducedMotion ? 'reduce' : 'no-preference',
    viewport: { width: 1280, height: 860 },
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      ...(options.extension === false ? [] : [`--disable-extensions-except=${dist}`, `--load-extension=${dist}`]),
      `--host-resolver-rules=${sandbox.hostResolverRules}`,
      '--ignore-certificate-errors',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-domain-reliability',
      '--disable-features=OptimizationHints,MediaRouter,Translate,AutofillServerCommunication',
      `--lang=${locale}`,
    ],
  });
  const hostsAsked = new Set<string>();
  context.on('request', (r) => {
    const u = new URL(r.url());
    if (u.protocol === 'https:' || u.protocol === 'http:' || u.protocol === 'wss:' || u.protocol === 'ws:') hostsAsked.add(u.hostname);
  });
  let worker: Worker | undefined;
  if (options.extension !== false) {
    worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
    // The worker's script has run its first turn (its listeners are registered) before any page loads: a
    // fresh profile has no remembered listeners to wake it for the first navigation.
    await worker.evaluate(() => true);
  }
  const extensionId = worker ? new URL(worker.url()).host : '';
  return {
    context,
    worker: worker!,
    extensionId,
    hostsAsked,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Chromium's OWN background requests, made by a fresh profile with or without any extension (the test
 * "Chromium alone" proves it for the first two): account listing (Origin: https://www.google.com), the updater
 * and the spell-checker's dictionary download. The sandbox
 * answers them 421, so they never leave the machine either.
 */
export const CHROMIUM_OWN: readonly { host: string; path: string; origin: string }[] = [
  { host: 'accounts.google.com', path: '/ListAccounts', origin: 'https://www.google.com' },
  { host: 'update.googleapis.com', path: '/service/update2/json', origin: '' },
  // The spell-checker's dictionary, fetched when a text box first gets focus (any page with a textarea).
  { host: 'redirector.gvt1.com', path: '/edgedl/chrome/dict/', origin: '' },
];

const chromiumOwn = (r: ForeignRequest) =>
  (!r.referer && CHROMIUM_OWN.some((c) => c.host === r.host && (c.path.endsWith('/') ? r.path.startsWith(c.path) : c.path === r.path) && c.origin === r.origin)) ||
  identityRedirect(r);

/**
 * identity.launchWebAuthFlow: Chromium loads the extension's redirect URL (`https://<id>.chromiumapp.org/`)
 * as the flow ends, before it closes the flow. Microsoft's answer rides in the FRAGMENT (MSAL's
 * response_mode), which a request never carries: allowed only as a bare GET of `/` with no query.
 */
const identityRedirect = (r: ForeignRequest) => r.host === `${EXTENSION_ID}.chromiumapp.org` && r.method === 'GET' && r.path === '/' && r.query === '' && !r.origin && !r.referer;

/**
 * The privacy check: every host a page, frame or worker asked for, and every request that reached the
 * sandbox for a host it does not serve, except Chromium's own background requests. Should be empty.
 */
export function unexpectedHosts(b: Browser, sandbox: Sandbox): string[] {
  const ok = new Set<string>([...SANDBOX_HOSTS, `${EXTENSION_ID}.chromiumapp.org`]);
  const foreign = sandbox.foreignRequests.filter((r) => !chromiumOwn(r)).map((r) => `${r.host}${r.path} (origin ${r.origin || '-'})`);
  return [...[...b.hostsAsked].filter((h) => !ok.has(h)), ...foreign];
}


export { startSandbox, type Sandbox };

/**
 * One sandbox and one user browser (with the extension) for a test file; each test starts from a reset
 * tenant, no cookies and empty extension storage; after all, the privacy check must find nothing.
 */
export function useSandboxBrowser(): { readonly sandbox: Sandbox; readonly user: Browser } {
  const env = {} as { sandbox: Sandbox; user: Browser };
  beforeAll(async () => {
    env.sandbox = await startSandbox({ quiet: true });
    env.user = await launchBrowser(env.sandbox);
  });
  afterAll(async () => {
    try {
      if (env.user) expect(unexpectedHosts(env.user, env.sandbox), 'requests for hosts the sandbox does not serve').toEqual([]);
    } finally {
      await env.user?.close();
      await env.sandbox?.close();
    }
  });
  beforeEach(async () => {
    env.sandbox.reset();
    await env.user.context.clearCookies();
    await env.user.worker.evaluate(() => chrome.storage.local.clear());
  });
  return env;
}

/** The interval of a condition wait (never a fixed sleep standing in for a condition). */
export const poll = () => new Promise((r) => setTimeout(r, 50));

// ---- closed shadow root, read through CDP -------------------------------------------------------------

interface CdpNode {
  nodeId: number;
  backendNodeId: number;
  nodeType: number;
  nodeName: string;
  nodeValue: string;
  attributes?: string[];
  children?: CdpNode[];
  shadowRoots?: CdpNode[];
  contentDocument?: CdpNode;
}

export interface OverlayView {
  /** The overlay's text content, in order, whitespace-collapsed. */
  text: string;
  /** Elements inside the closed root: tag, attributes, text, and a handle for clicking. */
  elements: { tag: string; attrs: Record<string, string>; text: string; backendNodeId: number }[];
  shadowMode: string;
}

const sessions = new WeakMap<Page | Frame, CDPSession>();
/** A CDP session for a page, or for a cross-origin frame (its own process: a React view's frame). */
async function cdp(target: Page | Frame): Promise<CDPSession> {
  let s = sessions.get(target);
  if (!s) {
    s = await ('context' in target ? target.context() : target.page().context()).newCDPSession(target);
    sessions.set(target, s);
  }
  return s;
}

function textOf(n: CdpNode): string {
  if (n.nodeType === 3) return n.nodeValue;
  if (n.nodeName === 'STYLE' || n.nodeName === 'SCRIPT') return '';
  return [...(n.shadowRoots ?? []), ...(n.children ?? [])].map(textOf).join(' ');
}

/** The extension's overlay, or null when the page has none. Reads the CLOSED shadow root via CDP. */
export async function readOverlay(page: Page | Frame): Promise<OverlayView | null> {
  const session = await cdp(page);
  const { root } = (await session.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
  const find = (n: CdpNode): CdpNode | undefined => {
    if (n.nodeName === 'ROX-CONSENT-COMPANION') return n;
    for (const c of n.children ?? []) {
      const f = find(c);
      if (f) return f;
    }
    return undefined;
  };
  const host = find(root);
  const shadow = host?.shadowRoots?.[0];
  if (!host || !shadow) return null;
  const elements: OverlayView['elements'] = [];
  const walk = (n: CdpNode) => {
    if (n.nodeType === 1 && n.nodeName !== 'STYLE') {
      const attrs: Record<string, string> = {};
      for (let i = 0; i + 1 < (n.attributes ?? []).length; i += 2) attrs[n.attributes![i]!] = n.attributes![i + 1]!;
      elements.push({ tag: n.nodeName.toLowerCase(), attrs, text: textOf(n).replace(/\s+/g, ' ').trim(), backendNodeId: n.backendNodeId });
    }
    (n.children ?? []).forEach(walk);
  };
  walk(shadow);
  return { text: textOf(shadow).replace(/\s+/g, ' ').trim(), elements, shadowMode: (shadow as CdpNode & { shadowRootType?: string }).shadowRootType ?? '' };
}

/** Waits until the overlay exists and `predicate` holds for it. */
export async function waitForOverlay(page: Page | Frame, predicate: (o: OverlayView) => boolean = () => true, timeout = 10_000): Promise<OverlayView> {
  const end = Date.now() + timeout;
  let last: OverlayView | null = null;
  while (Date.now() < end) {
    last = await readOverlay(page).catch(() => null);
    if (last && predicate(last)) return last;
    await poll();
  }
  throw new Error(`overlay condition not met; overlay text: ${last?.text ?? '(none)'}`);
}

/** A computed style of an element inside the closed root (CDP's CSS domain sees through it). */
export async function computedStyle(page: Page, backendNodeId: number, property: string): Promise<string> {
  const session = await cdp(page);
  await session.send('DOM.getDocument', { depth: 0 });
  await session.send('CSS.enable');
  const { nodeIds } = (await session.send('DOM.pushNodesByBackendIdsToFrontend', { backendNodeIds: [backendNodeId] })) as { nodeIds: number[] };
  const { computedStyle } = (await session.send('CSS.getComputedStyleForNode', { nodeId: nodeIds[0]! })) as { computedStyle: { name: string; value: string }[] };
  return computedStyle.find((c) => c.name === property)?.value ?? '';
}

// ---- a settled page: for negative checks, instead of a fixed wait ------------------------------------------

/**
 * Records in the service worker every message a page sends it (sender URL and message type), so a test can
 * tell when a page has stopped talking to the worker. Idempotent; call again after a worker restart.
 */
export async function recordMessages(worker: Worker): Promise<void> {
  await worker.evaluate(() => {
    const g = globalThis as unknown as { __testMessages?: { url: string; type: string }[]; chrome: { runtime: { onMessage: { addListener(f: (m: unknown, s: { url?: string }) => void): void } } } };
    if (g.__testMessages) return;
    const log: { url: string; type: string }[] = (g.__testMessages = []);
    // Returns nothing: the extension's own listener still answers.
    g.chrome.runtime.onMessage.addListener((m, s) => void log.push({ url: s.url ?? '', type: String((m as { type?: unknown } | null)?.type ?? '') }));
  });
}

/**
 * The messages the worker received from `url` (see recordMessages). Throws when the record is gone (never
 * installed, or the worker restarted), so a negative check can never pass on an empty record.
 */
export async function messagesFrom(worker: Worker, url: string): Promise<{ url: string; type: string }[]> {
  const found = await worker.evaluate((u) => (globalThis as unknown as { __testMessages?: { url: string; type: string }[] }).__testMessages?.filter((m) => m.url === u) ?? null, url);
  if (!found) throw new Error('no message record in the worker: call recordMessages (again, after a worker restart)');
  return found;
}

/**
 * Waits until a page has rendered (a sandbox sign-in page: its late-render script set
 * `window.__sandboxRendered`; any other page: loaded with no template waiting), the
 * content script has had its detection frames, and the page has stopped sending the worker messages: the
 * count of messages from this page is unchanged over three rounds of (two animation frames + a worker
 * round trip). Needs recordMessages. Conditions only, no fixed sleep.
 */
export async function waitForSettled(page: Page, worker: Worker, timeout = 15_000): Promise<void> {
  // Rendered: the sandbox's late render has run (or the page has none: loaded, and no template waiting).
  await page.waitForFunction(
    () => (window as unknown as { __sandboxRendered?: boolean }).__sandboxRendered === true || (document.readyState === 'complete' && !document.querySelector('template#page-body')),
    null,
    { timeout },
  );
  const frames = () => page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
  const end = Date.now() + timeout;
  let last = -1;
  let stable = 0;
  while (Date.now() < end) {
    await frames();
    const n = (await messagesFrom(worker, page.url())).length;
    stable = n === last ? stable + 1 : 0;
    last = n;
    if (stable >= 3) return;
  }
  throw new Error(`page did not settle: ${page.url()}`);
}
