/**
 * Issue 9, real Firefox: the Firefox build installs in Firefox ESR as an add-on; on Microsoft's Approval
 * required page (reached through the sandbox's user journey) the overlay shows with the justification
 * prefill; the impostor gets the red warning; the popup lists the flow.
 */
import { describe, expect, it } from 'vitest';
import { IMPOSTOR_CLIENT_ID, SANDBOX_ROX_CLIENT_ID } from '../sandbox/apps';
import {
  ADDON_ID,
  click,
  inExtension,
  justification,
  POPUP,
  requestApproval,
  signIn,
  toApprovalRequired,
  unexpectedHosts,
  until,
  useSandboxFirefox,
  visible,
  waitForOverlay,
  waitForText,
  waitForUrl,
} from './harness';

const env = useSandboxFirefox();

const TEMPLATE = 'I use Rox for my sales work and need to connect my Outlook Calendar. Please approve Rox 365 Integration (publisher: Rox Data Corp.) so it can sync my data to Rox.';

async function storedFlows(): Promise<{ state: string; justification?: string; account: string; integration: string; clientId: string }[]> {
  const all = await inExtension(await env.firefox.control(), (b) => b.storage.local.get(null));
  return Object.values((all['rox-consent-companion'] as { flows?: Record<string, never> } | undefined)?.flows ?? {});
}

describe('Firefox: the add-on', () => {
  it('installs: Firefox\'s manifest (gecko id, background page, no offscreen), host access granted, the background page answers', async () => {
    expect(env.firefox.addonId).toBe(ADDON_ID);
    const control = await env.firefox.control();
    const facts = await inExtension(control, async (b) => {
      const m = b.runtime.getManifest() as { manifest_version: number; background: { scripts?: string[]; service_worker?: string }; permissions: string[]; browser_specific_settings: { gecko: { id: string } } };
      return {
        id: b.runtime.id,
        manifestVersion: m.manifest_version,
        gecko: m.browser_specific_settings.gecko.id,
        background: m.background,
        permissions: m.permissions,
        hosts: await b.permissions.contains({ origins: ['https://login.microsoftonline.com/*', 'https://app.rox.com/*', 'https://entra.microsoft.com/*'] }),
        flows: await b.runtime.sendMessage({ type: 'get-flows', data: {} }),
      };
    });
    expect(facts).toMatchObject({ id: ADDON_ID, manifestVersion: 3, gecko: ADDON_ID, hosts: true, flows: { ok: true } });
    expect(facts.background.scripts?.length).toBe(1);
    expect(facts.background.service_worker ?? null).toBeNull();
    expect(facts.permissions).not.toContain('offscreen');
    expect(facts.permissions).toEqual(expect.arrayContaining(['identity', 'webRequest', 'scripting', 'storage', 'alarms']));
  });
});

describe('Firefox: the user journey', () => {
  it('Approval required: the overlay with the justification prefill; Request approval sends it; the popup lists the flow', async () => {
    const page = await env.firefox.newPage();
    await toApprovalRequired(page);
    const overlay = await waitForOverlay(page, env.firefox.bidi, (o) => o.text.includes('Your admin needs to approve Rox'));
    expect(overlay.shadowMode).toBe('closed');
    expect(overlay.text).toContain('This is the genuine Rox 365 Integration');
    expect(overlay.elements.some((e) => e.attrs.role === 'alert')).toBe(false);
    expect(overlay.elements.some((e) => e.attrs['aria-current'] === 'step' && e.text.includes('Request admin approval'))).toBe(true);
    expect(overlay.elements.find((e) => e.attrs.role === 'complementary')?.attrs['aria-label']).toBe('Rox Consent Companion');
    await until(page, (t) => document.querySelector('textarea')?.value === t, TEMPLATE);
    // The page itself cannot reach into the panel.
    expect(await page.evaluate(() => document.querySelector('rox-consent-companion')?.shadowRoot ?? null)).toBeNull();
    // The overlay submitted nothing: still on Approval required, no request yet; focus stays with Microsoft's page.
    expect(env.sandbox.tenant.requests).toHaveLength(0);
    expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('ROX-CONSENT-COMPANION');

    await requestApproval(page);
    expect(env.sandbox.tenant.requests[0]).toMatchObject({ requester: 'megan@fabrikam.com', justification: TEMPLATE });
    const sent = await waitForOverlay(page, env.firefox.bidi, (o) => o.text.includes('Request sent: what happens next'));
    expect(sent.text).toContain('megan@fabrikam.com');
    await expect.poll(storedFlows).toEqual([expect.objectContaining({ state: 'requested', account: 'megan@fabrikam.com', integration: 'outlook-calendar', justification: TEMPLATE })]);
    const stored = JSON.stringify(await inExtension(await env.firefox.control(), (b) => b.storage.local.get(null)));
    expect(stored).not.toMatch(/code=|access_token|refresh_token|demo-password/);

    // The toolbar popup's page lists the flow.
    const popup = await env.firefox.openExtensionPage(POPUP);
    await visible(popup, 'li.card[data-state="requested"]');
    expect(await popup.$eval('li.card', (li) => li.textContent)).toContain('Waiting for admin');
    expect(await popup.$$eval('li.card', (cards) => cards.length)).toBe(1);
    await popup.close();
    await page.close();
  });

  it('the impostor (a look-alike app under another client id) gets the red warning, no prefill, nothing tracked', async () => {
    const page = await env.firefox.newPage();
    await page.goto('https://rox-connect.test/');
    await click(page, 'a.connect');
    await waitForUrl(page, (u) => u.hostname === 'login.microsoftonline.com');
    expect(new URL(page.url()).searchParams.get('client_id')).toBe(IMPOSTOR_CLIENT_ID);
    await signIn(page, 'megan@fabrikam.com');
    await waitForText(page, 'Approval required');
    const o = await waitForOverlay(page, env.firefox.bidi, (v) => v.elements.some((e) => e.attrs.role === 'alert'));
    const alert = o.elements.find((e) => e.attrs.role === 'alert')!;
    expect(alert.text).toContain('Warning: this app is not the genuine Rox 365 Integration.');
    for (const reason of ["Its app ID is not Rox's.", 'Microsoft marks its publisher as unverified', 'send your sign-in to a site that is not Rox', 'asks for permissions Rox never asks for'])
      expect(alert.text).toContain(reason);
    expect(alert.text).toContain('Files.ReadWrite.All');
    expect(o.text).not.toContain('This is the genuine Rox 365 Integration');
    // No justification is offered for a look-alike, and nothing is tracked.
    expect(await justification(page)).toBe('');
    expect(await storedFlows()).toEqual([]);
    await page.close();
  });

  it('the admin consent prompt for Rox: the checklist, and genuine (Rox\'s reply URLs list both browsers\' redirects)', async () => {
    const page = await env.firefox.newPage();
    await page.goto(`https://login.microsoftonline.com/organizations/adminconsent?client_id=${SANDBOX_ROX_CLIENT_ID}`);
    await signIn(page, 'adele@fabrikam.com');
    await waitForText(page, 'Permissions requested');
    // Microsoft's page carries the app's registered reply URLs: Rox's callback and the add-on's redirects.
    expect(await page.evaluate(() => JSON.stringify((window as unknown as { $Config?: { arrAppReplyUrls?: string[] } }).$Config?.arrAppReplyUrls ?? []))).toContain('extensions.allizom.org');
    const o = await waitForOverlay(page, env.firefox.bidi, (v) => v.text.includes('Check before you accept'));
    expect(o.text, o.text).toContain('This is the genuine Rox 365 Integration');
    expect(o.elements.some((e) => e.attrs.role === 'alert')).toBe(false);
    expect(o.text).toContain('Checked: The publisher is Rox Data Corp.');
    expect(o.text).toContain('Checked: The permissions are the ones Rox lists');
    expect(o.text).toContain('You click Accept yourself');
    await page.close();
  });
});

describe('Firefox: the privacy record', () => {
  it('sees every host Firefox asks for: a page outside the sandbox (HTTPS or plain HTTP) is caught', async () => {
    expect(unexpectedHosts(env.firefox, env.sandbox)).toEqual([]);
    const page = await env.firefox.newPage();
    await page.goto('https://outside.example/').catch(() => undefined);
    await page.goto('http://plain.example/x').catch(() => undefined);
    await page.close();
    const caught = unexpectedHosts(env.firefox, env.sandbox);
    expect(caught).toEqual(expect.arrayContaining(['outside.example', 'plain.example', 'http://plain.example/x', 'outside.example/ (origin -)']));
    // Forgotten again, so the file's final check covers every other test.
    env.firefox.hostsAsked.delete('outside.example');
    env.firefox.hostsAsked.delete('plain.example');
    env.firefox.proxy.plain.length = 0;
    env.sandbox.foreignRequests.length = 0;
    expect(unexpectedHosts(env.firefox, env.sandbox)).toEqual([]);
  });
});
