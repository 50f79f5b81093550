/**
 * Issue 8, seed step 6 in the sandbox's admin center: on Rox's Permissions blade (Admin consent tab) the
 * companion ticks each permission Rox needs, names what is missing, and says "Done" with a message for the
 * requester; in both rendering models the admin center may use (Knockout top frame, React view frame).
 * Another app's blade gets nothing.
 */
import type { Frame, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SANDBOX_ROX_CLIENT_ID } from '../../src/catalog';
import { IMPOSTOR_CLIENT_ID } from '../sandbox/tenant';
import { readOverlay, recordMessages, useSandboxBrowser, waitForOverlay, waitForSettled } from './harness';
import { EntraAdminCenter } from './journey';
import { beforeEach } from 'vitest';

const env = useSandboxBrowser();
beforeEach(() => recordMessages(env.user.worker));
const CALENDAR = ['Calendars.Read', 'Calendars.ReadWrite', 'User.Read', 'offline_access'];
const permissionsUrl = (spId: string, appId: string) => `https://entra.microsoft.com/#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/Permissions/objectId/${spId}/appId/${appId}`;

/** The React view's frame, once it is there. */
async function viewFrame(page: Page): Promise<Frame> {
  await expect.poll(() => page.frames().some((f) => f.url().includes('.reactblade.portal.azure.net/'))).toBe(true);
  return page.frames().find((f) => f.url().includes('.reactblade.portal.azure.net/'))!;
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
      await page.goto(permissionsUrl(rox.spId, rox.clientId));
      // Knockout: the blade is in the top frame; React: in the view's own (cross-origin) frame, where the
      // companion's panel then is too.
      const where = async () => (form === 'knockout' ? page : await viewFrame(page));
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
    const other = env.sandbox.tenant.apps.find((a) => a.clientId !== SANDBOX_ROX_CLIENT_ID && !a.firstParty)!;
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
