/**
 * Issue 9, the options page: the justification template's live preview, bad input named under its setting and
 * nothing saved, one write for everything, "Forget all data" after a confirmation, and a diagnostics report
 * previewed before it is saved, with no personal data in it.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { EXTENSION_ID, useSandboxBrowser, waitForOverlay } from './harness';
import { toApprovalRequired } from './journey';

const env = useSandboxBrowser();
const FLOWS_KEY = 'rox-consent-companion';

/** The options page as a page object: every selector lives here. */
class OptionsPage {
  constructor(readonly page: Page) {}
  static async open(): Promise<OptionsPage> {
    const page = await env.user.context.newPage();
    await page.goto(`chrome-extension://${EXTENSION_ID}/src/options/index.html`);
    await page.locator('#justificationTemplate').waitFor();
    return new OptionsPage(page);
  }
  template = () => this.page.locator('#justificationTemplate');
  preview = () => this.page.locator('#preview');
  interval = () => this.page.locator('#checkIntervalMinutes');
  expiry = () => this.page.locator('#expiryDays');
  origins = () => this.page.locator('#roxOrigins');
  status = () => this.page.locator('#save-status');
  errorsOf = (id: string) => this.page.locator(`#${id}-error li`);
  save = () => this.page.getByRole('button', { name: 'Save', exact: true }).click();
}

/** storage.session, which tests/e2e/env.d.ts does not type. */
type Session = { chrome: { storage: { session: { set(v: object): Promise<void>; get(k: null): Promise<object> } } } };

const stored = () => env.user.worker.evaluate(() => chrome.storage.local.get(null)) as Promise<Record<string, { prefs?: Record<string, unknown>; flows?: Record<string, unknown> }>>;

describe('the options page', () => {
  it('previews the justification live, as the prefill will write it', async () => {
    const o = await OptionsPage.open();
    // Empty: the built-in text.
    await expect.poll(() => o.preview().textContent()).toContain('Please approve Rox 365 Integration');
    await o.template().fill('Rox syncs my {integration} with our CRM.');
    await expect.poll(() => o.preview().textContent()).toBe('Rox syncs my Outlook Calendar with our CRM.');
    await o.page.close();
  });

  it('names each bad input under its setting and saves nothing, not even the good ones', async () => {
    const o = await OptionsPage.open();
    const before = await stored();
    await o.template().fill('Please approve {app} for {integration}.');
    await o.interval().fill('5');
    await o.expiry().fill('abc');
    await o.origins().fill('http://rox.example.com\nhttps://rox.example.org/path?x=1\nhttps://*.example.net');
    await o.save();
    await expect.poll(() => o.status().textContent()).toMatch(/Nothing was saved/);
    expect(await o.errorsOf('justificationTemplate').allTextContents()).toEqual(['{app} is not replaced: the only placeholder is {integration}.']);
    expect(await o.errorsOf('checkIntervalMinutes').allTextContents()).toEqual(['Enter a whole number of minutes from 15 to 1440.']);
    expect(await o.errorsOf('expiryDays').allTextContents()).toEqual(['Enter a whole number of days from 1 to 365.']);
    expect(await o.errorsOf('roxOrigins').allTextContents()).toEqual([
      '"http://rox.example.com" must start with https://',
      '"https://rox.example.org/path?x=1": give the address only (https://host), without a path, port, query or user name.',
      '"https://*.example.net": wildcards are not allowed; add each address exactly.',
    ]);
    expect(await o.template().getAttribute('aria-invalid')).toBe('true');
    // Nothing written: storage is exactly as it was.
    expect(await stored()).toEqual(before);

    // Fixed: everything is saved at once, in one write.
    await env.user.worker.evaluate(() => {
      const g = globalThis as unknown as { __writes?: number };
      g.__writes = 0;
      const c = (globalThis as unknown as { chrome: { storage: { onChanged: { addListener(f: (changes: unknown, area: string) => void): void } } } }).chrome;
      c.storage.onChanged.addListener((_c, area) => void (area === 'local' && (g.__writes = (g.__writes ?? 0) + 1)));
    });
    await o.template().fill('Please approve {integration}.');
    await o.interval().fill('120');
    await o.expiry().fill('14');
    await o.origins().fill('');
    await o.page.locator('#notifications').uncheck();
    await o.save();
    await expect.poll(() => o.status().textContent()).toBe('Saved.');
    expect((await stored())[FLOWS_KEY]?.prefs).toEqual({ justificationTemplate: 'Please approve {integration}.', expiryDays: 14, checkIntervalMinutes: 120, approvalChecks: true, notifications: false, roxOrigins: [] });
    expect(await env.user.worker.evaluate(() => (globalThis as unknown as { __writes: number }).__writes)).toBe(1);
    expect(await o.page.locator('.field.invalid').count()).toBe(0);
    await o.page.close();
  });

  it('asks the browser for an added Rox origin first, and saves nothing when access is not given', async () => {
    const o = await OptionsPage.open();
    const before = await stored();
    // Headless Chromium's permission prompt cannot be answered from here: the user's "Deny" stands in for it,
    // recording what was asked (chrome.permissions is read at call time by the polyfill).
    await o.page.evaluate(() => {
      const w = window as unknown as { __asked: unknown[] };
      w.__asked = [];
      ((globalThis as unknown as { chrome: { permissions: unknown } }).chrome.permissions as { request: (p: unknown, cb?: (ok: boolean) => void) => Promise<boolean> }).request = (p, cb) => {
        w.__asked.push(p);
        cb?.(false);
        return Promise.resolve(false);
      };
    });
    await o.template().fill('Changed {integration}');
    await o.origins().fill('https://rox.example.com');
    await o.save();
    await expect.poll(() => o.status().textContent(), { timeout: 10_000 }).toBe('Nothing was saved: the browser did not allow access to https://rox.example.com.');
    // Exactly that origin, nothing broader.
    expect(await o.page.evaluate(() => (window as unknown as { __asked: unknown[] }).__asked)).toEqual([{ origins: ['https://rox.example.com/*'] }]);
    expect(await stored()).toEqual(before);
    await o.page.close();
  });

  it('the saved template reaches the prefill on Microsoft\'s Approval required page', async () => {
    const o = await OptionsPage.open();
    await o.template().fill('My team needs {integration} in Rox.');
    await o.save();
    await expect.poll(() => o.status().textContent()).toBe('Saved.');
    await o.page.close();
    const page = await env.user.context.newPage();
    const approval = await toApprovalRequired(page);
    await expect.poll(() => approval.justification().inputValue()).toBe('My team needs Outlook Calendar in Rox.');
    await waitForOverlay(page, (o) => o.text.includes('Justification'));
    await page.close();
  });

  it('previews a diagnostics report with no personal data, then saves that file', async () => {
    // A real flow (account, tenant, justification) and a recognised page in the last tab.
    const page = await env.user.context.newPage();
    const approval = await toApprovalRequired(page);
    await waitForOverlay(page, (ov) => ov.text.includes('Justification'));
    await approval.justification().fill('Secret reason for adele about project Falcon');
    await approval.requestApproval();
    await expect.poll(async () => Object.values((await stored())[FLOWS_KEY]?.flows ?? {}).length).toBe(1);
    await page.bringToFront();

    const o = await OptionsPage.open();
    await o.page.locator('#diag-preview').click();
    const text = (await o.page.locator('#diag-report').textContent()) ?? '';
    const report = JSON.parse(text);
    expect(report).toMatchObject({
      extensionVersion: '0.1.0',
      settings: { justificationTemplate: { value: 'built-in', source: 'default' }, expiryDays: { value: 30, source: 'default' } },
      flowsByState: { requested: 1 },
    });
    expect(report.browser).toMatch(/^(Chromium|Chrome) \d+$/);
    expect(typeof report.currentTab === 'object' ? report.currentTab.kind : report.currentTab).toMatch(/request-sent|approval-required|nothing recognised/);
    // No personal data: no account, no domain, no tenant, no address with a query, no justification text.
    for (const secret of ['megan', 'fabrikam', '@', 'Falcon', 'Secret reason', 'https://', '?', '5c9e8a2e']) expect(text, secret).not.toContain(secret);

    // Saved as what was previewed.
    const download = o.page.waitForEvent('download');
    await o.page.locator('#diag-save').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('rox-consent-companion-diagnostics.json');
    const { readFileSync } = await import('node:fs');
    expect(readFileSync((await file.path())!, 'utf8')).toBe(text);
    await o.page.close();
    await page.close();
  });

  it('forgets all data only after a confirmation', async () => {
    const o = await OptionsPage.open();
    await o.template().fill('Keep me {integration}');
    await o.save();
    await expect.poll(() => o.status().textContent()).toBe('Saved.');
    await env.user.worker.evaluate(() => (globalThis as unknown as Session).chrome.storage.session.set({ 'tab:1': { requests: [], current: null, seen: {}, nextId: 1 } }));

    await o.page.locator('#forget-start').click();
    // Cancel keeps everything.
    await o.page.locator('#forget-cancel').click();
    expect((await stored())[FLOWS_KEY]?.prefs?.justificationTemplate).toBe('Keep me {integration}');

    await o.page.locator('#forget-start').click();
    await expect.poll(() => o.page.evaluate(() => document.activeElement?.id)).toBe('forget-confirm');
    await o.page.locator('#forget-confirm').click();
    await expect.poll(() => o.page.locator('#forget-status').textContent()).toBe('Everything was forgotten.');
    expect(await stored()).toEqual({});
    expect(await env.user.worker.evaluate(() => (globalThis as unknown as Session).chrome.storage.session.get(null))).toEqual({});
    await expect.poll(() => o.template().inputValue()).toBe('');
    await o.page.close();
  });
});
