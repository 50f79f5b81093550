/**
 * Issue 3 in the sandbox: the end user's pages get the panel, the justification is filled only when empty,
 * the request reaches Microsoft with it, the flow is recorded, the need-admin path hands over a working admin
 * consent URL, the impostor is flagged and the genuine app is not, hostile text stays text, and pages that
 * are not ours get nothing.
 */
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_ROX_CLIENT_ID } from '../../src/catalog';
import { computedStyle, EXTENSION_ID, launchBrowser, readOverlay, recordMessages, unexpectedHosts, useSandboxBrowser, waitForOverlay, waitForSettled } from './harness';
import { ApprovalRequiredPage, MicrosoftSignIn, RoxApp, toApprovalRequired } from './journey';

const env = useSandboxBrowser();
beforeEach(() => recordMessages(env.user.worker));

const TEMPLATE = 'I use Rox for my sales work and need to connect my Outlook Calendar. Please approve Rox 365 Integration (publisher: Rox Data Corp.) so it can sync my data to Rox.';


async function storedFlows(): Promise<{ state: string; justification?: string; account: string; integration: string }[]> {
  const all = (await env.user.worker.evaluate(() => chrome.storage.local.get(null))) as Record<string, { flows?: Record<string, never> }>;
  return Object.values(all['rox-consent-companion']?.flows ?? {});
}

/** Once the page has rendered and stopped talking to the worker (a condition, not a fixed wait): no panel. */
async function noOverlayAfterRender(page: Page) {
  await waitForSettled(page, env.user.worker);
  expect(await readOverlay(page)).toBeNull();
}

describe('end-user guidance', () => {
  it('fills an empty justification, points at Request approval, and records the flow as requested', async () => {
    const page = await env.user.context.newPage();
    const approval = await toApprovalRequired(page);
    const overlay = await waitForOverlay(page, (o) => o.text.includes('Your admin needs to approve Rox'));
    expect(overlay.text).toContain('This is the genuine Rox 365 Integration');
    expect(overlay.elements.some((e) => e.attrs['aria-current'] === 'step' && e.text.includes('Request admin approval'))).toBe(true);
    expect(overlay.elements.find((e) => e.attrs.role === 'complementary')?.attrs['aria-label']).toBe('Rox Consent Companion');
    await expect.poll(() => approval.justification().inputValue()).toBe(TEMPLATE);
    // The overlay never submitted anything: still on Approval required, no request yet.
    expect(env.sandbox.tenant.requests).toHaveLength(0);
    // Focus stays with Microsoft's page.
    expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('ROX-CONSENT-COMPANION');

    await approval.requestApproval();
    expect(env.sandbox.tenant.requests[0]).toMatchObject({ requester: 'megan@fabrikam.com', justification: TEMPLATE });
    const sent = await waitForOverlay(page, (o) => o.text.includes('Request sent: what happens next'));
    expect(sent.text).toContain('https://entra.microsoft.com/#view/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/~/AccessRequests');
    expect(sent.text).toContain('megan@fabrikam.com');
    await expect.poll(storedFlows).toEqual([expect.objectContaining({ state: 'requested', account: 'megan@fabrikam.com', integration: 'outlook-calendar', justification: TEMPLATE })]);
    const stored = JSON.stringify(await env.user.worker.evaluate(() => chrome.storage.local.get(null)));
    expect(stored).not.toMatch(/code=|access_token|refresh_token|demo-password/);

    // The popup lists the flow.
    const popup = await env.user.context.newPage();
    await popup.goto(`chrome-extension://${EXTENSION_ID}/src/popup/index.html`);
    await popup.locator('li.card[data-state="requested"]').waitFor();
    expect(await popup.locator('li.card').textContent()).toContain('Waiting for admin');
    await popup.close();
    await page.close();
  });

  it('keeps what the user typed, through page changes, and sends it', async () => {
    const page = await env.user.context.newPage();
    const approval = await toApprovalRequired(page);
    await expect.poll(() => approval.justification().inputValue()).toBe(TEMPLATE);
    await approval.justification().fill('My own words for Adele');
    // Microsoft's page changes in place: one more permission appears in its list. Detection re-runs (the
    // panel lists the new permission, proof that it did), and the typed text stays.
    await page.evaluate(() => {
      const li = document.createElement('li');
      li.append(Object.assign(document.createElement('button'), { type: 'button', textContent: 'Sign users in' }));
      document.querySelector('ul.perms')!.append(li);
    });
    await waitForOverlay(page, (o) => o.text.includes('Sign users in') && o.text.includes('Your justification is kept as you typed it.'));
    expect(await approval.justification().inputValue()).toBe('My own words for Adele');
    await approval.requestApproval();
    expect(env.sandbox.tenant.requests[0]?.justification).toBe('My own words for Adele');
    await page.close();
  });

  it('a second request keeps the first: the panel says only the first reaches the admin', async () => {
    const page = await env.user.context.newPage();
    await (await toApprovalRequired(page)).requestApproval();
    await expect.poll(async () => (await storedFlows())[0]?.state).toBe('requested');
    const again = await env.user.context.newPage();
    const rox = new RoxApp(again);
    await rox.openIntegrations();
    await rox.connect();
    await new ApprovalRequiredPage(again).waitForIt();
    const o = await waitForOverlay(again, (v) => v.text.includes('You already sent a request'));
    expect(o.text).toContain('Microsoft passes only your first request');
    await new ApprovalRequiredPage(again).requestApproval();
    expect(env.sandbox.tenant.requests).toHaveLength(1);
    await page.close();
    await again.close();
  });

  it('need admin approval: gives the admin message with a working admin consent URL', async () => {
    env.sandbox.tenant.policy.workflow = false;
    const page = await env.user.context.newPage();
    const rox = new RoxApp(page);
    await rox.openIntegrations();
    await rox.connect();
    await new MicrosoftSignIn(page).signIn('megan@fabrikam.com');
    await page.getByText('Need admin approval', { exact: true }).waitFor();
    const o = await waitForOverlay(page, (v) => v.text.includes('An admin has to grant Rox access'));
    const url = /https:\/\/login\.microsoftonline\.com\/\S+\/adminconsent\?client_id=[\w-]+/.exec(o.text)?.[0];
    expect(url).toBe(`https://login.microsoftonline.com/organizations/adminconsent?client_id=${SANDBOX_ROX_CLIENT_ID}`);
    await expect.poll(async () => (await storedFlows())[0]?.state).toBe('admin-approval-needed');

    // The admin opens the URL in their own browser, signs in and accepts for the organization.
    const admin = await launchBrowser(env.sandbox);
    try {
      const a = await admin.context.newPage();
      await a.goto(url!);
      await new MicrosoftSignIn(a).signIn('adele@fabrikam.com');
      await a.getByText('Permissions requested', { exact: true }).waitFor();
      await a.getByText('Accept for your organization', { exact: true }).waitFor();
      const adminOverlay = await waitForOverlay(a, (v) => v.text.includes('Check before you accept'));
      expect(adminOverlay.text, adminOverlay.text).toContain('This is the genuine Rox 365 Integration');
      // The checklist against the catalog: publisher and permissions checked; what accepting for the org means.
      expect(adminOverlay.text).toContain('Checked: The publisher is Rox Data Corp.');
      expect(adminOverlay.text).toContain('Checked: The permissions are the ones Rox lists');
      expect(adminOverlay.text).toContain('nobody will be asked again');
      expect(adminOverlay.text).toContain('You click Accept yourself');
      await a.locator('#idSIButton9').click();
      await a.waitForURL((u) => u.hostname === 'app.rox.com');
      expect(new URL(a.url()).searchParams.get('admin_consent')).toBe('True');
      expect(env.sandbox.tenant.hasConsent(SANDBOX_ROX_CLIENT_ID, 'megan@fabrikam.com', ['Calendars.Read', 'Calendars.ReadWrite'])).toBe(true);
    } finally {
      await admin.close();
    }
    await page.close();
  });

  it('warns about the impostor and names what is wrong; the genuine app gets no warning', async () => {
    const page = await env.user.context.newPage();
    await page.goto('https://rox-connect.test/');
    await page.locator('a.connect').click();
    await new MicrosoftSignIn(page).signIn('megan@fabrikam.com');
    await page.getByText('Approval required', { exact: true }).waitFor();
    const o = await waitForOverlay(page, (v) => v.elements.some((e) => e.attrs.role === 'alert'));
    const alert = o.elements.find((e) => e.attrs.role === 'alert')!;
    expect(alert.text).toContain('Warning: this app is not the genuine Rox 365 Integration.');
    for (const reason of ["Its app ID is not Rox's.", 'Microsoft marks its publisher as unverified', 'send your sign-in to a site that is not Rox', 'asks for permissions Rox never asks for'])
      expect(alert.text).toContain(reason);
    expect(alert.text).toContain('Files.ReadWrite.All');
    // No justification is offered for a look-alike, and nothing is tracked.
    expect(await page.locator('textarea').inputValue()).toBe('');
    expect(await storedFlows()).toEqual([]);
    await page.close();

    await env.user.context.clearCookies();
    const genuine = await env.user.context.newPage();
    await toApprovalRequired(genuine);
    const g = await waitForOverlay(genuine, (v) => v.text.includes('genuine'));
    expect(g.elements.some((e) => e.attrs.role === 'alert')).toBe(false);
    await genuine.close();
  });

  it('shows hostile page text only as text', async () => {
    // A Rox authorize request carrying a hostile "scope" that Microsoft lists verbatim.
    const hostile = '<img/src=x/onerror=window.__pwned=1>';
    const page = await env.user.context.newPage();
    await toApprovalRequired(page);
    const q = new URLSearchParams({ client_id: SANDBOX_ROX_CLIENT_ID, response_type: 'code', redirect_uri: 'https://app.rox.com/integrations/microsoft/callback', scope: `openid Calendars.Read ${hostile}`, state: 'x' });
    await page.goto(`https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?${q}`);
    await page.getByText('Approval required', { exact: true }).waitFor();
    const o = await waitForOverlay(page, (v) => v.text.includes(hostile));
    expect(o.elements.some((e) => e.tag === 'img')).toBe(false);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(o.elements.some((e) => e.attrs.role === 'alert')).toBe(true);
    await page.close();
  });

  it('stays silent on look-alike hosts, the sign-in page and another app\'s pages', async () => {
    const page = await env.user.context.newPage();
    // Sign-in page of the genuine flow: not ours.
    const rox = new RoxApp(page);
    await rox.openIntegrations();
    await rox.connect();
    const authorizeUrl = page.url();
    await page.locator('#i0116').waitFor();
    await noOverlayAfterRender(page);
    await new MicrosoftSignIn(page).signIn('megan@fabrikam.com');
    // Another app's approval page.
    await page.goto('https://notes.contoso.test/');
    await page.locator('a.connect').click();
    await page.getByText('Approval required', { exact: true }).waitFor();
    await noOverlayAfterRender(page);
    // The same Microsoft and Rox markup on look-alike hosts.
    await page.goto(authorizeUrl.replace('login.microsoftonline.com', 'login.microsoftonline.com.evil.test'));
    await new MicrosoftSignIn(page).signIn('megan@fabrikam.com');
    await page.getByText('Approval required', { exact: true }).waitFor();
    await noOverlayAfterRender(page);
    await page.goto('https://app.rox.com.evil.test/integrations');
    await page.locator('[data-integration]').first().waitFor();
    await noOverlayAfterRender(page);
    await page.close();
  });

  it('on Rox: once approved, "click Connect again" on the right tile; the callback marks the flow connected', async () => {
    const page = await env.user.context.newPage();
    await (await toApprovalRequired(page)).requestApproval();
    await expect.poll(async () => (await storedFlows())[0]?.state).toBe('requested');
    // The admin approves (sandbox control), and the approval becomes known to the extension (as the probe reports it).
    env.sandbox.tenant.grant(SANDBOX_ROX_CLIENT_ID, ['Calendars.Read', 'Calendars.ReadWrite', 'User.Read'], 'adele@fabrikam.com');
    await env.user.worker.evaluate(async () => {
      const all = await chrome.storage.local.get(null);
      const s = all['rox-consent-companion'] as { flows: Record<string, { state: string; approvedAt: number; updatedAt: number }> };
      for (const f of Object.values(s.flows)) Object.assign(f, { state: 'approved', approvedAt: Date.now(), updatedAt: Date.now() });
      await chrome.storage.local.set({ 'rox-consent-companion': s });
    });
    const rox = new RoxApp(page);
    await rox.openIntegrations();
    // The note, and an outline drawn over the tile's Connect button.
    const o = await waitForOverlay(page, (v) => v.text.includes('Your admin approved Rox') && v.elements.some((e) => e.attrs.class === 'hl'));
    expect(o.text).toContain('Click Connect on Outlook Calendar again');
    await rox.connect('outlook-calendar');
    expect(await rox.connectedHeading()).toBe('Outlook Calendar is connected');
    await waitForOverlay(page, (v) => v.text.includes('Connected. Nothing else to do.'));
    await expect.poll(async () => (await storedFlows())[0]?.state).toBe('connected');
    await page.close();
  });

  it('is usable by keyboard, follows dark mode, and remembers being minimised for the flow', async () => {
    const page = await env.user.context.newPage();
    await page.emulateMedia({ colorScheme: 'dark' });
    await toApprovalRequired(page);
    const o = await waitForOverlay(page, (v) => v.text.includes('Justification'));
    const panel = o.elements.find((e) => e.attrs.role === 'complementary')!;
    expect(await computedStyle(page, panel.backendNodeId, 'background-color')).toBe('rgb(31, 29, 38)');
    // The panel comes after Microsoft's form in the tab order: Tab reaches it without stealing focus first.
    let presses = 0;
    while ((await page.evaluate(() => document.activeElement?.tagName)) !== 'ROX-CONSENT-COMPANION' && presses < 30) {
      await page.keyboard.press('Tab');
      presses++;
    }
    expect(presses).toBeGreaterThan(1);
    expect(presses).toBeLessThan(30);
    // First stop: "Move to the other side"; next: "Minimise". Enter minimises.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const pill = await waitForOverlay(page, (v) => v.elements.some((e) => e.attrs.class?.startsWith('pill')));
    expect(pill.elements.find((e) => e.attrs.class?.startsWith('pill'))?.attrs['aria-expanded']).toBe('false');
    await expect.poll(async () => (await storedFlows())[0] as unknown as { minimised?: boolean }).toMatchObject({ minimised: true });
    // Back on the page later: still minimised, one keypress away.
    await page.reload();
    await waitForOverlay(page, (v) => v.elements.some((e) => e.attrs.class?.startsWith('pill')));
    await page.close();
  });
});
