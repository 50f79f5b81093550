/**
 * Issue 9, accessibility: axe-core (from npm, injected here) finds no serious or critical violation in the
 * popup (flows in several states) or in any overlay, read inside its closed shadow root; the overlay and the
 * popup work with the keyboard alone, focus is visible, the overlay's changes are announced through a live
 * region, and the overlay fits a small window.
 *
 * The closed shadow root: CDP resolves it (as the harness's readOverlay does) and, in the page's main world
 * only, the host element's `shadowRoot` getter is made to return it, so axe (which walks `shadowRoot`) and
 * the keyboard checks (which read the root's activeElement) see the overlay as the user's tools do. The
 * extension's own world and the page's other code are untouched.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { SANDBOX_ROX_CLIENT_ID } from '../../src/catalog';
import type { Flow } from '../../src/flow/model';
import { IMPOSTOR_CLIENT_ID } from '../sandbox/tenant';
import { EXTENSION_ID, launchBrowser, poll, readOverlay, useSandboxBrowser, waitForOverlay } from './harness';
import { EntraAdminCenter, MicrosoftSignIn, RoxApp, toApprovalRequired } from './journey';

const env = useSandboxBrowser();
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const IMPACTS = ['minor', 'moderate', 'serious', 'critical'] as const;
type Impact = (typeof IMPACTS)[number];

interface Violation {
  id: string;
  impact: Impact;
  help: string;
  nodes: string[];
}

/** Every surface's violations, printed at the end as counts by impact. */
const results: { surface: string; violations: Violation[] }[] = [];
afterAll(() => {
  const rows = results.map(({ surface, violations }) => {
    const count = (i: Impact) => violations.filter((v) => v.impact === i).reduce((n, v) => n + v.nodes.length, 0);
    return `${surface.padEnd(48)} ${IMPACTS.map((i) => `${i} ${count(i)}`).join('  ')}${violations.length ? `  (${violations.map((v) => v.id).join(', ')})` : ''}`;
  });
  console.log(`axe-core violations by impact (nodes), per surface:\n${rows.join('\n')}`);
});

/**
 * Opens the overlay's closed shadow root to the page's main world (see the file's comment) and returns
 * true; false when the page has no overlay.
 */
async function exposeShadow(target: Page | Frame): Promise<boolean> {
  const page = 'page' in target ? target.page() : target;
  const session = await page.context().newCDPSession(target);
  try {
    type Node = { nodeName: string; backendNodeId: number; children?: Node[]; shadowRoots?: Node[] };
    const { root } = (await session.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: Node };
    const find = (n: Node): Node | undefined => (n.nodeName === 'ROX-CONSENT-COMPANION' ? n : (n.children ?? []).map(find).find(Boolean));
    const shadow = find(root)?.shadowRoots?.[0];
    if (!shadow) return false;
    const { object } = await session.send('DOM.resolveNode', { backendNodeId: shadow.backendNodeId });
    await session.send('Runtime.callFunctionOn', {
      objectId: object.objectId!,
      functionDeclaration: `function () {
        const root = this;
        Object.defineProperty(root.host, 'shadowRoot', { configurable: true, get: () => root });
        window.__roxShadow = root;
      }`,
    });
    return true;
  } finally {
    await session.detach().catch(() => undefined);
  }
}

/** axe-core in `target`, over the overlay (inside its shadow root) or the whole document. */
async function axe(target: Page | Frame, surface: string, scope: 'overlay' | 'document'): Promise<Violation[]> {
  if (scope === 'overlay') expect(await exposeShadow(target), `${surface}: no overlay`).toBe(true);
  await target.evaluate(AXE_SOURCE);
  const violations = (await target.evaluate(async (overlay) => {
    const a = (window as unknown as { axe: { run(c: unknown, o: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[] }> } }).axe;
    const host = document.querySelector('rox-consent-companion');
    // axe lays out (for color-contrast) only what is under <body>; the host hangs on <html>. For the run it
    // sits at the end of <body>: the same position:fixed rendering; then it goes back.
    // Moving it restarts the panel's fade-in: axe measures once it has ended.
    if (overlay) document.body.append(host!);
    if (overlay) await Promise.all(host!.shadowRoot!.getAnimations().map((x) => x.finished));
    const r = await a.run(overlay ? host : document, { resultTypes: ['violations'] }).finally(() => overlay && document.documentElement.append(host!));
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => `${JSON.stringify(n.target)}: ${n.failureSummary ?? ''}`) }));
  }, scope === 'overlay')) as Violation[];
  results.push({ surface, violations });
  return violations;
}

function expectNoSerious(violations: Violation[], surface: string) {
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad, `${surface}:\n${bad.map((v) => `${v.impact} ${v.id} (${v.help})\n  ${v.nodes.join('\n  ')}`).join('\n')}`).toEqual([]);
}

async function check(target: Page | Frame, surface: string, scope: 'overlay' | 'document' = 'overlay') {
  expectNoSerious(await axe(target, surface, scope), surface);
}

describe('axe sees what the user sees', () => {
  it('inside the closed shadow root: a nameless button and low-contrast text put there are found', async () => {
    const page = await env.user.context.newPage();
    await new RoxApp(page).openIntegrations();
    await waitForOverlay(page);
    expect(await exposeShadow(page)).toBe(true);
    await page.evaluate(() => {
      const root = (window as unknown as { __roxShadow: ShadowRoot }).__roxShadow;
      const p = Object.assign(document.createElement('p'), { textContent: 'faint', className: 'planted' });
      p.style.color = '#eee';
      root.querySelector('section > header')!.after(Object.assign(document.createElement('button'), { className: 'planted' }), p);
    });
    const found = await axe(page, 'self-test: planted faults (expected)', 'overlay');
    expect(found.map((v) => [v.id, v.impact])).toEqual(expect.arrayContaining([['button-name', 'critical'], ['color-contrast', 'serious']]));
    expect(found.flatMap((v) => v.nodes).every((n) => n.includes('.planted'))).toBe(true);
    await page.close();
  });
});

// ---- flows for the popup ------------------------------------------------------------------------------------

const NOW = Date.now();
const HOUR = 3_600_000;
function flow(integration: 'outlook-calendar' | 'outlook-mail', state: Flow['state'], extra: Partial<Flow> = {}, account = 'megan@fabrikam.com'): Flow {
  return {
    key: `${account}|${SANDBOX_ROX_CLIENT_ID}|${integration}`,
    account,
    clientId: SANDBOX_ROX_CLIENT_ID,
    integration,
    tenant: 'fabrikam.com',
    state,
    scopes: ['Calendars.Read', 'Calendars.ReadWrite', 'User.Read'],
    returnUrl: 'https://app.rox.com/integrations',
    createdAt: NOW - 30 * HOUR,
    updatedAt: NOW - HOUR,
    ...extra,
  };
}

const POPUP_STATES: Record<string, Flow[]> = {
  empty: [],
  'waiting, checked': [flow('outlook-calendar', 'requested', { requestedAt: NOW - 29 * HOUR, justification: 'Please approve Rox.', lastProbe: { at: NOW - HOUR, result: 'pending' } })],
  'sign-in needed and admin must grant': [
    flow('outlook-calendar', 'requested', { requestedAt: NOW - 29 * HOUR, lastProbe: { at: NOW - HOUR, result: 'sign-in-needed' } }),
    flow('outlook-mail', 'admin-approval-needed', { errorCode: '90094' }),
  ],
  'approved, connected, expired': [
    flow('outlook-calendar', 'approved', { requestedAt: NOW - 29 * HOUR, approvedAt: NOW - 2 * HOUR }),
    flow('outlook-mail', 'connected', { requestedAt: NOW - 29 * HOUR, approvedAt: NOW - 3 * HOUR, connectedAt: NOW - 2 * HOUR }, 'lee@fabrikam.com'),
    flow('outlook-calendar', 'expired', { requestedAt: NOW - 31 * 24 * HOUR, justification: 'Please approve Rox.' }, 'lee@fabrikam.com'),
  ],
  'not requested yet, connecting': [flow('outlook-calendar', 'approval-required'), flow('outlook-mail', 'connecting')],
};

async function storeFlows(flows: Flow[]) {
  await env.user.worker.evaluate((s) => chrome.storage.local.set({ 'rox-consent-companion': s }), { version: 1, flows: Object.fromEntries(flows.map((f) => [f.key, f])), prefs: { justificationTemplate: '', expiryDays: 30 } });
}

async function openPopup(): Promise<Page> {
  const popup = await env.user.context.newPage();
  await popup.setViewportSize({ width: 440, height: 600 });
  await popup.goto(`chrome-extension://${EXTENSION_ID}/src/popup/index.html`);
  return popup;
}

describe('axe: the popup', () => {
  for (const [name, flows] of Object.entries(POPUP_STATES))
    it(`${name}: no serious or critical violation`, async () => {
      await storeFlows(flows);
      const popup = await openPopup();
      if (flows.length) await expect.poll(() => popup.locator('li.card').count()).toBe(flows.length);
      else await popup.locator('.empty').waitFor();
      await check(popup, `popup: ${name}`, 'document');
      // Every disclosure open (the remind, declined and troubleshoot panels).
      const toggles = popup.locator('button[aria-expanded="false"]');
      if (await toggles.count()) {
        for (let i = (await toggles.count()) - 1; i >= 0; i--) await toggles.nth(i).click();
        await check(popup, `popup: ${name}, panels open`, 'document');
      }
      await popup.close();
    });
});

describe('axe: the options page', () => {
  it('no serious or critical violation, with a flow stored', async () => {
    await storeFlows(POPUP_STATES['waiting, checked']!);
    const options = await env.user.context.newPage();
    await options.goto(`chrome-extension://${EXTENSION_ID}/src/options/index.html`);
    await options.locator('textarea, input').first().waitFor();
    await check(options, 'options page', 'document');
    await options.close();
  });
});

describe('axe: dark mode', () => {
  it('the popup and the Approval required overlay, in dark colours', async () => {
    const dark = await launchBrowser(env.sandbox, { colorScheme: 'dark' });
    try {
      await dark.worker.evaluate(
        (s) => chrome.storage.local.set({ 'rox-consent-companion': s }),
        { version: 1, flows: Object.fromEntries(POPUP_STATES['sign-in needed and admin must grant']!.map((f) => [f.key, f])), prefs: { justificationTemplate: '', expiryDays: 30 } },
      );
      const popup = await dark.context.newPage();
      await popup.goto(`chrome-extension://${EXTENSION_ID}/src/popup/index.html`);
      await popup.locator('li.card').first().waitFor();
      expect(await popup.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe('rgb(255, 255, 255)');
      await check(popup, 'popup (dark)', 'document');
      const page = await dark.context.newPage();
      await toApprovalRequired(page);
      await waitForOverlay(page, (o) => o.text.includes('Your admin needs to approve Rox'));
      await check(page, 'overlay: Approval required (dark)');
    } finally {
      await dark.close();
    }
  });
});

describe('axe: the overlays (inside the shadow root)', () => {
  it('Approval required, then Request sent', async () => {
    const page = await env.user.context.newPage();
    const approval = await toApprovalRequired(page);
    await waitForOverlay(page, (o) => o.text.includes('Your admin needs to approve Rox'));
    await check(page, 'overlay: Approval required');
    await approval.requestApproval();
    await waitForOverlay(page, (o) => o.text.includes('Request sent: what happens next'));
    await check(page, 'overlay: Request sent');
    await page.close();
  });

  it('Need admin approval', async () => {
    env.sandbox.tenant.policy.workflow = false;
    const page = await env.user.context.newPage();
    const rox = new RoxApp(page);
    await rox.openIntegrations();
    await rox.connect();
    await new MicrosoftSignIn(page).signIn('megan@fabrikam.com');
    await waitForOverlay(page, (v) => v.text.includes('An admin has to grant Rox access'));
    await check(page, 'overlay: Need admin approval');
    await page.close();
  });

  it('the consent prompt: genuine, and the impostor\'s red warning', async () => {
    const page = await env.user.context.newPage();
    await page.goto(`https://login.microsoftonline.com/organizations/adminconsent?client_id=${SANDBOX_ROX_CLIENT_ID}`);
    await new MicrosoftSignIn(page).signIn('adele@fabrikam.com');
    await waitForOverlay(page, (v) => v.text.includes('Check before you accept'));
    await check(page, 'overlay: consent prompt (genuine)');
    await page.goto('https://rox-connect.test/');
    await page.locator('a.connect').click();
    await waitForOverlay(page, (v) => v.elements.some((e) => e.attrs.role === 'alert'));
    await check(page, 'overlay: consent prompt (impostor warning)');
    await page.close();
  });

  it('Rox\'s Integrations page', async () => {
    const page = await env.user.context.newPage();
    await new RoxApp(page).openIntegrations();
    await waitForOverlay(page);
    await check(page, 'overlay: Rox Integrations');
    await page.close();
  });

  for (const form of ['knockout', 'react'] as const)
    it(`the admin center's blades (${form})`, async () => {
      env.sandbox.tenant.policy.adminRendering = form;
      env.sandbox.tenant.request(SANDBOX_ROX_CLIENT_ID, 'megan@fabrikam.com', ['Calendars.Read', 'Calendars.ReadWrite', 'User.Read'], 'I want to sync my calendar to Rox');
      env.sandbox.tenant.request(IMPOSTOR_CLIENT_ID, 'lee@fabrikam.com', ['Calendars.ReadWrite', 'Files.ReadWrite.All'], 'please');
      const page = await env.user.context.newPage();
      await new EntraAdminCenter(page).signInAsAdmin();
      /** The frame (the top one, or the React view's, which a new blade replaces) whose overlay shows `text`. */
      const where = async (text: string): Promise<Page | Frame> => {
        const end = Date.now() + 15_000;
        while (Date.now() < end) {
          for (const f of form === 'knockout' ? [page] : page.frames().filter((x) => x.url().includes('.reactblade.portal.azure.net/')))
            if ((await readOverlay(f).catch(() => null))?.text.includes(text)) return f;
          await poll();
        }
        throw new Error(`no overlay with "${text}"`);
      };
      const requests = await where('Find and review the Rox request');
      await waitForOverlay(requests, (v) => v.elements.some((e) => e.attrs.class === 'hl'));
      await check(requests, `overlay: admin requests blade (${form})`);
      // A grant without Calendars.ReadWrite: the blade's checklist with a missing permission.
      env.sandbox.tenant.grant(SANDBOX_ROX_CLIENT_ID, ['Calendars.Read', 'User.Read'], 'adele@fabrikam.com');
      const rox = env.sandbox.tenant.app(SANDBOX_ROX_CLIENT_ID)!;
      await page.goto(`https://entra.microsoft.com/#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/Permissions/objectId/${rox.spId}/appId/${rox.clientId}`);
      await check(await where('Calendars.ReadWrite: missing'), `overlay: admin permissions blade (${form})`);
      await page.close();
    });
});

// ---- keyboard, focus, live region, small window ---------------------------------------------------------------

interface Focused {
  /** Inside the overlay's shadow root (else: the page's own element, or nothing). */
  inOverlay: boolean;
  desc: string;
  outline: string;
}

/** What has the focus, read in the page's main world (after exposeShadow for the overlay's root). */
const focused = (target: Page | Frame): Promise<Focused> =>
  target.evaluate(() => {
    const root = (window as unknown as { __roxShadow?: ShadowRoot }).__roxShadow;
    const inOverlay = !!root && document.activeElement === root.host;
    const el = inOverlay ? root!.activeElement : document.activeElement;
    if (!el || el === document.body) return { inOverlay, desc: '', outline: '' };
    const s = getComputedStyle(el);
    const desc = `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ')[0]}` : ''} "${el.getAttribute('aria-label') ?? (el.textContent ?? '').trim().slice(0, 40)}"`;
    return { inOverlay, desc, outline: `${s.outlineStyle} ${s.outlineWidth}` };
  });

/** Every control of the overlay a keyboard should reach. */
const overlayControls = (page: Page) =>
  page.evaluate(() => {
    const root = (window as unknown as { __roxShadow: ShadowRoot }).__roxShadow;
    return [...root.querySelectorAll<HTMLElement>('button, a[href], textarea, input, select, [tabindex]:not([tabindex="-1"])')].map(
      (el) => `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ')[0]}` : ''} "${el.getAttribute('aria-label') ?? (el.textContent ?? '').trim().slice(0, 40)}"`,
    );
  });

/** Tab from the top of the page until every one of `want` has had the focus (or `max` presses). */
async function tabThrough(page: Page, want: string[], inOverlay: boolean, max = 120): Promise<Map<string, string>> {
  const reached = new Map<string, string>();
  for (let i = 0; i < max && want.some((w) => !reached.has(w)); i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (f.inOverlay === inOverlay && f.desc) reached.set(f.desc, f.outline);
  }
  return reached;
}

/** A visible focus indicator: an outline that is not none, at least 2px wide. */
const visibleOutline = (outline: string) => !outline.startsWith('none') && parseFloat(outline.split(' ')[1] ?? '0') >= 2;

/** The overlay's live region: role=status, polite, outside the panel (so it outlasts re-renders). */
async function liveRegion(target: Page | Frame): Promise<string | undefined> {
  const o = await readOverlay(target);
  return o?.elements.find((e) => e.attrs.role === 'status' && e.attrs['aria-live'] === 'polite' && e.attrs.class === 'sr')?.text;
}

describe('keyboard alone', () => {
  it('the overlay: Tab reaches every control with a visible focus ring; Escape minimises, Enter brings it back, focus follows', async () => {
    const page = await env.user.context.newPage();
    await toApprovalRequired(page);
    await waitForOverlay(page, (o) => o.text.includes('Your admin needs to approve Rox'));
    expect(await exposeShadow(page)).toBe(true);
    const controls = await overlayControls(page);
    expect(controls).toEqual(
      expect.arrayContaining(['button "Move to the other side"', 'button "Minimise"', expect.stringMatching(/^div\.b "This is the genuine/), 'ol "The seven steps to connect Rox to Microsoft 365"']),
    );
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    const reached = await tabThrough(page, controls, true);
    console.log(`overlay (Approval required) reached by Tab: ${[...reached].map(([d, o]) => `${d} [${o}]`).join(', ')}`);
    expect([...reached.keys()].sort()).toEqual([...controls].sort());
    for (const [desc, outline] of reached) expect(visibleOutline(outline), `${desc}: outline ${outline}`).toBe(true);

    // Escape inside the panel minimises it; the pill has the focus; Enter opens it again, focus on Minimise.
    expect((await focused(page)).inOverlay).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await focused(page)).desc).toMatch(/^button\.pill /);
    expect(visibleOutline((await focused(page)).outline)).toBe(true);
    expect((await readOverlay(page))!.elements.some((e) => e.tag === 'section')).toBe(false);
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page)).desc).toBe('button "Minimise"');
    // Shift+Tab: Move to the other side, Space moves the panel.
    await page.keyboard.press('Shift+Tab');
    expect((await focused(page)).desc).toBe('button "Move to the other side"');
    await page.keyboard.press('Space');
    await expect.poll(async () => (await readOverlay(page))!.elements.find((e) => e.tag === 'section')?.attrs.class).toBe('p left');
    // Escape from Microsoft's own page leaves the panel alone.
    await page.locator('textarea').focus();
    await page.keyboard.press('Escape');
    expect((await readOverlay(page))!.elements.some((e) => e.tag === 'section')).toBe(true);
    await page.close();
  });

  it('the popup: Tab reaches every action with a visible focus ring; Enter opens a panel, its controls follow; the result is announced', async () => {
    await storeFlows(POPUP_STATES['waiting, checked']!);
    const popup = await openPopup();
    await popup.locator('li.card').waitFor();
    const names = await popup.locator('button, a[href], textarea').evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));
    const reached = new Map<string, string>();
    for (let i = 0; i < 40 && names.some((n) => !reached.has(n)); i++) {
      await popup.keyboard.press('Tab');
      const f = await popup.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        const s = el ? getComputedStyle(el) : null;
        return { name: (el?.textContent ?? '').trim(), outline: s ? `${s.outlineStyle} ${s.outlineWidth}` : '' };
      });
      if (f.name) reached.set(f.name, f.outline);
    }
    console.log(`popup reached by Tab: ${[...reached].map(([d, o]) => `${d} [${o}]`).join(', ')}`);
    expect([...reached.keys()].sort()).toEqual(expect.arrayContaining([...names].sort()));
    for (const [name, outline] of reached) expect(visibleOutline(outline), `${name}: outline ${outline}`).toBe(true);

    // Remind my admin, from the keyboard: the panel opens and Tab goes on into its text and buttons.
    const remind = popup.getByRole('button', { name: 'Remind my admin' });
    await remind.focus();
    await popup.keyboard.press('Enter');
    await expect.poll(() => remind.getAttribute('aria-expanded')).toBe('true');
    await popup.keyboard.press('Tab');
    expect(await popup.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await popup.keyboard.press('Tab');
    expect(await popup.evaluate(() => document.activeElement?.textContent)).toBe('Copy message');
    await remind.focus();
    await popup.keyboard.press('Space');
    await expect.poll(() => remind.getAttribute('aria-expanded')).toBe('false');
    // Check now: what it found is said through the card's live region.
    await popup.getByRole('button', { name: 'Check now' }).focus();
    await popup.keyboard.press('Enter');
    const status = popup.locator('li.card [role="status"][aria-live="polite"]').first();
    await expect.poll(() => status.textContent(), { timeout: 40_000 }).toMatch(/\S/);
    await expect.poll(() => status.textContent(), { timeout: 40_000 }).not.toBe('Checking with Microsoft…');
    console.log(`popup live region after Check now: "${await status.textContent()}"`);
    await popup.close();
  }, 90_000);
});

describe('announced changes', () => {
  it('the overlay says its heading through a live region that outlasts its re-renders, and says each new one', async () => {
    const page = await env.user.context.newPage();
    await toApprovalRequired(page);
    await expect.poll(() => liveRegion(page)).toBe('Your admin needs to approve Rox');
    // Nothing else in the overlay is that region, and the panel is not inside it.
    const o = (await readOverlay(page))!;
    expect(o.elements.filter((e) => e.attrs['aria-live'] === 'polite' && e.attrs.class === 'sr')).toHaveLength(1);
    await page.close();

    // The admin center is one document: a new blade changes the overlay in place, and the region says so.
    env.sandbox.tenant.policy.adminRendering = 'knockout';
    await env.user.context.clearCookies();
    const admin = await env.user.context.newPage();
    await new EntraAdminCenter(admin).signInAsAdmin();
    await waitForOverlay(admin, (v) => v.text.includes('Find and review the Rox request'));
    await expect.poll(() => liveRegion(admin)).toBe('Find and review the Rox request');
    env.sandbox.tenant.grant(SANDBOX_ROX_CLIENT_ID, ['Calendars.Read', 'User.Read'], 'adele@fabrikam.com');
    const rox = env.sandbox.tenant.app(SANDBOX_ROX_CLIENT_ID)!;
    await admin.evaluate((h) => (location.hash = h), `#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/Permissions/objectId/${rox.spId}/appId/${rox.clientId}`);
    await expect.poll(() => liveRegion(admin)).toBe('Verify what was granted');
    await admin.close();

    // The impostor: the warning comes first.
    const impostor = await env.user.context.newPage();
    await env.user.context.clearCookies();
    await impostor.goto('https://rox-connect.test/');
    await impostor.locator('a.connect').click();
    await new MicrosoftSignIn(impostor).signIn('megan@fabrikam.com');
    await expect.poll(() => liveRegion(impostor)).toMatch(/^Warning: this app is not the genuine Rox 365 Integration\. /);
    await impostor.close();
  });
});

describe('a small window (1024 x 600)', () => {
  it('the panel fits the window, its header stays, and the step rail scrolls (by keyboard too) instead of being cut off', async () => {
    const page = await env.user.context.newPage();
    await page.setViewportSize({ width: 1024, height: 600 });
    await toApprovalRequired(page);
    await waitForOverlay(page, (o) => o.text.includes('Justification'));
    expect(await exposeShadow(page)).toBe(true);
    const geometry = () =>
      page.evaluate(() => {
        const root = (window as unknown as { __roxShadow: ShadowRoot }).__roxShadow;
        const box = (el: Element) => {
          const r = el.getBoundingClientRect();
          return { top: r.top, bottom: r.bottom };
        };
        const p = root.querySelector('section')!;
        const rail = root.querySelector('section > ol')!;
        const last = rail.querySelector('li:last-child')!;
        return { vh: innerHeight, panel: box(p), header: box(p.querySelector('header')!), rail: { ...box(rail), scrollTop: rail.scrollTop, scrollHeight: rail.scrollHeight, clientHeight: rail.clientHeight, overflowY: getComputedStyle(rail).overflowY }, last: box(last) };
      });
    const g = await geometry();
    console.log(`1024x600: ${JSON.stringify(g)}`);
    await check(page, 'overlay: Approval required at 1024x600');
    expect(g.panel.bottom).toBeLessThanOrEqual(g.vh);
    expect(g.header.top).toBeGreaterThanOrEqual(g.panel.top);
    // The rail is inside the panel's box, shows at least two steps, and scrolls for the rest.
    expect(g.rail.top).toBeGreaterThanOrEqual(g.panel.top);
    expect(g.rail.bottom).toBeLessThanOrEqual(g.panel.bottom);
    expect(g.rail.bottom - g.rail.top).toBeGreaterThanOrEqual(40);
    expect(g.rail.overflowY).toBe('auto');
    expect(g.rail.scrollHeight).toBeGreaterThan(g.rail.clientHeight);
    // By keyboard: the rail takes the focus and End scrolls it to step 7, which is then in view.
    await page.evaluate(() => (window as unknown as { __roxShadow: ShadowRoot }).__roxShadow.querySelector<HTMLElement>('section > ol')!.focus());
    await page.keyboard.press('End');
    await expect.poll(async () => {
      const now = await geometry();
      return now.rail.scrollTop > 0 && now.last.bottom <= now.rail.bottom + 1;
    }).toBe(true);
    const after = await geometry();
    expect(after.panel.bottom).toBeLessThanOrEqual(after.vh);
    await page.close();
  });
});
