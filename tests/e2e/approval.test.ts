/**
 * Issue 7 in the sandbox: after "Request sent" the extension finds out by itself when the admin approved
 * (a silent authorize request, never redeemed), tells the user, and takes them back to Rox to connect.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SANDBOX_ROX_CLIENT_ID } from '../../src/catalog';
import { EXTENSION_ID, useSandboxBrowser, waitForOverlay } from './harness';
import { ApprovalRequiredPage, MicrosoftSignIn, RoxApp } from './journey';

const env = useSandboxBrowser();
const REDIRECT = `https://${EXTENSION_ID}.chromiumapp.org/`;
const CALENDAR = ['Calendars.Read', 'Calendars.ReadWrite', 'User.Read'];

interface StoredFlow {
  key: string;
  state: string;
  account: string;
  lastProbe?: { result: string };
}

async function flows(): Promise<StoredFlow[]> {
  const all = (await env.user.worker.evaluate(() => chrome.storage.local.get(null))) as Record<string, { flows?: Record<string, StoredFlow> }>;
  return Object.values(all['rox-consent-companion']?.flows ?? {});
}

/** Steps 1-3 as the user does them: Connect in Rox, sign in, Request approval. */
async function requestApproval(page: Page) {
  const rox = new RoxApp(page);
  await rox.openIntegrations();
  await rox.connect('outlook-calendar');
  await new MicrosoftSignIn(page).signIn('megan@fabrikam.com');
  const approval = new ApprovalRequiredPage(page);
  await approval.waitForIt();
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
