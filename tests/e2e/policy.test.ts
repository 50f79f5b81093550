/**
 * Issue 9, managed policy in a real browser: Chromium on Linux reads /etc/chromium/policies/managed/*.json,
 * and an extension's policy is `3rdparty.extensions.<id>`, checked against the manifest's managed_schema. The
 * file is written before the browser starts and removed after, always (it needs root: CI runs as root).
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_ID, launchBrowser, startSandbox, unexpectedHosts, waitForOverlay, type Browser, type Sandbox } from './harness';
import { toApprovalRequired } from './journey';

const POLICY_DIR = '/etc/chromium/policies/managed';
const POLICY_FILE = `${POLICY_DIR}/rox-consent-companion-e2e.json`;
const root = typeof process.getuid === 'function' && process.getuid() === 0;
const TEST_APP = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';

const policy = (settings: Record<string, unknown>) => JSON.stringify({ '3rdparty': { extensions: { [EXTENSION_ID]: settings } } }, null, 2);

const MANAGED = {
  justificationTemplate: 'Fabrikam IT: please approve {integration} for the sales team.',
  trustedClientIds: [TEST_APP],
  adminContact: 'it-help@fabrikam.com',
  notifications: false,
  // Passes Chromium's schema check (an integer) but not the extension's bounds (1 to 365): ignored, and named.
  expiryDays: 1000,
};

if (!root) console.warn(`policy.test.ts skipped: writing ${POLICY_FILE} needs root (CI runs as root).`);

describe.skipIf(!root)('managed policy (a real Chromium policy file)', () => {
  let sandbox: Sandbox;
  let browser: Browser;
  /** The first directory this test created (removed after), if any. */
  let created: string | undefined;

  beforeAll(async () => {
    created = existsSync(POLICY_DIR) ? undefined : mkdirSync(POLICY_DIR, { recursive: true });
    writeFileSync(POLICY_FILE, policy(MANAGED));
    sandbox = await startSandbox({ quiet: true });
    browser = await launchBrowser(sandbox);
  });
  afterAll(async () => {
    try {
      if (browser) expect(unexpectedHosts(browser, sandbox)).toEqual([]);
    } finally {
      rmSync(POLICY_FILE, { force: true });
      if (created) rmSync(created, { recursive: true, force: true });
      await browser?.close();
      await sandbox?.close();
    }
  });

  const managed = () => browser.worker.evaluate(() => (globalThis as unknown as { chrome: { storage: { managed: { get(): Promise<object> } } } }).chrome.storage.managed.get());

  async function openOptions(): Promise<Page> {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${EXTENSION_ID}/src/options/index.html`);
    await page.locator('#justificationTemplate').waitFor();
    return page;
  }

  it('reaches the extension, locks the options it sets and names the value it ignores', async () => {
    await expect.poll(managed, { timeout: 15_000 }).toMatchObject({ justificationTemplate: MANAGED.justificationTemplate, trustedClientIds: [TEST_APP] });
    const page = await openOptions();
    const template = page.locator('#justificationTemplate');
    expect(await template.inputValue()).toBe(MANAGED.justificationTemplate);
    expect(await template.isDisabled()).toBe(true);
    expect(await page.locator('[data-setting="justificationTemplate"] .managed').textContent()).toBe('Managed by your organization');
    expect(await page.locator('#notifications').isDisabled()).toBe(true);
    expect(await page.locator('#notifications').isChecked()).toBe(false);
    // Not set by policy: the user's to change.
    expect(await page.locator('#checkIntervalMinutes').isDisabled()).toBe(false);
    // expiryDays: 1000 is out of bounds: ignored (the default applies, unlocked) and named.
    expect(await page.locator('#expiryDays').isDisabled()).toBe(false);
    expect(await page.locator('#expiryDays').inputValue()).toBe('30');
    const org = (await page.locator('.org').textContent()) ?? '';
    expect(org).toContain('it-help@fabrikam.com');
    expect(org).toContain('expiryDays');
    await page.close();
  });

  it('the managed template reaches the prefill on Microsoft\'s Approval required page', async () => {
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    const approval = await toApprovalRequired(page);
    await expect.poll(() => approval.justification().inputValue()).toBe('Fabrikam IT: please approve Outlook Calendar for the sales team.');
    await waitForOverlay(page, (o) => o.text.includes('Justification'));
    await page.close();
  });

  it('the admin contact reaches the popup\'s "Remind my admin"', async () => {
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    const approval = await toApprovalRequired(page);
    await waitForOverlay(page, (o) => o.text.includes('Justification'));
    await approval.requestApproval();
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${EXTENSION_ID}/src/popup/index.html`);
    await popup.getByRole('button', { name: 'Remind my admin' }).first().click();
    const mail = await popup.getByRole('link', { name: 'Email my admin' }).getAttribute('href');
    expect(mail).toMatch(/^mailto:it-help@fabrikam\.com\?subject=/);
    await popup.close();
    await page.close();
  });

  it('applies a policy change live (chrome://policy, Reload policies)', async () => {
    writeFileSync(POLICY_FILE, policy({ ...MANAGED, justificationTemplate: 'Changed by IT for {integration}.' }));
    const options = await openOptions();
    const policyPage = await browser.context.newPage();
    await policyPage.goto('chrome://policy');
    await policyPage.locator('#reload-policies').click();
    await expect.poll(() => options.locator('#justificationTemplate').inputValue(), { timeout: 15_000 }).toBe('Changed by IT for {integration}.');
    expect(await options.locator('#preview').textContent()).toBe('Changed by IT for Outlook Calendar.');
    await policyPage.close();
    await options.close();
  });
});
