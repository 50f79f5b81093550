/**
 * `npm start`: build, start the sandbox, open Chromium with the extension on Rox's Integrations page.
 * With a display (and without --headless) you drive it yourself. Without one, or with --headless, it walks
 * the seed guide's seven steps, user and admin, and saves one screenshot per step in demo-screenshots/.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { SANDBOX_ROX_CLIENT_ID } from '../../src/catalog';
import { EXTENSION_ID, launchBrowser, waitForOverlay } from '../e2e/harness';
import { ApprovalRequiredPage, EntraAdminCenter, MicrosoftSignIn, RoxApp } from '../e2e/journey';
import { startSandbox } from '../sandbox/server';
import { PASSWORD } from '../sandbox/tenant';
import { ensureChromium } from './chromium';

/** Screenshot -> the README's picture of it. */
const README_PICTURES: Record<string, string> = {
  '2-user-approval-required': 'approval-required',
  '3-user-request-sent': 'request-sent',
  '3b-user-popup-waiting': 'popup',
  '4-admin-finds-request': 'admin-requests',
  '5-admin-consent-dialog': 'admin-consent',
  '6-admin-verifies-permissions': 'admin-permissions',
};

const headless = process.argv.includes('--headless') || !process.env.DISPLAY;
ensureChromium();
if (!process.argv.includes('--no-build') && spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' }).status !== 0) process.exit(1);

const sandbox = await startSandbox({ quiet: true });
console.log(`Sandbox running (Microsoft and Rox hosts mapped to 127.0.0.1:${sandbox.port}).`);

if (!headless) {
  const b = await launchBrowser(sandbox, { headless: false });
  const page = b.context.pages()[0] ?? (await b.context.newPage());
  await page.goto('https://app.rox.com/integrations');
  console.log(`\nChromium is open on Rox's Integrations page, with the extension loaded.
  User:  megan@fabrikam.com / ${PASSWORD}   (click Connect on Outlook Calendar)
  Admin: adele@fabrikam.com / ${PASSWORD}   (https://entra.microsoft.com/#view/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/~/AccessRequests)
Close the browser window to stop.`);
  await new Promise<void>((done) => b.context.on('close', () => done()));
  await sandbox.close();
  process.exit(0);
}

const dir = resolve('demo-screenshots');
mkdirSync(dir, { recursive: true });
const shots: string[] = [];
async function shot(page: Page, name: string) {
  const path = `${dir}/${name}.png`;
  await page.screenshot({ path, animations: 'disabled' });
  shots.push(path);
}

// Reduced motion: the panel appears without its fade-in, so the pictures need no waiting.
const user = await launchBrowser(sandbox, { reducedMotion: true });
const admin = await launchBrowser(sandbox, { reducedMotion: true });
try {
  const page = await user.context.newPage();
  const rox = new RoxApp(page);
  await rox.openIntegrations();
  await waitForOverlay(page).catch(() => undefined);
  await shot(page, '1-user-connect-in-rox');

  await rox.connect('outlook-calendar');
  await new MicrosoftSignIn(page).signIn('megan@fabrikam.com');
  const approval = new ApprovalRequiredPage(page);
  await approval.waitForIt();
  await waitForOverlay(page, (o) => o.text.includes('Justification')).catch(() => undefined);
  await shot(page, '2-user-approval-required');

  await approval.requestApproval();
  await waitForOverlay(page).catch(() => undefined);
  await shot(page, '3-user-request-sent');

  // The toolbar popup, as its own page at the popup's size: the request, waiting for the admin.
  const toolbarPopup = await user.context.newPage();
  await toolbarPopup.setViewportSize({ width: 400, height: 560 });
  await toolbarPopup.goto(`chrome-extension://${EXTENSION_ID}/src/popup/index.html`);
  await toolbarPopup.getByText('Outlook Calendar').first().waitFor().catch(() => undefined);
  await shot(toolbarPopup, '3b-user-popup-waiting');
  await toolbarPopup.close();

  // The admin center as the extension's admin hints know it (a Knockout blade in the top frame; the React
  // form puts the same blades in a frame).
  sandbox.tenant.policy.adminRendering = 'knockout';
  const adminPage = await admin.context.newPage();
  // An admin's wide screen: the admin center puts the grid and the Details pane side by side.
  await adminPage.setViewportSize({ width: 1680, height: 900 });
  await new EntraAdminCenter(adminPage).signInAsAdmin();
  await waitForOverlay(adminPage, (o) => o.text.includes('Find and review the Rox request')).catch(() => undefined);
  await adminPage.locator('[role=row]', { hasText: SANDBOX_ROX_CLIENT_ID }).click();
  await adminPage.getByRole('tab', { name: 'Requested by' }).click();
  await waitForOverlay(adminPage, (o) => o.text.includes('megan@fabrikam.com') && o.elements.some((e) => e.attrs.class === 'hl')).catch(() => undefined);
  await shot(adminPage, '4-admin-finds-request');

  const popup = admin.context.waitForEvent('page');
  await adminPage.getByRole('button', { name: 'Review permissions and consent', exact: true }).click();
  const consent = await popup;
  await consent.setViewportSize({ width: 1280, height: 860 });
  await waitForOverlay(consent, (o) => o.text.includes('This is the genuine Rox 365 Integration')).catch(() => undefined);
  await shot(consent, '5-admin-consent-dialog');
  await consent.locator('#idSIButton9').click();
  await consent.waitForEvent('close', { timeout: 15_000 }).catch(() => undefined);

  const app = sandbox.tenant.app(SANDBOX_ROX_CLIENT_ID)!;
  await adminPage.bringToFront();
  // Step 6 as the guide says: Enterprise applications > All applications > Rox 365 Integration > Permissions.
  await adminPage.evaluate(() => (location.hash = '#view/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/~/AppAppsPreview/menuId~/null'));
  await waitForOverlay(adminPage, (o) => o.text.includes('Rox 365 Integration is outlined below')).catch(() => undefined);
  await adminPage.locator('[role=row]', { hasText: app.clientId }).getByRole('link').click();
  await waitForOverlay(adminPage, (o) => o.text.includes('Done')).catch(() => undefined);
  await shot(adminPage, '6-admin-verifies-permissions');

  await rox.openIntegrations();
  await rox.connect('outlook-calendar');
  await page.locator('h1').waitFor();
  await shot(page, '7-user-connected');
  console.log(`\nWalked the seven steps. Screenshots:\n${shots.map((s) => `  ${s}`).join('\n')}`);
  // `npm start -- --headless --readme`: the README's pictures (tests/demo/) from this run.
  if (process.argv.includes('--readme'))
    for (const [from, to] of Object.entries(README_PICTURES)) copyFileSync(`${dir}/${from}.png`, resolve('tests/demo', `${to}.png`));
} finally {
  await user.close();
  await admin.close();
  await sandbox.close();
}
