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
import { EXTENSION_ID, poll, readOverlay, useSandboxBrowser, waitForOverlay } from './harness';
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
