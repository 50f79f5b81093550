/**
 * Issue 9, real Firefox: the approval check. Firefox has no offscreen documents, so the add-on's background
 * page runs MSAL itself, and identity.launchWebAuthFlow carries the silent authorize request to the sandbox
 * with Firefox's redirect URL (https://<SHA-1 of the add-on id>.extensions.allizom.org/), which the sandbox's
 * Rox app registration lists as Rox does.
 */
import { createHash } from 'node:crypto';
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { FIREFOX_PROBE_REDIRECT, ROX, SANDBOX_ROX_CLIENT_ID } from '../sandbox/apps';
import { ADDON_ID, inExtension, requestApproval, toApprovalRequired, useSandboxFirefox, waitForOverlay } from './harness';

const env = useSandboxFirefox();
const CALENDAR = ['Calendars.Read', 'Calendars.ReadWrite', 'User.Read'];

interface StoredFlow {
  key: string;
  state: string;
  account: string;
  lastProbe?: { result: string; error?: string };
}

async function flows(): Promise<StoredFlow[]> {
  const all = await inExtension(await env.firefox.control(), (b) => b.storage.local.get(null));
  return Object.values((all['rox-consent-companion'] as { flows?: Record<string, StoredFlow> } | undefined)?.flows ?? {});
}

/** Steps 1-3 as the user does them: Connect in Rox, sign in, Request approval. */
async function requested(page: Page): Promise<StoredFlow> {
  await toApprovalRequired(page);
  await waitForOverlay(page, env.firefox.bidi, (o) => o.text.includes('Justification'));
  await requestApproval(page);
  await expect.poll(async () => (await flows())[0]?.state).toBe('requested');
  return (await flows())[0]!;
}

/** "Check now", as the popup sends it. */
const checkNow = async (key: string) =>
  (await inExtension(await env.firefox.control(), (b, k) => b.runtime.sendMessage({ type: 'check-now', data: { key: k, interactive: false } }), key)) as {
    ok: boolean;
    value?: { result: string; error?: string };
  };

describe('Firefox: the approval check', () => {
  it('uses Firefox\'s redirect URL, the one the sandbox\'s Rox registration lists', async () => {
    const redirect = await inExtension(await env.firefox.control(), (b) => b.identity.getRedirectURL());
    expect(redirect).toBe(`https://${createHash('sha1').update(ADDON_ID).digest('hex')}.extensions.allizom.org/`);
    expect(redirect).toBe(FIREFOX_PROBE_REDIRECT);
    expect(env.sandbox.tenant.app(SANDBOX_ROX_CLIENT_ID)?.redirectUris).toContain(redirect);
    expect(ROX.redirectUris).toContain(redirect);
  });

  it('reaches the sandbox through it: waiting, then approved once the admin grants; nothing redeemed, no token kept', async () => {
    const page = await env.firefox.newPage();
    const flow = await requested(page);
    await page.close();

    expect(await checkNow(flow.key)).toMatchObject({ ok: true, value: { result: 'pending' } });
    expect(env.sandbox.login.silentRequests).toEqual([expect.objectContaining({ clientId: SANDBOX_ROX_CLIENT_ID, loginHint: 'megan@fabrikam.com', responseMode: 'fragment', answer: 'consent_required' })]);
    await expect.poll(async () => (await flows())[0]?.lastProbe?.result).toBe('pending');

    env.sandbox.tenant.grant(SANDBOX_ROX_CLIENT_ID, CALENDAR, 'adele@fabrikam.com');
    expect(await checkNow(flow.key)).toMatchObject({ ok: true, value: { result: 'approved' } });
    expect(env.sandbox.login.silentRequests.at(-1)?.answer).toBe('code');
    expect((await flows())[0]?.state).toBe('approved');
    // The code is never redeemed: no token request for the add-on's redirect, nothing token-like stored.
    expect(env.sandbox.login.tokenRequests.filter((t) => t.redirectUri === FIREFOX_PROBE_REDIRECT)).toEqual([]);
    const dump = JSON.stringify(await inExtension(await env.firefox.control(), async (b) => ({ local: await b.storage.local.get(null), session: { ...sessionStorage }, localStorage: { ...localStorage } })));
    expect(dump).not.toMatch(/eyJ[\w-]{10,}|access_token|refresh_token|id_token|"code"|code=|demo-password/i);
  });

  it('a background check (the alarm) finds the approval by itself: the badge and the notification say so', async () => {
    const page = await env.firefox.newPage();
    const flow = await requested(page);
    await page.close();
    env.sandbox.tenant.grant(SANDBOX_ROX_CLIENT_ID, CALENDAR, 'adele@fabrikam.com');
    // Headless Firefox has no notification display: a notification is created and at once closed. Its
    // onClosed event, seen by every page of the add-on, is the record that it was made.
    await inExtension(await env.firefox.control(), (b) => {
      const g = globalThis as unknown as { __notified?: string[] };
      if (g.__notified) return;
      const seen: string[] = (g.__notified = []);
      (b as unknown as { notifications: { onClosed: { addListener(f: (id: string) => void): void } } }).notifications.onClosed.addListener((id) => void seen.push(id));
    });
    // Test builds only: a short check period, so the background page's alarm runs a check within seconds.
    await inExtension(await env.firefox.control(), (b) => b.storage.local.set({ 'test:checkPeriodMinutes': 0.02 }));
    await expect.poll(async () => (await flows())[0]?.state, { timeout: 45_000 }).toBe('approved');
    expect(env.sandbox.login.silentRequests.at(-1)).toMatchObject({ loginHint: 'megan@fabrikam.com', answer: 'code' });
    const shown = async () =>
      inExtension(await env.firefox.control(), async (b) => ({
        notifications: (globalThis as unknown as { __notified?: string[] }).__notified,
        badge: await (b as unknown as { action: { getBadgeText(d: object): Promise<string> } }).action.getBadgeText({}),
      }));
    await expect.poll(shown).toEqual({ notifications: [`approved|${flow.key}`], badge: '1' });
  });

  it('without a Microsoft session the check says "sign in needed" (the session cookie is what the silent request carries)', async () => {
    const page = await env.firefox.newPage();
    const flow = await requested(page);
    await page.close();
    env.sandbox.tenant.grant(SANDBOX_ROX_CLIENT_ID, CALENDAR, 'adele@fabrikam.com');
    await env.firefox.clearCookies();
    expect(await checkNow(flow.key)).toMatchObject({ ok: true, value: { result: 'sign-in-needed' } });
    expect(env.sandbox.login.silentRequests.at(-1)?.answer).toBe('login_required');
    expect((await flows())[0]).toMatchObject({ state: 'requested', lastProbe: { result: 'sign-in-needed' } });
  });

  it('a redirect URL Rox has not registered gets no answer the check can use (the registration is what lets it through)', async () => {
    const page = await env.firefox.newPage();
    const flow = await requested(page);
    await page.close();
    const rox = env.sandbox.tenant.app(SANDBOX_ROX_CLIENT_ID)!;
    rox.redirectUris = rox.redirectUris.filter((u) => u !== FIREFOX_PROBE_REDIRECT);
    env.sandbox.tenant.grant(SANDBOX_ROX_CLIENT_ID, CALENDAR, 'adele@fabrikam.com');
    const answer = await checkNow(flow.key);
    expect(answer.ok).toBe(true);
    expect(answer.value?.result).not.toBe('approved');
    expect(answer.value?.result).not.toBe('pending');
    // Microsoft refused the request before answering it (AADSTS50011): no silent answer was given.
    expect(env.sandbox.login.silentRequests).toEqual([]);
    expect((await flows())[0]?.state).toBe('requested');
  });
});
