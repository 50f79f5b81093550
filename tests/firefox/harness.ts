/**
 * Real Firefox for the e2e suite: Debian's Firefox ESR driven by puppeteer-core over WebDriver BiDi, with the
 * Firefox build ($DIST_ROOT/firefox) installed as a temporary add-on, against the same sandbox as the Chromium
 * suite (tests/sandbox).
 *
 * Host mapping: Firefox has no --host-resolver-rules, so every request goes through a local HTTP CONNECT proxy
 * that tunnels every host to the sandbox. The proxy also records every host Firefox asks for (pages, the
 * add-on's background page, Firefox's own services): the privacy check, as in the Chromium harness.
 *
 * Extension pages: BiDi refuses to navigate a tab to a moz-extension:// address, so the harness opens them the
 * way the browser does (a tab opened by the browser itself), through BiDi's chrome scope
 * (--remote-allow-system-access), and then drives them like any page: the popup is the toolbar popup's page.
 */
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect as netConnect, type AddressInfo, type Socket } from 'node:net';
import { resolve } from 'node:path';
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { SANDBOX_HOSTS, startSandbox, type Sandbox } from '../sandbox/server';
import { PASSWORD } from '../sandbox/tenant';

/** The add-on id vite.config.ts gives the Firefox build (browser_specific_settings.gecko.id). */
export const ADDON_ID = 'consent-companion@rox.com';
/** The moz-extension:// host, fixed for the test profile (pref extensions.webextensions.uuids). */
export const EXTENSION_UUID = '7f4c2a10-3b5e-4d6f-9a81-c2d3e4f5a6b7';
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;
export const POPUP = 'src/popup/index.html';
export const DIST = resolve(import.meta.dirname, '../..', process.env.DIST_ROOT || 'dist', 'firefox');

export function firefoxPath(): string {
  const candidates = [process.env.FIREFOX_PATH, '/usr/lib/firefox-esr/firefox-esr', '/usr/bin/firefox-esr'].filter(Boolean) as string[];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error('Debian Firefox ESR not found: run `apt-get install -y firefox-esr` (.ci/run does this when run as root), or set FIREFOX_PATH.');
  return found;
}

// ---- the CONNECT proxy: every host to the sandbox, every host recorded -----------------------------------

interface Proxy {
  port: number;
  /** Every host Firefox asked the proxy for (CONNECT authority or a plain-HTTP request's host). */
  hosts: Set<string>;
  /** Plain-HTTP requests (never served: answered 421), as "http://host/path". */
  plain: string[];
  close(): Promise<void>;
}

async function startProxy(sandboxPort: number): Promise<Proxy> {
  const hosts = new Set<string>();
  const plain: string[] = [];
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };
  // Plain HTTP (a proxy request with an absolute URL): recorded and refused; the sandbox serves HTTPS only.
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    try {
      const u = new URL(req.url ?? '');
      hosts.add(u.hostname);
      plain.push(`${u.protocol}//${u.host}${u.pathname}`);
    } catch {
      plain.push(String(req.url));
    }
    res.writeHead(421, { 'content-type': 'text/plain' }).end('not a sandbox host');
  });
  server.on('connection', track);
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const authority = req.url ?? '';
    hosts.add(authority.replace(/:\d+$/, '').replace(/^\[|\]$/g, '').toLowerCase());
    const upstream = netConnect(sandboxPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    hosts,
    plain,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

// ---- Firefox ----------------------------------------------------------------------------------------------

/** Raw WebDriver BiDi, for what puppeteer does not wrap (chrome scope, closed shadow roots, cookies). */
interface Bidi {
  send(method: string, params: object): Promise<{ result: Record<string, unknown> }>;
}

export interface Firefox {
  browser: Browser;
  bidi: Bidi;
  /** The add-on id installExtension reported ('' without the add-on). */
  addonId: string;
  /** Every host Firefox asked for, through the proxy. */
  hostsAsked: Set<string>;
  proxy: Proxy;
  newPage(): Promise<Page>;
  /** Opens one of the add-on's pages in a new tab (as the browser opens it) and waits until it has loaded. */
  openExtensionPage(path?: string): Promise<Page>;
  /** A tab on the add-on's popup page kept open for the harness's own calls (storage, messages). */
  control(): Promise<Page>;
  clearCookies(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Preferences for a quiet, sandboxed profile. Puppeteer's own profile defaults are applied first; these
 * route everything through the proxy and switch off what would reach the internet.
 */
function prefs(proxyPort: number, locale: string): Record<string, unknown> {
  return {
    // Every request, any scheme, through the proxy (none bypasses it: no_proxies_on empty).
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': proxyPort,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': proxyPort,
    'network.proxy.no_proxies_on': '',
    'network.proxy.socks_remote_dns': true,
    // No DNS over HTTPS, no DNS at all for proxied requests, no prefetching, no speculative connections.
    'network.trr.mode': 5,
    'network.dns.disablePrefetch': true,
    'network.prefetch-next': false,
    'network.predictor.enabled': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    // Remote settings: Puppeteer points them at http://dummy.test/, which Firefox then polls; Marionette's
    // own choice makes them a data: URL that is never fetched.
    'services.settings.server': 'data:,#remote-settings-dummy/v1',
    'browser.region.network.url': '',
    'browser.region.update.enabled': false,
    'extensions.blocklist.enabled': false,
    'extensions.getAddons.showPane': false,
    'extensions.htmlaboutaddons.recommendations.enabled': false,
    'browser.newtabpage.activity-stream.feeds.snippets': false,
    'browser.newtabpage.activity-stream.feeds.section.topstories': false,
    'browser.topsites.contile.enabled': false,
    'toolkit.telemetry.enabled': false,
    'toolkit.telemetry.server': '',
    'datareporting.usage.uploadEnabled': false,
    'app.shield.optoutstudies.enabled': false,
    'app.normandy.enabled': false,
    'media.gmp-gmpopenh264.enabled': false,
    'browser.safebrowsing.provider.mozilla.updateURL': '',
    'identity.fxaccounts.enabled': false,
    'browser.ml.enable': false,
    // The add-on's moz-extension:// host, fixed for the run.
    'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: EXTENSION_UUID }),
    'intl.accept_languages': locale,
    'intl.locale.requested': locale,
    'ui.systemUsesDarkTheme': 0,
  };
}

export async function launchFirefox(sandbox: Sandbox, options: { extension?: boolean; locale?: string; dist?: string } = {}): Promise<Firefox> {
  const dist = resolve(options.dist ?? DIST);
  if (options.extension !== false && !existsSync(resolve(dist, 'manifest.json'))) throw new Error(`No Firefox build in ${dist}: run \`BROWSER=firefox vite build\` (npm run build) first.`);
  const proxy = await startProxy(sandbox.port);
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: firefoxPath(),
      headless: true,
      acceptInsecureCerts: true,
      defaultViewport: { width: 1280, height: 860 },
      // Chrome-scope BiDi: the harness opens the add-on's pages in tabs (see openExtensionPage).
      args: ['--remote-allow-system-access'],
      env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1', MOZ_CRASHREPORTER_DISABLE: '1' },
      extraPrefsFirefox: prefs(proxy.port, options.locale ?? 'en-US'),
      protocolTimeout: 60_000,
    });
  } catch (e) {
    await proxy.close();
    throw e;
  }
  const bidi = (browser as unknown as { connection: Bidi }).connection;
  const addonId = options.extension === false ? '' : await browser.installExtension(dist);

  const pageWithContext = async (ctx: string, timeout = 10_000): Promise<Page> => {
    const end = Date.now() + timeout;
    while (Date.now() < end) {
      const found = (await browser.pages()).find((p) => contextOf(p) === ctx);
      if (found) return found;
      await poll();
    }
    throw new Error(`no page for browsing context ${ctx}`);
  };

  const openExtensionPage = async (path = POPUP): Promise<Page> => {
    const url = `${EXTENSION_ORIGIN}/${path}`;
    const { result: tree } = await bidi.send('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 });
    const chromeWindow = (tree.contexts as { context: string; url: string }[]).find((c) => c.url === 'chrome://browser/content/browser.xhtml');
    if (!chromeWindow) throw new Error('no browser window in chrome scope (is --remote-allow-system-access honoured?)');
    const before = new Set(((await bidi.send('browsingContext.getTree', { maxDepth: 0 })).result.contexts as { context: string }[]).map((c) => c.context));
    await bidi.send('script.evaluate', {
      expression: `void (gBrowser.selectedTab = gBrowser.addTab(${JSON.stringify(url)}, { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() }))`,
      target: { context: chromeWindow.context },
      awaitPromise: false,
    });
    let ctx: string | undefined;
    const end = Date.now() + 10_000;
    while (!ctx && Date.now() < end) {
      const contexts = (await bidi.send('browsingContext.getTree', { maxDepth: 0 })).result.contexts as { context: string; url: string }[];
      ctx = contexts.find((c) => !before.has(c.context) && c.url === url)?.context;
      if (!ctx) await poll();
    }
    if (!ctx) throw new Error(`the tab for ${url} did not open`);
    const page = await pageWithContext(ctx);
    // Puppeteer does not follow the tab to a moz-extension:// page (its url() stays about:blank), but its
    // evaluate runs in the tab's current document: wait until that is the add-on's page, loaded.
    await until(page, (u) => location.href === u && document.readyState === 'complete', url);
    return page;
  };

  let controlPage: Page | undefined;
  const ff: Firefox = {
    browser,
    bidi,
    addonId,
    hostsAsked: proxy.hosts,
    proxy,
    newPage: () => browser.newPage(),
    openExtensionPage,
    async control() {
      if (!controlPage || controlPage.isClosed()) controlPage = await openExtensionPage(POPUP);
      return controlPage;
    },
    async clearCookies() {
      await bidi.send('storage.deleteCookies', {});
    },
    async close() {
      try {
        await browser.close();
      } finally {
        await proxy.close();
      }
    },
  };
  if (addonId) {
    // The background page answers (its listeners are registered) before any test page loads.
    const control = await ff.control();
    const end = Date.now() + 15_000;
    while (!(await inExtension(control, (b) => b.runtime.sendMessage({ type: 'get-flows', data: {} }).then((r) => !!(r as { ok?: boolean } | undefined)?.ok)).catch(() => false))) {
      if (Date.now() > end) throw new Error('the add-on\'s background page does not answer');
      await poll();
    }
  }
  return ff;
}

/**
 * The privacy check: every host Firefox asked for that the sandbox does not serve, plus every request that
 * reached the sandbox for a host it does not serve, plus every plain-HTTP request. Should be empty.
 */
export function unexpectedHosts(ff: Firefox, sandbox: Sandbox): string[] {
  const ok = new Set<string>(SANDBOX_HOSTS);
  return [
    ...[...ff.hostsAsked].filter((h) => !ok.has(h)),
    ...ff.proxy.plain,
    ...sandbox.foreignRequests.map((r) => `${r.host}${r.path} (origin ${r.origin || '-'})`),
  ];
}

export { startSandbox, type Sandbox };

/**
 * One sandbox and one Firefox (with the add-on) per test file; each test starts from a reset tenant, no
 * cookies and empty add-on storage; after all, the privacy check must find nothing.
 */
export function useSandboxFirefox(): { readonly sandbox: Sandbox; readonly firefox: Firefox } {
  const env = {} as { sandbox: Sandbox; firefox: Firefox };
  beforeAll(async () => {
    env.sandbox = await startSandbox({ quiet: true });
    env.firefox = await launchFirefox(env.sandbox);
  });
  afterAll(async () => {
    try {
      if (env.firefox) expect(unexpectedHosts(env.firefox, env.sandbox), 'requests for hosts the sandbox does not serve').toEqual([]);
    } finally {
      await env.firefox?.close();
      await env.sandbox?.close();
    }
  });
  beforeEach(async () => {
    env.sandbox.reset();
    await env.firefox.clearCookies();
    await inExtension(await env.firefox.control(), (b) => b.storage.local.clear());
  });
  return env;
}

// ---- pages ------------------------------------------------------------------------------------------------

/** The interval of a condition wait (never a fixed sleep standing in for a condition). */
export const poll = () => new Promise((r) => setTimeout(r, 50));

/** The add-on's API inside an extension page (used only inside evaluate()). */
export interface ExtensionApi {
  runtime: { sendMessage(m: unknown): Promise<unknown>; getManifest(): Record<string, unknown>; id: string };
  storage: { local: { get(k: null | string): Promise<Record<string, unknown>>; set(v: Record<string, unknown>): Promise<void>; clear(): Promise<void> } };
  identity: { getRedirectURL(): string };
  permissions: { contains(p: { origins?: string[]; permissions?: string[] }): Promise<boolean> };
}

/**
 * Runs `fn(browser, arg)` in an extension page (the add-on's `browser` API). Sent as an expression: the
 * extension pages' CSP allows no eval, and a serialised function may not refer to anything outside itself.
 */
export function inExtension<R, A = undefined>(page: Page, fn: (browser: ExtensionApi, arg: A) => R | Promise<R>, arg?: A): Promise<R> {
  return page.evaluate(`(${fn.toString()})(globalThis.browser, ${JSON.stringify(arg ?? null)})`) as Promise<R>;
}

/** BiDi's browsing context id of a page (puppeteer keeps it as the main frame's id). */
export function contextOf(page: Page): string {
  const id = (page.mainFrame() as unknown as { _id?: unknown })._id;
  if (typeof id !== 'string' || !id) throw new Error('puppeteer no longer exposes the frame\'s browsing context id (_id)');
  return id;
}

/**
 * Waits until `fn(arg)` holds in the page, across navigations (an evaluate that fails while the page
 * changes is retried). Conditions only, no fixed sleep.
 */
export async function until<A>(page: Page, fn: (arg: A) => unknown, arg?: A, timeout = 15_000): Promise<void> {
  const end = Date.now() + timeout;
  let last: unknown;
  while (Date.now() < end) {
    try {
      if (await page.evaluate(fn as (a: unknown) => unknown, arg as unknown)) return;
    } catch (e) {
      last = e;
    }
    await poll();
  }
  throw new Error(`condition not met in ${timeout} ms: ${fn.toString().slice(0, 200)}${last ? ` (last error: ${String(last).slice(0, 200)})` : ''}`);
}

export const waitForUrl = (page: Page, test: (u: URL) => boolean, timeout = 15_000) =>
  (async () => {
    const end = Date.now() + timeout;
    while (Date.now() < end) {
      const href = await page.evaluate(() => (document.readyState === 'loading' ? '' : location.href)).catch(() => '');
      if (href && test(new URL(href))) return;
      await poll();
    }
    throw new Error(`URL condition not met: ${page.url()}`);
  })();

/** An element with exactly this text (trimmed), as Playwright's getByText(text, { exact: true }). */
export const waitForText = (page: Page, text: string, timeout = 15_000) =>
  until(page, (t) => [...document.querySelectorAll('body *')].some((e) => e.textContent?.trim() === t), text, timeout);

export async function visible(page: Page, selector: string, timeout = 15_000): Promise<ElementHandle<Element>> {
  const el = await page.waitForSelector(selector, { visible: true, timeout });
  if (!el) throw new Error(`no ${selector}`);
  return el;
}

export async function click(page: Page, selector: string): Promise<void> {
  await (await visible(page, selector)).click();
}

/** Replaces a text field's value by typing (real key events). */
export async function fill(page: Page, selector: string, value: string): Promise<void> {
  const el = await visible(page, selector);
  await el.evaluate((e) => void ((e as HTMLInputElement).value = ''));
  await el.type(value);
}

// ---- the overlay's closed shadow root, read over BiDi ----------------------------------------------------

export interface OverlayView {
  /** The overlay's text content, in order, whitespace-collapsed. */
  text: string;
  /** Elements inside the closed root: tag, attributes, text. */
  elements: { tag: string; attrs: Record<string, string>; text: string }[];
  shadowMode: string;
}

interface RemoteNode {
  type: string;
  sharedId?: string;
  value?: { shadowRoot?: RemoteNode | null; mode?: string };
}

/**
 * The extension's overlay, or null when the page has none. The page's own scripts cannot see a closed shadow
 * root; WebDriver BiDi serialises it (includeShadowTree "all") and hands it to a function in a sandbox realm.
 */
export async function readOverlay(page: Page, bidi: Bidi): Promise<OverlayView | null> {
  const context = contextOf(page);
  const target = { context, sandbox: 'rox-e2e' };
  const { result } = await bidi.send('script.evaluate', {
    expression: 'document.querySelector("rox-consent-companion")',
    target,
    awaitPromise: false,
    resultOwnership: 'none',
    serializationOptions: { includeShadowTree: 'all', maxDomDepth: 1 },
  });
  const host = (result as { result?: RemoteNode }).result;
  const shadow = host?.type === 'node' ? host.value?.shadowRoot : null;
  if (!shadow?.sharedId) return null;
  const read = await bidi.send('script.callFunction', {
    functionDeclaration: String((root: ShadowRoot) => {
      const textOf = (n: Node): string =>
        n.nodeType === 3 ? (n.nodeValue ?? '') : n.nodeName === 'STYLE' || n.nodeName === 'SCRIPT' ? '' : [...n.childNodes].map(textOf).join(' ');
      const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
      const elements = [...root.querySelectorAll('*')]
        .filter((e) => e.nodeName !== 'STYLE')
        .map((e) => ({ tag: e.localName, attrs: Object.fromEntries([...e.attributes].map((a) => [a.name, a.value])), text: squash(textOf(e)) }));
      return JSON.stringify({ text: squash(textOf(root)), elements });
    }),
    arguments: [{ sharedId: shadow.sharedId }],
    target,
    awaitPromise: false,
    resultOwnership: 'none',
  });
  const value = (read.result as { result?: { value?: string } }).result?.value;
  if (typeof value !== 'string') return null;
  return { ...(JSON.parse(value) as Omit<OverlayView, 'shadowMode'>), shadowMode: shadow.value?.mode ?? '' };
}

/** Waits until the overlay exists and `predicate` holds for it. */
export async function waitForOverlay(page: Page, bidi: Bidi, predicate: (o: OverlayView) => boolean = () => true, timeout = 10_000): Promise<OverlayView> {
  const end = Date.now() + timeout;
  let last: OverlayView | null = null;
  while (Date.now() < end) {
    last = await readOverlay(page, bidi).catch(() => null);
    if (last && predicate(last)) return last;
    await poll();
  }
  throw new Error(`overlay condition not met; overlay text: ${last?.text ?? '(none)'}`);
}

// ---- the seed guide's journey (the Chromium suite's tests/e2e/journey.ts, in puppeteer's terms) ---------------

export const ROX = 'https://app.rox.com';

export async function openIntegrations(page: Page): Promise<void> {
  await page.goto(`${ROX}/integrations`);
  await visible(page, '[data-integration="outlook-calendar"]');
}

/** Step 1: Connect on the tile, review the scopes, Connect again: lands on Microsoft. */
export async function connect(page: Page, integration = 'outlook-calendar'): Promise<void> {
  await click(page, `[data-integration="${integration}"] a.connect`);
  await click(page, 'button.connect');
  await waitForUrl(page, (u) => u.hostname === 'login.microsoftonline.com' || u.pathname.endsWith('/callback'));
}

/** E-mail, Next, password, Sign in: Microsoft's known ids #i0116, #idSIButton9, #i0118. */
export async function signIn(page: Page, upn: string): Promise<void> {
  await fill(page, '#i0116', upn);
  await click(page, '#idSIButton9');
  await fill(page, '#i0118', PASSWORD);
  await click(page, '#idSIButton9');
  await waitForUrl(page, (u) => u.pathname !== '/common/login');
}

/** Steps 1 and 2 as the user does them: Connect in Rox, sign in, up to Microsoft's Approval required page. */
export async function toApprovalRequired(page: Page, integration = 'outlook-calendar', upn = 'megan@fabrikam.com'): Promise<void> {
  await openIntegrations(page);
  await connect(page, integration);
  await signIn(page, upn);
  await waitForText(page, 'Approval required');
}

/** Step 2: the user clicks Request approval themselves. */
export async function requestApproval(page: Page): Promise<void> {
  await click(page, 'input[type=submit][value="Request approval"]');
  await waitForText(page, 'Request sent');
}

export const justification = (page: Page) => page.$eval('textarea', (t) => (t as HTMLTextAreaElement).value);
