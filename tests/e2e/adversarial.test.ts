/**
 * Issue 6 in the browser, attacker first: look-alike apps get a red warning and no Rox help, the genuine
 * app is never red (German page, minified and hidden-body markup), and a tab's memory of Rox's sign-in
 * never vouches for another flow (device code, a form-POSTed authorize request) and never condemns Rox's
 * own page after another app's sign-in. The sandbox's adversarial apps and page variants: tests/sandbox
 * (apps.ts, login-pages.ts `Markup`), facts and assumptions in docs/microsoft-pages.md.
 *
 * Negative checks wait for a settled page (rendered, detection frames done, no message in flight to the
 * worker: harness waitForSettled), never for a fixed time.
 */
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { adversarialApp, roxScopes, ROX, authorizeUrl, THIRD_PARTY, THIRD_PARTY_SCOPES, type AdversarialApp } from '../sandbox/apps';
import { REAL_CAPTURE } from '../sandbox/login-pages';
import { launchBrowser, readOverlay, recordMessages, unexpectedHosts, useSandboxBrowser, waitForOverlay, waitForSettled, type OverlayView } from './harness';
import { ApprovalRequiredPage, MicrosoftSignIn, RoxApp } from './journey';

const env = useSandboxBrowser();
const UPN = 'megan@fabrikam.com';
const DEVICE_AUTH = 'https://login.microsoftonline.com/common/oauth2/deviceauth';

beforeEach(() => recordMessages(env.user.worker));

// ---- what the overlay says ---------------------------------------------------------------------------------

/** The red warning: the suspicious verdict box (role=alert). */
const isRed = (o: OverlayView | null) => !!o?.elements.some((e) => e.attrs.role === 'alert' || /\bsuspicious\b/.test(e.attrs.class ?? ''));
/** The genuine verdict: its box (class "v genuine") or its text, in any language the extension speaks. */
const saysGenuine = (o: OverlayView | null) =>
  !!o && (o.elements.some((e) => /\bgenuine\b/.test(e.attrs.class ?? '')) || /This is the genuine Rox 365 Integration|Dies ist die echte Rox 365 Integration/.test(o.text));

/** The overlay of Rox's own Approval required has decided: Rox's help, or (wrongly) the red warning. */
const roxHelpOrRed = (o: OverlayView) => isRed(o) || o.text.includes('Your admin needs to approve Rox');

/** The overlay once the page has settled (null: none). */
async function settledOverlay(page: Page): Promise<OverlayView | null> {
  await waitForSettled(page, env.user.worker);
  return readOverlay(page);
}

async function expectNeverGenuine(page: Page, where: string) {
  const o = await settledOverlay(page);
  expect(saysGenuine(o), `${where}: the overlay vouches for an app it cannot prove is Rox's: ${o?.text}`).toBe(false);
  return o;
}

// ---- journeys ----------------------------------------------------------------------------------------------

/** From an app's own start page to Microsoft's next page (signing in when asked). */
async function startApp(page: Page, app: AdversarialApp, how: 'link' | 'form' = 'link') {
  await page.goto(app.startUrl);
  if (how === 'link') await page.locator('a.connect').click();
  else await page.locator('form.connect-post button').click();
  await page.waitForURL((u) => u.hostname === 'login.microsoftonline.com');
  if (await signInShown(page)) await new MicrosoftSignIn(page).signIn(UPN);
}

/** Is Microsoft's sign-in form on screen (after the late render)? */
async function signInShown(page: Page): Promise<boolean> {
  await page.waitForFunction(() => (window as unknown as { __sandboxRendered?: boolean }).__sandboxRendered === true);
  return page.locator('#i0116').isVisible();
}

/** Rox's Connect, up to Microsoft's first page (sign-in, or Approval required when already signed in). */
async function startRox(page: Page) {
  const rox = new RoxApp(page);
  await rox.openIntegrations();
  await rox.connect('outlook-calendar');
}

async function roxApprovalRequired(page: Page) {
  await startRox(page);
  if (await signInShown(page)) await new MicrosoftSignIn(page).signIn(UPN);
  const approval = new ApprovalRequiredPage(page);
  await approval.waitForIt();
  return approval;
}

/** The user writes their own justification on a look-alike's page and requests approval: Request sent. */
async function requestAnyway(page: Page) {
  await page.locator('textarea').fill('Please approve this app.');
  await page.locator('input[type=submit][value="Request approval"]').click();
  await page.getByText('Request sent', { exact: true }).waitFor();
}

describe('look-alikes get the red warning and no Rox help', () => {
  it('(a) the Greek-omicron "Rοx 365 Integration": red, and the justification box stays empty', async () => {
    const app = adversarialApp('homoglyph-omicron');
    const page = await env.user.context.newPage();
    await startApp(page, app);
    await page.getByText('Approval required', { exact: true }).waitFor();
    const o = await waitForOverlay(page, isRed);
    expect(o.text).toContain('Warning: this app is not the genuine Rox 365 Integration.');
    expect(saysGenuine(o)).toBe(false);
    await waitForSettled(page, env.user.worker);
    expect(await page.locator('textarea').inputValue()).toBe('');
    await page.close();
  });

  it.each(['slashed-o', 'dotted'])('(a) the %s look-alike, whose name once stopped at the content script\'s first look: red, box empty', async (slug) => {
    const app = adversarialApp(slug);
    const page = await env.user.context.newPage();
    await startApp(page, app);
    await page.getByText('Approval required', { exact: true }).waitFor();
    const o = await waitForOverlay(page, isRed);
    expect(o.text).toContain('Warning: this app is not the genuine Rox 365 Integration.');
    await waitForSettled(page, env.user.worker);
    expect(await page.locator('textarea').inputValue()).toBe('');
    await page.close();
  });

  it('(a) the same look-alike in a tab that started Rox\'s sign-in first: still red, box still empty', async () => {
    const app = adversarialApp('homoglyph-omicron');
    const page = await env.user.context.newPage();
    await startRox(page);
    await new MicrosoftSignIn(page).signIn(UPN);
    await new ApprovalRequiredPage(page).waitForIt();
    await startApp(page, app);
    await page.getByText('Approval required', { exact: true }).waitFor();
    await waitForOverlay(page, isRed);
    await waitForSettled(page, env.user.worker);
    expect(await page.locator('textarea').inputValue()).toBe('');
    await page.close();
  });

  it('(c) a third-party app whose name mentions Rox ("Contoso Notes for Rox") gets no Rox prefill', async () => {
    const app = adversarialApp('contoso-notes-for-rox');
    const page = await env.user.context.newPage();
    await startApp(page, app);
    await page.getByText('Approval required', { exact: true }).waitFor();
    const o = await settledOverlay(page);
    expect(saysGenuine(o), o?.text).toBe(false);
    expect(await page.locator('textarea').inputValue()).toBe('');
    expect(o?.text ?? '').not.toContain('Please approve Rox 365 Integration');
    await page.close();
  });
});

describe('the genuine app is never red', () => {
  it('(b) Rox\'s Approval required in German (German permission names) is not red', async () => {
    const de = await launchBrowser(env.sandbox, { locale: 'de' });
    try {
      const page = await de.context.newPage();
      await startRox(page);
      await new MicrosoftSignIn(page).signIn(UPN);
      // The German title is not known (the sandbox pseudo-localises it): wait for the form instead.
      await page.locator('textarea').waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('de-DE');
      expect(await page.getByText('Benutzerkalender lesen', { exact: true }).count()).toBe(1);
      const o = await waitForOverlay(page);
      expect(isRed(o), o.text).toBe(false);
      await expect.poll(() => page.locator('textarea').inputValue()).not.toBe('');
      expect(isRed(await readOverlay(page))).toBe(false);
      await page.close();
    } finally {
      try {
        expect(unexpectedHosts(de, env.sandbox), 'requests for hosts the sandbox does not serve').toEqual([]);
      } finally {
        await de.close();
      }
    }
  });

  it('(d) minified markup and a body hidden until rendered: the overlay still comes, with the prefill', async () => {
    env.sandbox.tenant.policy.markup = { minified: true, hiddenBody: true };
    const page = await env.user.context.newPage();
    const approval = await roxApprovalRequired(page);
    // The page really is the variant: no whitespace between elements, body shown late.
    expect(await page.evaluate(() => document.body.textContent)).toMatch(/Approval requiredRox 365 Integration/);
    expect(await page.evaluate(() => document.body.className)).toBe('cb');
    const o = await waitForOverlay(page, roxHelpOrRed);
    expect(isRed(o), o.text).toBe(false);
    await expect.poll(() => approval.justification().inputValue()).toContain('Please approve Rox 365 Integration');
    await page.close();
  });

  it('(d) every real-capture variant at once (captured layout, $Config app keys and unknown keys, script strings): overlay and prefill', async () => {
    env.sandbox.tenant.policy.markup = { ...REAL_CAPTURE, appConfig: true };
    const page = await env.user.context.newPage();
    const approval = await roxApprovalRequired(page);
    expect(await page.locator('img[alt="Organization banner logo"]').count()).toBe(1);
    expect(await page.getByText('Allows the app to read events in user calendars.', { exact: true }).count()).toBe(1);
    const o = await waitForOverlay(page, roxHelpOrRed);
    expect(isRed(o), o.text).toBe(false);
    await expect.poll(() => approval.justification().inputValue()).toContain('Please approve Rox 365 Integration');
    await page.close();
  });
});

describe('the genuine app is never red, whichever permission texts Microsoft lists', () => {
  it('Rox\'s Approval required listing Graph\'s user-facing permission texts ("Read your calendars") is not red', async () => {
    env.sandbox.tenant.policy.markup = { permissionLabels: 'user' };
    const page = await env.user.context.newPage();
    await roxApprovalRequired(page);
    await page.getByText('Read your calendars', { exact: true }).waitFor();
    const o = await waitForOverlay(page, roxHelpOrRed);
    expect(isRed(o), o.text).toBe(false);
    await page.close();
  });
});

describe('stale tab memory never vouches for another flow', () => {
  it('(e) Rox\'s sign-in, then a device code for an exact-name copy: its Approval required and Request sent are never "genuine"', async () => {
    const copy = adversarialApp('exact-copy');
    const page = await env.user.context.newPage();
    // Rox's sign-in starts in this tab (its authorize URL), and is left at the sign-in page.
    await startRox(page);
    expect(new URL(page.url()).searchParams.get('client_id')).toBe(ROX.clientId);
    await page.locator('#i0116').waitFor();
    // The same tab continues with a device code (another app's, named exactly like Rox's).
    const code = env.sandbox.login.issueDeviceCode(copy.clientId, copy.scopes);
    await page.goto(DEVICE_AUTH);
    await page.locator('#otc').fill(code);
    await page.locator('#idSIButton9').click();
    await new MicrosoftSignIn(page).signIn(UPN);
    await page.getByText('Approval required', { exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/common/reprocess');
    const approval = await expectNeverGenuine(page, 'Approval required after a device code');
    expect(isRed(approval), approval?.text).toBe(true);
    expect(await page.locator('textarea').inputValue()).toBe('');
    await requestAnyway(page);
    expect(env.sandbox.tenant.requests[0]?.clientId).toBe(copy.clientId);
    await expectNeverGenuine(page, 'Request sent after a device code');
    await page.close();
  });

  it('(e) Rox\'s sign-in, then a look-alike\'s authorize request POSTed from a form (no client id in any URL): never "genuine"', async () => {
    const copy = adversarialApp('exact-copy');
    const page = await env.user.context.newPage();
    await startRox(page);
    await page.locator('#i0116').waitFor();
    await startApp(page, copy, 'form');
    await page.getByText('Approval required', { exact: true }).waitFor();
    expect(new URL(page.url()).searchParams.get('client_id')).toBeNull();
    const approval = await expectNeverGenuine(page, 'Approval required of a form-POSTed request');
    expect(isRed(approval), approval?.text).toBe(true);
    expect(await page.locator('textarea').inputValue()).toBe('');
    await requestAnyway(page);
    await expectNeverGenuine(page, 'Request sent of a form-POSTed request');
    await page.close();
  });

  it('(e) Rox\'s Approval required, then a form-POSTed look-alike signed in already: Request sent is never "genuine"', async () => {
    const copy = adversarialApp('exact-copy');
    const page = await env.user.context.newPage();
    await roxApprovalRequired(page);
    await waitForOverlay(page, saysGenuine);
    await startApp(page, copy, 'form');
    await page.getByText('Approval required', { exact: true }).waitFor();
    await expectNeverGenuine(page, 'Approval required of a form-POSTed request after Rox\'s');
    await requestAnyway(page);
    await expectNeverGenuine(page, 'Request sent after Rox\'s own Approval required');
    await page.close();
  });
});

describe('another app\'s sign-in never condemns Rox\'s own page', () => {
  it('(f) after another app\'s sign-in in the tab, Rox\'s Approval required (a new navigation) is not red', async () => {
    const page = await env.user.context.newPage();
    await page.goto(THIRD_PARTY.website);
    await page.locator('a.connect').click();
    await new MicrosoftSignIn(page).signIn(UPN);
    await page.getByText('Approval required', { exact: true }).waitFor();
    await waitForSettled(page, env.user.worker);
    const approval = await roxApprovalRequired(page);
    const o = await waitForOverlay(page, roxHelpOrRed);
    expect(isRed(o), o.text).toBe(false);
    await expect.poll(() => approval.justification().inputValue()).toContain('Please approve Rox 365 Integration');
    await page.close();
  });

  it('(f) after a look-alike\'s red page in the tab, Rox\'s Approval required is not red', async () => {
    const page = await env.user.context.newPage();
    await startApp(page, adversarialApp('contoso-notes-for-rox'));
    await page.getByText('Approval required', { exact: true }).waitFor();
    await waitForSettled(page, env.user.worker);
    await roxApprovalRequired(page);
    const o = await waitForOverlay(page, roxHelpOrRed);
    expect(isRed(o), o.text).toBe(false);
    await page.close();
  });

  it('(f) Back to Rox\'s Approval required (at its authorize URL) after another app\'s request: not red', async () => {
    const page = await env.user.context.newPage();
    // Signed in first, so Rox's Approval required shows at Rox's own authorize URL.
    await page.goto(authorizeUrl(THIRD_PARTY, THIRD_PARTY_SCOPES));
    await new MicrosoftSignIn(page).signIn(UPN);
    await page.getByText('Approval required', { exact: true }).waitFor();
    const roxUrl = authorizeUrl(ROX, roxScopes('outlook-calendar'));
    await page.goto(roxUrl);
    await new ApprovalRequiredPage(page).waitForIt();
    await waitForOverlay(page, roxHelpOrRed);
    await page.goto(authorizeUrl(THIRD_PARTY, THIRD_PARTY_SCOPES));
    await page.getByText('Contoso Notes', { exact: true }).waitFor();
    await waitForSettled(page, env.user.worker);
    await page.goBack();
    expect(page.url()).toBe(roxUrl);
    await new ApprovalRequiredPage(page).waitForIt();
    const o = await waitForOverlay(page, roxHelpOrRed);
    expect(isRed(o), o.text).toBe(false);
    await page.close();
  });
});
