/**
 * Issue 7 in the sandbox: after "Request sent" the extension finds out by itself when the admin approved
 * (a silent authorize request, never redeemed), tells the user, and takes them back to Rox to connect.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SANDBOX_ROX_CLIENT_ID } from '../../src/catalog';
import { EXTENSION_ID, useSandboxBrowser, waitForOverlay } from './harness';
import { MicrosoftSignIn, RoxApp, toApprovalRequired } from './journey';

const env = useSandboxBrowser();
const REDIRECT = `https://${EXTENSION_ID}.chromiumapp.org/`;
const CALENDAR = ['Calendars.Read', 'Calendars.ReadWrite', 'User.Read'];

interface StoredFlow {
  key: string;
  state: string;
  account: string;
  lastProbe?: { result: string };
  minimised?: boolean;
}

async function flows(): Promise<StoredFlow[]> {
  const all = (await env.user.worker.evaluate(() => chrome.storage.local.get(null))) as Record<string, { flows?: Record<string, StoredFlow> }>;
  return Object.values(all['rox-consent-companion']?.flows ?? {});
}

/** Steps 1-3 as the user does them: Connect in Rox, sign in, Request approval. */
async function requestApproval(page: Page) {
  const approval = await toApprovalRequired(page);
  await waitForOverlay(page, (o) => o.text.includes('Justification'));
  await approval.requestApproval();
  await expect.poll(async () => (await flows())[0]?.state).toBe('requested');
  return (await flows())[0]!;
}

/** The toolbar popup, opened as a page of the extension (what the toolbar button shows). */
async function openPopup(): Promise<Page> {
  const popup = await env.user.context.newPage();
  await popup.goto(`chrome-extension://${EXTENSION_ID}/src/popup/index.html`);
  return popup;
}

const checkNow = (popup: Page, key: string, interactive = false) =>
  popup.evaluate(([k, i]) => chrome.runtime.sendMessage({ type: 'check-now', data: { key: k, interactive: i } }), [key, interactive] as const) as Promise<{ ok: boolean; value?: { result: string } }>;

describe('the approval check', () => {
  it('the whole journey: waiting, the admin grants, a background check finds it, notification and badge, back to Rox, connected', async () => {
    const page = await env.user.context.newPage();
    const flow = await requestApproval(page);
    const popup = await openPopup();
    expect(await checkNow(popup, flow.key)).toMatchObject({ ok: true, value: { result: 'pending' } });
    await expect.poll(async () => (await flows())[0]?.lastProbe?.result).toBe('pending');

    // The admin grants (the sandbox's Entra state); a background check (short test period) finds it.
    env.sandbox.tenant.grant(SANDBOX_ROX_CLIENT_ID, CALENDAR, 'adele@fabrikam.com');
    await env.user.worker.evaluate(() => chrome.storage.local.set({ 'test:checkPeriodMinutes': 0.02 }));
    await expect.poll(async () => (await flows())[0]?.state, { timeout: 45_000 }).toBe('approved');
    const notifications = await env.user.worker.evaluate(() => (globalThis as unknown as { chrome: { notifications: { getAll(): Promise<Record<string, unknown>> } } }).chrome.notifications.getAll());
    expect(Object.keys(notifications)).toEqual([`approved|${flow.key}`]);
    await expect.poll(() => env.user.worker.evaluate(() => (globalThis as unknown as { chrome: { action: { getBadgeText(d: object): Promise<string> } } }).chrome.action.getBadgeText({}))).toBe('1');

    // The check was silent, for Rox, for the requester, and nothing was redeemed.
    const silent = env.sandbox.login.silentRequests;
    expect(silent.length).toBeGreaterThanOrEqual(2);
    // The answer comes back in the fragment, which no request to the redirect host ever carries.
    for (const r of silent) expect(r).toMatchObject({ clientId: SANDBOX_ROX_CLIENT_ID, loginHint: 'megan@fabrikam.com', responseMode: 'fragment' });
    expect(silent.at(-1)?.answer).toBe('code');
    expect(env.sandbox.login.tokenRequests.filter((t) => t.redirectUri === REDIRECT)).toEqual([]);
    expect(env.sandbox.log.filter((l) => l.includes('prompt=none') || l.includes('/oauth2/v2.0/authorize')).length).toBeGreaterThan(0);

    // Return to Rox: the open Rox tab comes to the front; Connect again, no Microsoft prompt, connected.
    // No Rox tab is open (the user's tab shows Microsoft's Request sent): Rox opens where the flow started.
    const opened = env.user.context.waitForEvent('page', (p) => p.url().startsWith('https://app.rox.com/'));
    await popup.evaluate((k) => chrome.runtime.sendMessage({ type: 'return-to-rox', data: { key: k } }), flow.key);
    const roxPage = await opened;
    await page.close();
    const rox = new RoxApp(roxPage);
    await roxPage.locator('[data-integration="outlook-calendar"]').waitFor();
    await waitForOverlay(roxPage, (o) => o.text.includes('Your admin approved Rox'));
    await rox.connect('outlook-calendar');
    expect(new URL(roxPage.url()).hostname).toBe('app.rox.com');
    expect(await rox.connectedHeading()).toBe('Outlook Calendar is connected');
    await expect.poll(async () => (await flows())[0]?.state).toBe('connected');
    await popup.close();
    await roxPage.close();
  });
});

describe('when the check cannot tell', () => {
  it('sign-in needed: without a Microsoft session the check says so, and the user\'s own sign-in fixes it', async () => {
    const page = await env.user.context.newPage();
    const flow = await requestApproval(page);
    await page.close();
    env.sandbox.tenant.grant(SANDBOX_ROX_CLIENT_ID, CALENDAR, 'adele@fabrikam.com');
    await env.user.context.clearCookies(); // the Microsoft session is gone
    const popup = await openPopup();
    expect(await checkNow(popup, flow.key)).toMatchObject({ ok: true, value: { result: 'sign-in-needed' } });
    expect((await flows())[0]).toMatchObject({ state: 'requested', lastProbe: { result: 'sign-in-needed' } });
    expect(env.sandbox.login.silentRequests.at(-1)?.answer).toBe('login_required');

    // "Sign in to check automatically": Microsoft's sign-in in the browser's own window, then the answer.
    const signInWindow = env.user.context.waitForEvent('page', (p) => p.url().includes('login.microsoftonline.com'));
    const answer = checkNow(popup, flow.key, true);
    await new MicrosoftSignIn(await signInWindow).signIn('megan@fabrikam.com');
    expect(await answer).toMatchObject({ ok: true, value: { result: 'approved' } });
    expect((await flows())[0]?.state).toBe('approved');
    expect(env.sandbox.login.tokenRequests.filter((t) => t.redirectUri === REDIRECT)).toEqual([]);
    await popup.close();
  });

  it('Microsoft slow (no answer in 30 s): nothing lost, "could not check", and the next check backs off', async () => {
    const page = await env.user.context.newPage();
    const flow = await requestApproval(page);
    await page.close();
    env.sandbox.login.silentDelayMs = 32_000;
    const popup = await openPopup();
    expect(await checkNow(popup, flow.key)).toMatchObject({ ok: true, value: { result: 'network-error' } });
    const after = (await flows())[0] as StoredFlow & { probeFailures?: number; justification?: string };
    expect(after).toMatchObject({ state: 'requested', lastProbe: { result: 'network-error' }, probeFailures: 1 });
    // Microsoft answers again: the next check works and the failure count resets.
    env.sandbox.login.silentDelayMs = 0;
    expect(await checkNow(popup, flow.key)).toMatchObject({ ok: true, value: { result: 'pending' } });
    expect((await flows())[0]).toMatchObject({ state: 'requested', probeFailures: 0 });
    await popup.close();
  }, 90_000);

  it('Microsoft unreachable (connection dropped): "could not check", nothing lost', async () => {
    const page = await env.user.context.newPage();
    const flow = await requestApproval(page);
    await page.close();
    env.sandbox.login.silentDrop = true;
    const popup = await openPopup();
    expect(await checkNow(popup, flow.key)).toMatchObject({ ok: true, value: { result: 'network-error' } });
    expect((await flows())[0]).toMatchObject({ state: 'requested', lastProbe: { result: 'network-error' } });
    await popup.close();
  });

  it('the service worker stopped in the middle of a check: the flow is intact and the alarms are back', async () => {
    const page = await env.user.context.newPage();
    const flow = await requestApproval(page);
    await page.close();
    env.sandbox.login.silentDelayMs = 3_000;
    const popup = await openPopup();
    const during = checkNow(popup, flow.key).catch(() => null);
    await expect.poll(() => env.sandbox.login.silentRequests.length).toBeGreaterThan(0);
    const cdp = await env.user.context.newCDPSession(popup);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await during;
    env.sandbox.login.silentDelayMs = 0;
    // A message wakes the worker again; its state is in storage.
    await expect.poll(async () => ((await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'get-flows', data: {} }))) as { value?: { flows: StoredFlow[] } }).value?.flows[0]?.state).toBe('requested');
    const alarms = (await popup.evaluate(() => (globalThis as unknown as { chrome: { alarms: { getAll(): Promise<{ name: string }[]> } } }).chrome.alarms.getAll())).map((a) => a.name).sort();
    expect(alarms).toEqual(['approval-check', 'flow-expiry']);
    expect(await checkNow(popup, flow.key)).toMatchObject({ ok: true, value: { result: 'pending' } });
    await popup.close();
  });

  it('expiry: a request older than the tenant\'s expiry becomes expired', async () => {
    const page = await env.user.context.newPage();
    await requestApproval(page);
    await page.close();
    // 31 days ago, and the expiry tick now.
    await env.user.worker.evaluate(async () => {
      const all = await chrome.storage.local.get(null);
      const s = all['rox-consent-companion'] as { flows: Record<string, { requestedAt: number; updatedAt: number }> };
      for (const f of Object.values(s.flows)) Object.assign(f, { requestedAt: Date.now() - 31 * 86_400_000, updatedAt: Date.now() - 31 * 86_400_000 });
      await chrome.storage.local.set({ 'rox-consent-companion': s });
      (globalThis as unknown as { chrome: { alarms: { create(n: string, o: object): void } } }).chrome.alarms.create('flow-expiry', { when: Date.now(), periodInMinutes: 60 });
    });
    await expect.poll(async () => (await flows())[0]?.state, { timeout: 20_000 }).toBe('expired');
  });
});

describe('Connect again, whatever the panel is doing', () => {
  it('with the panel minimised (no step mounted), the Connect click still counts: the callback marks the flow connected', async () => {
    const page = await env.user.context.newPage();
    const approval = await toApprovalRequired(page);
    await waitForOverlay(page, (o) => o.text.includes('Justification'));
    // Minimise the panel for this flow, by keyboard: Tab into it, past "Move to the other side", Enter on Minimise.
    for (let i = 0; i < 30 && (await page.evaluate(() => document.activeElement?.tagName)) !== 'ROX-CONSENT-COMPANION'; i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await waitForOverlay(page, (v) => v.elements.some((e) => e.attrs.class?.startsWith('pill')));
    await approval.requestApproval();
    await expect.poll(async () => (await flows())[0]).toMatchObject({ state: 'requested', minimised: true });
    env.sandbox.tenant.grant(SANDBOX_ROX_CLIENT_ID, CALENDAR, 'adele@fabrikam.com');
    const popup = await openPopup();
    expect(await checkNow(popup, (await flows())[0]!.key)).toMatchObject({ ok: true, value: { result: 'approved' } });
    const rox = new RoxApp(page);
    await rox.openIntegrations();
    // The Integrations panel is only a pill for this flow: no step is mounted, so nothing of the panel listens.
    const pill = await waitForOverlay(page, (v) => v.elements.some((e) => e.attrs.class?.startsWith('pill')));
    expect(pill.text).not.toContain('Click Connect on Outlook Calendar again');
    await rox.connect('outlook-calendar');
    expect(await rox.connectedHeading()).toBe('Outlook Calendar is connected');
    await expect.poll(async () => (await flows())[0]?.state).toBe('connected');
    await popup.close();
    await page.close();
  });
});

describe('what the extension keeps', () => {
  it('after the whole journey, no storage area of the extension holds a token, code or password', async () => {
    const page = await env.user.context.newPage();
    const flow = await requestApproval(page);
    env.sandbox.tenant.grant(SANDBOX_ROX_CLIENT_ID, CALENDAR, 'adele@fabrikam.com');
    const popup = await openPopup();
    expect(await checkNow(popup, flow.key)).toMatchObject({ ok: true, value: { result: 'approved' } });
    const rox = new RoxApp(page);
    await rox.openIntegrations();
    await rox.connect('outlook-calendar');
    await expect.poll(async () => (await flows())[0]?.state).toBe('connected');
    const dump = await popup.evaluate(async () => {
      const c = (globalThis as unknown as { chrome: Record<string, { get?(k: null): Promise<unknown> } & Record<string, { get(k: null): Promise<unknown> }>> }).chrome;
      const storage = c.storage as unknown as Record<'local' | 'session' | 'sync', { get(k: null): Promise<unknown> }>;
      const dbs = await indexedDB.databases();
      return JSON.stringify({
        local: await storage.local.get(null),
        session: await storage.session.get(null),
        sync: await storage.sync.get(null),
        localStorage: { ...localStorage },
        sessionStorage: { ...sessionStorage },
        indexedDB: dbs.map((d) => d.name),
      });
    });
    expect(dump).not.toMatch(/eyJ[\w-]{10,}|access_token|refresh_token|id_token|"code"|code=|demo-password|client_secret/i);
    expect(JSON.parse(dump).indexedDB).toEqual([]);
    // The worker's own view too (the popup page shares the extension origin's storage).
    const workerSide = await env.user.worker.evaluate(async () => JSON.stringify(await chrome.storage.local.get(null)));
    expect(workerSide).not.toMatch(/eyJ[\w-]{10,}|access_token|refresh_token|id_token|demo-password/i);
    await popup.close();
    await page.close();
  });
});

describe('the popup', () => {
  it('"Check now" from the popup; once approved, "Return to Rox and click Connect" leads to the right tile, even without data-* hooks', async () => {
    const page = await env.user.context.newPage();
    await requestApproval(page);
    await page.close();
    env.sandbox.rox.hooks = false;
    const popup = await openPopup();
    await popup.getByRole('button', { name: 'Check now' }).click();
    await popup.getByText('Not approved yet.').first().waitFor();
    env.sandbox.tenant.grant(SANDBOX_ROX_CLIENT_ID, CALENDAR, 'adele@fabrikam.com');
    await popup.getByRole('button', { name: 'Check now' }).click();
    const back = popup.getByRole('button', { name: 'Return to Rox and click Connect' });
    await back.waitFor();
    expect((await flows())[0]?.state).toBe('approved');
    const opened = env.user.context.waitForEvent('page', (p) => p.url().startsWith('https://app.rox.com/'));
    await back.click();
    const rox = await opened;
    // Rox's tiles carry no hooks here: the tile is found by its name and its Connect button, and outlined.
    const o = await waitForOverlay(rox, (v) => v.text.includes('Your admin approved Rox') && v.elements.some((e) => e.attrs.class === 'hl'));
    expect(o.text).toContain('Click Connect on Outlook Calendar again');
    await rox.locator('section.tile', { hasText: 'Outlook Calendar' }).locator('a.connect').click();
    await rox.locator('button.connect').click();
    await rox.waitForURL((u) => u.pathname.endsWith('/callback'));
    await expect.poll(async () => (await flows())[0]?.state).toBe('connected');
    // The popup closed itself on "Return to Rox"; opened again, it says the flow is connected.
    expect(popup.isClosed()).toBe(true);
    const again = await openPopup();
    await again.locator('[aria-current="step"]', { hasText: 'Connected' }).waitFor();
    await rox.close();
    await again.close();
  });

  it('the admin denies: Microsoft still answers "not approved", and the popup offers the way forward', async () => {
    const page = await env.user.context.newPage();
    await requestApproval(page);
    await page.close();
    const request = env.sandbox.tenant.requests[0]!;
    env.sandbox.tenant.deny(request.id, 'adele@fabrikam.com', 'Use the approved calendar tool');
    const popup = await openPopup();
    await popup.getByRole('button', { name: 'Check now' }).click();
    await popup.getByText('Not approved yet.').first().waitFor();
    await popup.getByRole('button', { name: 'My admin declined' }).click();
    await popup.getByText('If an admin declines, Microsoft tells you by email only', { exact: false }).waitFor();
    expect((await flows())[0]?.state).toBe('requested');
    await popup.close();
  });
});
