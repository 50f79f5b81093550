/**
 * Issue 8, seed step 6 in the sandbox's admin center: on Rox's Permissions blade (Admin consent tab) the
 * companion ticks each permission Rox needs, names what is missing, and says "Done" with a message for the
 * requester; in both rendering models the admin center may use (Knockout top frame, React view frame).
 * Another app's blade gets nothing.
 */
import type { Frame, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SANDBOX_ROX_CLIENT_ID } from '../../src/catalog';
import { IMPOSTOR_CLIENT_ID, THIRD_PARTY_CLIENT_ID } from '../sandbox/tenant';
import { readOverlay, recordMessages, useSandboxBrowser, waitForOverlay, waitForSettled } from './harness';
import { EntraAdminCenter } from './journey';
import { beforeEach } from 'vitest';

const env = useSandboxBrowser();
beforeEach(() => recordMessages(env.user.worker));
const CALENDAR = ['Calendars.Read', 'Calendars.ReadWrite', 'User.Read', 'offline_access'];
const permissionsUrl = (spId: string, appId: string) => `https://entra.microsoft.com/#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/Permissions/objectId/${spId}/appId/${appId}`;

/** The React view's frame, once it is there. */
async function viewFrame(page: Page, also = ''): Promise<Frame> {
  const is = (f: Frame) => f.url().includes('.reactblade.portal.azure.net/') && f.url().includes(also) && !f.isDetached();
  await expect.poll(() => page.frames().some(is)).toBe(true);
  return page.frames().find(is)!;
}

const APPS_ROUTE = '#view/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/~/AppAppsPreview/menuId~/null';

/**
 * Seed step 6 as the guide says: Enterprise applications > All applications (Rox's app outlined) > Rox 365
 * Integration > Permissions. Seeing Rox's object id listed with Rox's application id is what lets the
 * Permissions check say "Done".
 */
async function openRoxFromApps(page: Page, form: 'knockout' | 'react') {
  await page.evaluate((h) => (location.hash = h), APPS_ROUTE);
  const list = form === 'knockout' ? page : await viewFrame(page, 'view=AppAppsPreview');
  await waitForOverlay(list, (v) => v.text.includes('Rox 365 Integration is outlined below') && v.elements.some((e) => e.attrs.class === 'hl'));
  await list.locator('[role=row]', { hasText: SANDBOX_ROX_CLIENT_ID }).getByRole('link').click();
  await page.waitForURL((u) => u.hash.includes('/Permissions/'));
}

describe('the Permissions blade (seed step 6)', () => {
  for (const form of ['knockout', 'react'] as const) {
    it(`${form}: every permission verified, then "Done" with a message for the requester; a missing one is named`, async () => {
      env.sandbox.tenant.policy.adminRendering = form;
      env.sandbox.tenant.grant(SANDBOX_ROX_CLIENT_ID, CALENDAR, 'adele@fabrikam.com');
      const page = await env.user.context.newPage();
      const admin = new EntraAdminCenter(page);
      await admin.signInAsAdmin();
      const rox = env.sandbox.tenant.app(SANDBOX_ROX_CLIENT_ID)!;
      // Straight to the blade by its address: every tick, but no "Done" until the blade is tied to Rox's app.
      await page.goto(permissionsUrl(rox.spId, rox.clientId));
      const early = await waitForOverlay(form === 'knockout' ? page : await viewFrame(page, `appId=${rox.clientId}`), (v) => v.text.includes('Verify what was granted') && v.text.includes('Not "Done" yet'));
      expect(early.text).toContain('Calendars.ReadWrite: granted, Delegated');
      await openRoxFromApps(page, form);
      // Knockout: the blade is in the top frame; React: in the view's own (cross-origin) frame, where the
      // companion's panel then is too.
      const where = async () => (form === 'knockout' ? page : await viewFrame(page, `appId=${rox.clientId}`));
      const o = await waitForOverlay(await where(), (v) => v.text.includes('Verify what was granted') && v.text.includes('Done'));
      for (const claim of ['Calendars.Read', 'Calendars.ReadWrite', 'User.Read']) expect(o.text).toContain(`${claim}: granted, Delegated`);
      expect(o.text).toContain('In Rox, click Connect again on Outlook Calendar');

      // A grant without Calendars.ReadWrite: named as missing, no "Done".
      env.sandbox.tenant.revoke(SANDBOX_ROX_CLIENT_ID);
      env.sandbox.tenant.grant(SANDBOX_ROX_CLIENT_ID, ['Calendars.Read', 'User.Read'], 'adele@fabrikam.com');
      await page.reload();
      const missing = await waitForOverlay(await where(), (v) => v.text.includes('Calendars.ReadWrite: missing'));
      expect(missing.text).toContain('Not complete yet');
      await page.close();
    });
  }

  it('another app\'s Permissions blade gets nothing', async () => {
    env.sandbox.tenant.policy.adminRendering = 'knockout';
    const page = await env.user.context.newPage();
    await new EntraAdminCenter(page).signInAsAdmin();
    // Contoso Notes: neither Rox's nor like it (a look-alike's blade is warned about, below).
    const other = env.sandbox.tenant.app(THIRD_PARTY_CLIENT_ID)!;
    env.sandbox.tenant.grant(other.clientId, ['Calendars.Read', 'User.Read'], 'adele@fabrikam.com');
    await page.goto(permissionsUrl(env.sandbox.tenant.app(other.clientId)!.spId, other.clientId));
    await waitForSettled(page, env.user.worker);
    expect(await readOverlay(page)).toBeNull();
    await page.close();
  });
});

describe('Admin consent requests (seed step 4)', () => {
  for (const form of ['knockout', 'react'] as const) {
    it(`${form}: the admin's steps, the Rox request outlined, a look-alike request named in red`, async () => {
      env.sandbox.tenant.policy.adminRendering = form;
      env.sandbox.tenant.request(SANDBOX_ROX_CLIENT_ID, 'megan@fabrikam.com', ['Calendars.Read', 'Calendars.ReadWrite', 'User.Read'], 'I want to sync my calendar to Rox');
      env.sandbox.tenant.request(IMPOSTOR_CLIENT_ID, 'lee@fabrikam.com', ['Calendars.ReadWrite', 'Files.ReadWrite.All'], 'please');
      const page = await env.user.context.newPage();
      await new EntraAdminCenter(page).signInAsAdmin();
      const target = form === 'knockout' ? page : await viewFrame(page);
      const o = await waitForOverlay(target, (v) => v.text.includes('Find and review the Rox request') && v.elements.some((e) => e.attrs.class === 'hl'));
      expect(o.text).toContain('The Rox 365 Integration request is outlined below.');
      expect(o.text).toContain('These requests look like Rox but are not Rox\'s app');
      expect(o.elements.filter((e) => e.attrs.class === 'hl')).toHaveLength(1);
      await page.close();
    });
  }

  it('no Rox request pending: says why that may be', async () => {
    env.sandbox.tenant.policy.adminRendering = 'knockout';
    const page = await env.user.context.newPage();
    await new EntraAdminCenter(page).signInAsAdmin();
    const o = await waitForOverlay(page, (v) => v.text.includes('Find and review the Rox request'));
    expect(o.text).toContain('No Rox request is pending here');
    expect(o.elements.some((e) => e.attrs.class === 'hl')).toBe(false);
    await page.close();
  });
});

/** Every frame of the page: the overlay, wherever the blade put it (top frame or a React view's frame). */
async function overlays(page: Page) {
  const out = [];
  for (const f of page.frames()) {
    const o = await readOverlay(f === page.mainFrame() ? page : f).catch(() => null);
    if (o) out.push({ url: f.url(), text: o.text });
  }
  return out;
}

describe('the admin journey after a user\'s request (seed steps 4 to 6)', () => {
  for (const form of ['knockout', 'react'] as const) {
    it(`${form}: requests -> the pane -> the consent prompt (green for Rox, red for the impostor) -> Accept -> every permission verified; no stale hints between blades`, async () => {
      const tenant = env.sandbox.tenant;
      tenant.policy.adminRendering = form;
      tenant.request(SANDBOX_ROX_CLIENT_ID, 'megan@fabrikam.com', CALENDAR, 'I want to sync my calendar to Rox');
      tenant.request(IMPOSTOR_CLIENT_ID, 'lee@fabrikam.com', ['Calendars.ReadWrite', 'Files.ReadWrite.All'], 'Rox needs this, approved by IT');
      const page = await env.user.context.newPage();
      await new EntraAdminCenter(page).signInAsAdmin();
      let blade = form === 'knockout' ? page : await viewFrame(page);
      await waitForOverlay(blade, (v) => v.text.includes('Find and review the Rox request') && v.elements.some((e) => e.attrs.class === 'hl'));
      const toolbarButton = (name: string) => blade.getByRole(form === 'knockout' ? 'button' : 'menuitem', { name, exact: true });

      // The impostor's request, opened: the red warning on the pane, with its application id.
      await blade.locator('[role=row]', { hasText: IMPOSTOR_CLIENT_ID }).click();
      const red = await waitForOverlay(blade, (v) => v.text.includes('is not Rox\'s app'));
      expect(red.text).toContain(`Its application ID is ${IMPOSTOR_CLIENT_ID}`);
      expect(red.text).not.toContain('This is Rox\'s request');
      expect(red.elements.some((e) => e.attrs.role === 'alert')).toBe(true);
      // ... and its consent prompt is red, with reasons; the admin closes it.
      let popup = env.user.context.waitForEvent('page');
      await toolbarButton('Review permissions and consent').click();
      const impostorPrompt = await popup;
      await impostorPrompt.bringToFront();
      const warned = await waitForOverlay(impostorPrompt, (v) => v.text.includes('Warning: this app is not the genuine Rox 365 Integration'));
      expect(warned.text).toContain('Its app ID is not Rox\'s.');
      await impostorPrompt.close();
      // Headless Chromium runs no animation frames in a page that is not in front (Playwright's clicks wait for them).
      await page.bringToFront();

      // Rox's request: what to check, and where to click. (The React pane is modal: closed first.)
      if (form === 'react') await blade.getByRole('button', { name: 'Close', exact: true }).click();
      await blade.locator('[role=row]', { hasText: SANDBOX_ROX_CLIENT_ID }).click();
      const pane = await waitForOverlay(blade, (v) => v.text.includes('This is Rox\'s request: check it before you grant') && v.elements.some((e) => e.attrs.class === 'hl' && e.text === 'Review permissions and consent'));
      expect(pane.text).toContain('Publisher: Rox Data Corp. (expected: Rox Data Corp.)');
      expect(pane.text).toContain('Microsoft shows the verified publisher badge');
      expect(pane.text).toContain('Deny rejects the pending requests for this app');
      expect(pane.text).not.toContain('is not Rox\'s app');
      expect(pane.elements.filter((e) => e.attrs.class === 'hl').map((e) => e.text)).toContain('Review permissions and consent');
      await blade.getByRole('tab', { name: 'Requested by' }).click();
      const who = await waitForOverlay(blade, (v) => v.text.includes('megan@fabrikam.com'));
      expect(who.text).toContain('wrote: "I want to sync my calendar to Rox"');

      // The consent prompt: the checklist all green; the admin accepts (the extension never does).
      popup = env.user.context.waitForEvent('page');
      await toolbarButton('Review permissions and consent').click();
      const prompt = await popup;
      const green = await waitForOverlay(prompt, (v) => v.text.includes('This is the genuine Rox 365 Integration'));
      const checks = green.elements.filter((e) => e.tag === 'li' && /\bcheck\b/.test(e.attrs.class ?? ''));
      expect(checks.length).toBeGreaterThanOrEqual(2);
      for (const c of checks) expect(c.attrs.class, c.text).toBe('check ok');
      expect(green.text).toContain('nobody will be asked again');
      expect(tenant.requests.find((r) => r.clientId === SANDBOX_ROX_CLIENT_ID)?.status).toBe('InProgress');
      await prompt.bringToFront();
      await prompt.locator('#idSIButton9').click();
      await prompt.waitForEvent('close', { timeout: 15_000 }).catch(() => undefined);
      expect(tenant.requests.find((r) => r.clientId === SANDBOX_ROX_CLIENT_ID)).toMatchObject({ status: 'Completed', reviewResult: 'Approved' });

      await page.bringToFront();
      // Step 6 by the admin center's own navigation (same document, a new hash route): the requests hints go,
      // the Permissions blade's check comes.
      const rox = tenant.app(SANDBOX_ROX_CLIENT_ID)!;
      await openRoxFromApps(page, form);
      blade = form === 'knockout' ? page : await viewFrame(page, `appId=${rox.clientId}`);
      const done = await waitForOverlay(blade, (v) => v.text.includes('Verify what was granted') && v.text.includes('Done'));
      for (const claim of ['Calendars.Read', 'Calendars.ReadWrite', 'User.Read']) expect(done.text).toContain(`${claim}: granted, Delegated`);
      await expect.poll(async () => (await overlays(page)).map((o) => o.text).filter((t) => t.includes('Find and review the Rox request'))).toEqual([]);
      expect((await overlays(page)).length).toBe(1);

      // A blade the companion has nothing to say about: no hint left anywhere.
      await page.evaluate(() => (location.hash = '#view/Microsoft_AAD_IAM/ConsentPoliciesMenuBlade/~/UserSettings'));
      await expect.poll(async () => (await overlays(page)).length, { timeout: 5_000 }).toBe(0);
      await waitForSettled(page, env.user.worker);
      expect(await overlays(page)).toEqual([]);
      await page.close();
    });
  }

  it('the consent settings blade: what the workflow does, and that it is off', async () => {
    env.sandbox.tenant.policy.adminRendering = 'knockout';
    env.sandbox.tenant.policy.workflow = false;
    const page = await env.user.context.newPage();
    await new EntraAdminCenter(page).signInAsAdmin();
    await page.evaluate(() => (location.hash = '#view/Microsoft_AAD_IAM/ConsentPoliciesMenuBlade/~/AdminConsentSettings'));
    const o = await waitForOverlay(page, (v) => v.text.includes('Admin consent settings') && v.text.includes('The workflow is off'));
    expect(o.text).toContain('is the admin consent workflow');
    await page.close();
  });

  it('a look-alike\'s Permissions blade: the red warning (React: in the top frame, where its name is)', async () => {
    env.sandbox.tenant.policy.adminRendering = 'react';
    env.sandbox.tenant.grant(IMPOSTOR_CLIENT_ID, ['Calendars.ReadWrite'], 'adele@fabrikam.com');
    const page = await env.user.context.newPage();
    await new EntraAdminCenter(page).signInAsAdmin();
    const app = env.sandbox.tenant.app(IMPOSTOR_CLIENT_ID)!;
    await page.goto(permissionsUrl(app.spId, app.clientId));
    const o = await waitForOverlay(page, (v) => v.text.includes('is not Rox\'s app'));
    expect(o.text).toContain(`Its application ID is ${IMPOSTOR_CLIENT_ID}`);
    expect(o.text).not.toContain('Done');
    await page.close();
  });
});
