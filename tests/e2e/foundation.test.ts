/**
 * Issue 2's proof: the built extension loads with its documented id, its content script runs on the
 * sandbox's https://login.microsoftonline.com, the whole seven-step journey runs through the sandbox,
 * MSAL obtains a token from the sandbox, and no request leaves the sandbox.
 */
import { describe, expect, it } from 'vitest';
import { SANDBOX_ROX_CLIENT_ID } from '../../src/catalog';
import { EXTENSION_ID, launchBrowser, readOverlay, startSandbox, unexpectedHosts, useSandboxBrowser, waitForOverlay } from './harness';
import { ApprovalRequiredPage, EntraAdminCenter, MicrosoftSignIn, RoxApp } from './journey';

const env = useSandboxBrowser();

describe('foundation', () => {
  it('loads the extension with the id fixed by the manifest key', () => {
    expect(env.user.extensionId).toBe(EXTENSION_ID);
    expect(env.user.worker.url()).toBe(`chrome-extension://${EXTENSION_ID}/service-worker-loader.js`);
  });

  it('runs its content script on the sandbox page whose origin is https://login.microsoftonline.com', async () => {
    const page = await env.user.context.newPage();
    const rox = new RoxApp(page);
    await rox.openIntegrations();
    await rox.connect();
    await new MicrosoftSignIn(page).signIn('megan@fabrikam.com');
    await new ApprovalRequiredPage(page).waitForIt();
    expect(await page.evaluate(() => location.origin)).toBe('https://login.microsoftonline.com');
    const overlay = await waitForOverlay(page);
    expect(overlay.shadowMode).toBe('closed');
    // The page's own scripts cannot reach into the overlay.
    expect(await page.evaluate(() => document.querySelector('rox-consent-companion')?.shadowRoot ?? null)).toBeNull();
    await page.close();
  });

  it('drives the seven steps end to end: user requests, admin grants in Entra, user connects', async () => {
    const page = await env.user.context.newPage();
    const rox = new RoxApp(page);
    // Step 1: Connect in Rox.
    await rox.openIntegrations();
    await rox.connect('outlook-calendar');
    await new MicrosoftSignIn(page).signIn('megan@fabrikam.com');
    // Step 2: Approval required; the user writes a justification and requests approval.
    const approval = new ApprovalRequiredPage(page);
    await approval.waitForIt();
    await approval.justification().fill('I want to sync my data to Rox');
    // Step 3: Request sent.
    await approval.requestApproval();
    expect(env.sandbox.tenant.requests).toHaveLength(1);
    expect(env.sandbox.tenant.requests[0]).toMatchObject({ requester: 'megan@fabrikam.com', justification: 'I want to sync my data to Rox', status: 'InProgress' });

    // The admin works in their own browser, with the extension too.
    const admin = await launchBrowser(env.sandbox);
    try {
      const adminPage = await admin.context.newPage();
      const entra = new EntraAdminCenter(adminPage);
      await entra.signInAsAdmin();
      // Step 4: find the request; check requester and justification.
      await entra.openRoxRequest();
      expect(await entra.requester()).toEqual({ upn: 'megan@fabrikam.com', justification: 'I want to sync my data to Rox' });
      // Step 5: review permissions and consent; check publisher and verified badge; Accept.
      await entra.reviewAndAccept(admin.context, async (consent) => {
        await consent.getByText('Rox Data Corp.', { exact: true }).waitFor();
        expect(await consent.locator('[aria-label="verified"]').count()).toBe(1);
      });
      expect(env.sandbox.tenant.requests[0]).toMatchObject({ status: 'Completed', reviewResult: 'Approved', reviewedBy: 'adele@fabrikam.com' });
      // Step 6: verify granted permissions.
      const app = env.sandbox.tenant.app(SANDBOX_ROX_CLIENT_ID)!;
      expect(await entra.grantedPermissions(app.spId, app.clientId)).toEqual(expect.arrayContaining(['Calendars.Read', 'Calendars.ReadWrite']));
      expect(unexpectedHosts(admin, env.sandbox), JSON.stringify([...admin.hostsAsked])).toEqual([]);
    } finally {
      await admin.close();
    }

    // Step 7: Connect again: no Microsoft prompt, straight to Connected.
    await rox.openIntegrations();
    await rox.connect('outlook-calendar');
    expect(new URL(page.url()).hostname).toBe('app.rox.com');
    expect(await rox.connectedHeading()).toBe('Outlook Calendar is connected');
    expect(env.sandbox.rox.connected.get('outlook-calendar')).toBe('megan@fabrikam.com');
    await page.close();
  });

  it('sent no request to any host but the sandbox', async () => {
    const page = await env.user.context.newPage();
    await page.goto('https://app.rox.com/integrations');
    await readOverlay(page);
    await page.close();
    expect(unexpectedHosts(env.user, env.sandbox)).toEqual([]);
    expect(env.user.hostsAsked.size).toBeGreaterThan(0);
  });
});

describe('privacy baseline', () => {
  it('Chromium alone, without the extension, makes only the background requests the privacy check allows', async () => {
    const s = await startSandbox({ quiet: true });
    const bare = await launchBrowser(s, { extension: false });
    try {
      const page = await bare.context.newPage();
      await page.goto('https://app.rox.com/integrations');
      expect(unexpectedHosts(bare, s)).toEqual([]);
    } finally {
      await bare.close();
      await s.close();
    }
  });
});
