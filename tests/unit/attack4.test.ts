/**
 * Attack 4: the admin center (issue 8 and the 292ee08 follow-up) as a hostile app registrant, a sender of
 * crafted links and a hostile page would attack it: the requests grid and the Details pane, the Permissions
 * blade's route and title, the React view frames, the report's schema, the engine's stale panels, the
 * panel's help and warnings, the guard's redirect allowances. "findings" fail until fixed; "holds" documents
 * what was tried and held.
 */
import { h as jsx, render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { createWorker } from '../../src/background/worker';
import { EXTENSION_REDIRECTS, ROX_CLIENT_ID } from '../../src/catalog';
import { adminRoute } from '../../src/detect/admin-routes';
import { detectAdminPage, isAdminPermissions, isAdminRequests } from '../../src/detect/admin';
import type { PageMatch } from '../../src/detect/types';
import { reportOf, startEngine } from '../../src/content/engine';
import { verdictFor } from '../../src/guard';
import { parseMessage, type PageReply, type PageReport } from '../../src/shared/messages';
import type { AuthorizeParams } from '../../src/shared/authorize';
import { AdminLookalike } from '../../src/steps/admin-shared';
import { ADMIN_STEPS } from '../../src/steps/admin-steps';
import { IMPOSTOR, ROX, THIRD_PARTY } from '../sandbox/apps';
import { fakeArea } from './fakes';

// The overlay host holds a CLOSED shadow root; for these tests the panel renders into an open element.
const announced: string[] = [];
vi.mock('../../src/overlay/host', () => ({
  createOverlayHost: () => {
    const mount = document.createElement('div');
    mount.id = 'attack4-mount';
    document.body.append(mount);
    return { mount, announce: (s: string) => announced.push(s), destroy: () => mount.remove() };
  },
}));
const { createUi } = await import('../../src/content/ui');

const t = (key: string, subs?: string[]) => (globalThis as unknown as { chrome: { i18n: { getMessage(k: string, s?: string[]): string } } }).chrome.i18n.getMessage(key, subs);
const doc = (html: string) => new DOMParser().parseFromString(html, 'text/html');
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function worker(trustedClientIds: string[] = []) {
  const w = createWorker({ local: fakeArea(), session: fakeArea(), now: () => 1_000_000, settings: async () => ({ trustedClientIds }), injectScript: async () => undefined });
  return async (report: Partial<PageReport> & Pick<PageReport, 'kind'>, url: string, tabUrl = url) => {
    const sender: Runtime.MessageSender = { id: 'x', url, tab: { id: 3, url: tabUrl } as Runtime.MessageSender['tab'] };
    return (await w.handle({ type: 'page-detected', data: { url: url.split(/[?#]/)[0]!, verified: null, permissions: [], ...report } }, sender)) as PageReply;
  };
}

const REQUESTS = 'https://entra.microsoft.com/#view/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/~/AccessRequests';
const FRAME = 'https://sandbox-1.reactblade.portal.azure.net/React/Index?reactView=true&view=AccessRequests';
const perms = (spId: string, appId: string) => `https://entra.microsoft.com/#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/Permissions/objectId/${spId}/appId/${appId}`;
const GRANTED = { rows: ['Calendars.Read', 'Calendars.ReadWrite', 'User.Read', 'offline_access'].map((claim) => ({ api: 'Microsoft Graph', claim, type: 'Delegated' })) };
const details = (d: Partial<NonNullable<NonNullable<PageReport['requests']>['details']>>) => ({ tab: 'app' as const, appName: 'Rox 365 Integration', appId: '', publisher: 'Rox Data Corp.', verified: true as const, pending: true, requesters: [], ...d });
const row = (name: string, appId: string, selected = false) => ({ name, appId, selected });

/** A Knockout-like requests blade: rows [name, appId, selected], and an optional pane (App details or Requested by). */
function requestsBlade(rows: [string, string, boolean][], pane?: { appName?: string; appId?: string; requesters?: [string, string][] }) {
  const cells = rows
    .map(([n, id, sel]) => `<div role="row" aria-selected="${sel}"><div role="gridcell" aria-colindex="1"><a href="#">${esc(n)}</a></div><div role="gridcell" aria-colindex="2">${esc(id)}</div></div>`)
    .join('');
  const who = pane?.requesters
    ? `<div role="grid" aria-label="Requested by"><div role="row"><div role="columnheader" aria-colindex="1">UPN</div><div role="columnheader" aria-colindex="2">Justification</div></div>${pane.requesters.map(([u, j]) => `<div role="row"><div role="gridcell" aria-colindex="1">${esc(u)}</div><div role="gridcell" aria-colindex="2">${esc(j)}</div></div>`).join('')}</div>`
    : '';
  const paneHtml = pane
    ? `<section aria-label="Details"><div role="toolbar"><div role="button">Review permissions and consent</div><div role="button">Deny</div></div>` +
      `<div role="tablist"><div role="tab" aria-selected="${who ? 'false' : 'true'}">App details</div><div role="tab" aria-selected="${who ? 'true' : 'false'}">Requested by</div></div>` +
      `<div role="tabpanel">${who || `<label>Application name</label><div>${esc(pane.appName ?? '')}</div><label>Application ID</label><div>${esc(pane.appId ?? '')}</div>`}</div></section>`
    : '';
  return doc(
    `<!DOCTYPE html><html><body><div role="tablist"><div role="tab" aria-selected="true">My Pending</div><div role="tab">All (Preview)</div></div>` +
      `<div role="grid" aria-label="Admin consent requests"><div role="row"><div role="columnheader" aria-colindex="1">Name</div><div role="columnheader" aria-colindex="2">Application ID</div></div>${cells}</div>${paneHtml}</body></html>`,
  );
}

/** A Knockout-like Permissions blade: title "{name} | Permissions", Admin consent tab, `n` rows. */
function permissionsBlade(name: string, claims: string[]) {
  const rows = claims.map((c) => `<div role="row"><div role="gridcell" aria-colindex="1">Microsoft Graph</div><div role="gridcell" aria-colindex="2">${esc(c)}</div><div role="gridcell" aria-colindex="3">Delegated</div></div>`).join('');
  return doc(
    `<!DOCTYPE html><html><body><h2>${esc(name)} | Permissions</h2><div role="tablist"><div role="tab" aria-selected="true">Admin consent</div><div role="tab" aria-selected="false">User consent</div></div>` +
      `<div role="tabpanel"><div role="grid"><div role="row"><div role="columnheader" aria-colindex="1">API Name</div><div role="columnheader" aria-colindex="2">Claim value</div><div role="columnheader" aria-colindex="3">Type</div></div>${rows}</div></div></body></html>`,
  );
}

afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = '';
  announced.length = 0;
});

describe('findings (fixed in 3566e99; each test was red before)', () => {
  it('F1 a crafted Permissions link (Rox\'s appId, the impostor\'s objectId) to an impostor named exactly "Rox 365 Integration": no "Done"', async () => {
    // Attack: display names are not unique. The attacker names their app exactly "Rox 365 Integration", gets
    // it consented, and sends the admin .../Permissions/objectId/{impostor's service principal}/appId/{Rox's
    // client id}. The blade is about the service principal its objectId names (the portal keys the blade on
    // objectId), so it shows the impostor's grants under the title "Rox 365 Integration | Permissions". The
    // worker proves "Rox's" from the route's appId (a parameter of the attacker's link) and the title (the
    // attacker's text): green ticks and "Done" for the impostor. Impact: the admin believes Rox's grant is
    // correct and tells users so; the only defence against the crafted link is a name anyone can register.
    // Fix: the route is not proof of which app the blade shows. Never give a grant check when the route has
    // an objectId unless the blade itself shows Rox's application id (Overview / Properties essentials), or
    // at the least no "Done" from a route that carries an objectId the extension cannot tie to Rox's appId.
    const r = await worker()({ kind: 'admin-permissions', appName: 'Rox 365 Integration', admin: GRANTED }, perms(IMPOSTOR.spId, ROX.clientId));
    expect(r.grant?.done).not.toBe(true);
  });

  it('F2 a React view\'s Permissions frame is judged by the tab\'s route alone: another app\'s grid gets "Done"', async () => {
    // Attack: in the React rendering model the frame has no title, so `renamed` never applies there: the
    // same crafted link (Rox's appId, another app's objectId) makes the frame's panel show "Done" over
    // another app's grid, with no look-alike name needed (the top frame may warn, the frame says Done: the
    // admin gets two contradicting panels). The frame's own address even names the other app
    // (`&appId=` of THIRD_PARTY), and is ignored. Also any stale or stacked React frame (an earlier blade the
    // portal keeps) is judged by whatever route the tab shows now.
    // Fix: in a frame, require the frame's own view parameters (appId, objectId) to agree with the top
    // route, and treat a frame's grid as Rox's only when the top frame's title check for the same route
    // (remembered per tab) passed; otherwise no grant.
    const frame = `https://sandbox-1.reactblade.portal.azure.net/React/Index?reactView=true&view=Permissions&objectId=${THIRD_PARTY.spId}&appId=${THIRD_PARTY.clientId}`;
    const r = await worker()({ kind: 'admin-permissions', admin: GRANTED }, frame, perms(THIRD_PARTY.spId, ROX.clientId));
    expect(r.grant).toBeUndefined();
  });

  it('F3 a route that names appId twice is ambiguous, not the first one\'s', () => {
    // Attack: .../Permissions/appId/{Rox}/appId/{impostor} (or appid/{impostor}/appId/{Rox}, appId~/...): the
    // extension keeps the FIRST appId (Rox's), whereas the portal may honour the last or compare names
    // without case. Which one the blade uses is unknown, exactly as with a repeated client_id on an
    // authorize request, which the guard already treats as ambiguous (docs/microsoft-pages.md). With F1/F2
    // this turns into "Done" for the impostor's grid. Fix: a route that repeats a parameter (after dropping
    // `~` and case) has no params the worker may rely on (mark it ambiguous; no grant, no Rox).
    for (const hash of [`appId/${ROX.clientId}/appId/${IMPOSTOR.clientId}`, `appid/${IMPOSTOR.clientId}/appId/${ROX.clientId}`, `appId/${ROX.clientId}/appId~/%22${IMPOSTOR.clientId}%22`]) {
      const route = adminRoute(new URL(`https://entra.microsoft.com/#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/Permissions/objectId/${IMPOSTOR.spId}/${hash}`));
      expect(route?.params.appId, hash).not.toBe(ROX.clientId);
    }
  });

  it('F4 a React requests frame inside a page that is not the admin center: never "Rox\'s request"', async () => {
    // Attack: the admin content script runs in every *.reactblade.portal.azure.net frame (all_frames), in
    // whatever page frames it. A hostile page that frames the React view (and plays the portal shell that
    // feeds it) gets the green "This is Rox's request" section, the requesters' text and the "Review
    // permissions and consent" outline on its own page. The Permissions path checks the tab's route; the
    // requests path checks nothing about the top page. Fix: for a frame on the reactblade host, require
    // `sender.tab.url` to be on an admin host (ideally on the access-requests route) before any reply.
    const r = await worker()({ kind: 'admin-requests', requests: { rows: [row('Rox 365 Integration', ROX.clientId, true)], details: details({ appId: ROX.clientId, requesters: [{ upn: 'megan@fabrikam.com', justification: 'Approved by IT, click Accept' }] }) } }, FRAME, 'https://evil.example/admin');
    expect(r.detailsKind).not.toBe('rox');
    expect(r.requestKinds ?? []).not.toContain('rox');
  });

  it('F5a a look-alike\'s Permissions blade with more than 50 granted permissions: the report is refused, so no red warning', () => {
    // Attack: the detector reads up to 500 grid rows and reports every claim twice (admin.rows and
    // `permissions`), but the schema allows 50 `permissions` (and 200 admin rows). An impostor consented with
    // 51+ permissions (custom scopes of its own API count) makes every report of its blade fail validation
    // ('bad-message'): no look-alike warning ever shows. The same for Rox's blade (no check at all).
    // Fix: the detector bounds what it reports to the schema's limits (or the schema to the detector's),
    // and a report too large says so (e.g. `truncated: true`, never "Done").
    const url = new URL(perms(IMPOSTOR.spId, IMPOSTOR.clientId));
    const m = isAdminPermissions({ url, doc: permissionsBlade('Rox 365 Integratiοn', Array.from({ length: 60 }, (_, i) => `Custom.Scope${i}`)) })!;
    expect(m).not.toBeNull();
    expect(parseMessage({ type: 'page-detected', data: reportOf(m, url) }), 'the report must reach the worker').not.toBeNull();
  });

  it('F5b a requests grid with more than 200 rows: the report is refused, so no look-alike warning and no Rox outline', () => {
    // Attack: 201+ rows (one per app and status; All (Preview) keeps history, and apps are free to register
    // and to have requested) exceed the schema's 200 while the detector reads up to 500. Every report of
    // the blade then fails: the look-alike's red warning and the open pane's warning never show.
    const url = new URL(REQUESTS);
    const rows: [string, string, boolean][] = Array.from({ length: 210 }, (_, i) => [`Spam app ${i}`, `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, false]);
    rows.push(['Rox 365 Integratiοn', IMPOSTOR.clientId, true]);
    const m = isAdminRequests({ url, doc: requestsBlade(rows, { appName: 'Rox 365 Integratiοn', appId: IMPOSTOR.clientId }) })!;
    expect(m).not.toBeNull();
    expect(parseMessage({ type: 'page-detected', data: reportOf(m, url) }), 'the report must reach the worker').not.toBeNull();
  });

  it('F6 after a route change, a report the worker refuses leaves the previous blade\'s panel ("Done") on screen', async () => {
    // Attack: the admin is on Rox's Permissions blade (green ticks, "Done"), then follows a link to the
    // impostor's blade (a hash route: same document). The new blade's report fails (F5a's 51 permissions,
    // the worker gone, any error): the engine returns without hiding, so Rox's "Done" stays over the
    // impostor's grid. Same with the green Rox pane when another request is opened. Fix: when the reply is
    // not ok (or the panel cannot load) for a new identity, hide the panel.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'requestAnimationFrame', 'cancelAnimationFrame'] });
    const chrome = (globalThis as unknown as { chrome: { runtime: { sendMessage?: unknown } } }).chrome;
    const before = chrome.runtime.sendMessage;
    let ok = true;
    chrome.runtime.sendMessage = vi.fn(async () => (ok ? { ok: true, value: { verdict: null, plain: {}, prefs: {}, grant: { verified: [], wrongType: [], missing: [], unexpected: [], done: true } } } : { ok: false, error: 'bad-message' }));
    const show = vi.fn();
    const hide = vi.fn();
    let match: PageMatch = { kind: 'admin-permissions', verified: null, permissions: ['Calendars.Read'], appName: 'Rox 365 Integration', signals: [] };
    try {
      startEngine({ detect: () => match, mayBeOurs: () => false, loadUi: async () => ({ show, hide }) });
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
      expect(show).toHaveBeenCalledTimes(1);
      ok = false;
      match = { ...match, appName: 'Contoso Notes', permissions: Array.from({ length: 60 }, (_, i) => `S${i}`) };
      dispatchEvent(new HashChangeEvent('hashchange'));
      vi.advanceTimersByTime(50);
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
      expect(hide, 'the previous blade\'s panel is taken down').toHaveBeenCalled();
    } finally {
      dispatchEvent(new Event('pagehide'));
      chrome.runtime.sendMessage = before;
    }
  });

  it('F7 a look-alike\'s Permissions blade: the panel shows Rox\'s seven-step help, and announces (and minimises to) "Step 6", not the warning', () => {
    // Attack: on admin pages the reply carries no verdict, so `help = !verdict` is always true: the
    // impostor's blade gets Rox's step rail ("Step 6: verify the permissions" as the current step, the
    // help PanelProps.help promises only where the app is provably Rox's), the live region says only the
    // step's title, and the minimised pill reads "Step 6" instead of the warning. Impact: a screen-reader
    // user hears nothing of the warning; a sighted one sees Rox's guide beside it. Fix: on admin pages,
    // help only with a grant / detailsKind 'rox'; a `lookalike` reply announces the warning and makes the
    // pill a warning like a suspicious verdict does.
    const ui = createUi(ADMIN_STEPS);
    const match: PageMatch = { kind: 'admin-permissions', verified: null, permissions: [], appName: 'Rox 365 Integratiοn', signals: [] };
    ui.show(match, { verdict: null, plain: {}, prefs: { justificationTemplate: '', expiryDays: 30 }, lookalike: { name: 'Rox 365 Integratiοn', appId: IMPOSTOR.clientId } }, 'k1');
    const mount = document.getElementById('attack4-mount')!;
    expect(mount.querySelector('[role=alert]'), 'the red warning').not.toBeNull();
    expect(mount.querySelector(`ol[aria-label="${t('stepsLabel')}"]`), 'no Rox step rail for an impostor').toBeNull();
    expect(announced.join(' ')).toMatch(/not|warning|look/i);
    ui.hide();
  });

  it('F8 the Requested by tab is judged by the selected row only: an impostor\'s requesters under "This is Rox\'s request"', async () => {
    // Attack: the pane has no application id on its Requested by tab, so the worker trusts the one selected
    // row. In the React form selection is a checkbox column (data-selection-toggle), independent of which
    // request the pane shows: the admin opens the impostor's request, then ticks Rox's row and unticks the
    // impostor's (or the grid re-sorts / refreshes selection) while the pane stays open. The impostor's
    // requesters and justifications ("Approved by IT, click Review") then appear in the green Rox section,
    // with "Review permissions and consent" (the impostor's consent) outlined. Lower confidence: depends on
    // whether the portal closes the pane on a selection change. Fix: tie the pane to an app id of its own:
    // remember the App details tab's application id for the same pane element, and say "Rox's" on Requested
    // by only when that id was Rox's; else neutral.
    const url = new URL(REQUESTS);
    const m = isAdminRequests({
      url,
      doc: requestsBlade(
        [
          ['Rox 365 Integration', ROX.clientId, true],
          ['Rox 365 Integratiοn', IMPOSTOR.clientId, false],
        ],
        { requesters: [['mallory@fabrikam.com', 'Approved by IT, click Review permissions and consent']] },
      ),
    })!;
    const r = await worker()({ kind: 'admin-requests', requests: m.requests! }, REQUESTS);
    expect(r.detailsKind).not.toBe('rox');
  });

  it('F9 an app whose display name is Rox\'s application id is not warned about', async () => {
    // Attack: the admin is told to check the application id. The impostor names itself
    // "5c9e8a2e-7f3b-4d1a-9b6e-2f4c8d1e0a17" (Rox's client id; display names are free text), so its row's
    // Name column shows Rox's id, and its pane's Application name reads as Rox's id. resemblesRox() does not
    // see it: the row is 'other' (silence, no red). Fix: a name (or publisher) that contains Rox's client id
    // (or a trusted one) is a look-alike.
    const r = await worker()({ kind: 'admin-requests', requests: { rows: [row(ROX_CLIENT_ID, IMPOSTOR.clientId, true)], details: details({ appName: ROX_CLIENT_ID, appId: IMPOSTOR.clientId, publisher: 'Rox Data Corp' }) } }, REQUESTS);
    expect(r.requestKinds).toEqual(['lookalike']);
    expect(r.detailsKind).toBe('lookalike');
  });
});

describe('holds', () => {
  it('pane text that reads like a field ("Application ID {Rox}") inside the app name does not become the pane\'s id', async () => {
    const url = new URL(REQUESTS);
    const name = `Rox 365 Integration Application ID ${ROX.clientId}`;
    const m = isAdminRequests({ url, doc: requestsBlade([[name, IMPOSTOR.clientId, true]], { appName: name, appId: IMPOSTOR.clientId }) })!;
    expect(m.requests!.details!.appId).toBe(IMPOSTOR.clientId);
    const r = await worker()({ kind: 'admin-requests', requests: m.requests! }, REQUESTS);
    expect(r.detailsKind).toBe('lookalike');
    expect(r.requestKinds).toEqual(['lookalike']);
  });

  it('an app named "Application ID" / "App details" / "My Pending" creates no field, tab or pane', () => {
    const url = new URL(REQUESTS);
    const m = isAdminRequests({ url, doc: requestsBlade([['App details', IMPOSTOR.clientId, true], ['Requested by', THIRD_PARTY.clientId, false]]) })!;
    expect(m.requests!.details).toBeUndefined();
    expect(m.reviewButton).toBeUndefined();
    expect(m.requests!.rows.map((r) => r.appId)).toEqual([IMPOSTOR.clientId, THIRD_PARTY.clientId]);
  });

  it('the pane and the selected row disagree, or two rows are selected on Requested by: never Rox\'s', async () => {
    const r1 = await worker()({ kind: 'admin-requests', requests: { rows: [row('Rox 365 Integration', ROX.clientId, true), row('x', IMPOSTOR.clientId, true)], details: details({ tab: 'requested' }) } }, REQUESTS);
    expect(r1.detailsKind).not.toBe('rox');
    const r2 = await worker()({ kind: 'admin-requests', requests: { rows: [row('Rox 365 Integration', IMPOSTOR.clientId, true)], details: details({ appId: ` ${ROX.clientId.toUpperCase()} ` }) } }, REQUESTS);
    expect(r2.detailsKind).toBe('lookalike');
  });

  it('a crafted Permissions link whose title is another app\'s (incl. a confusable Rox name) gets no grant', async () => {
    for (const title of ['Contoso Notes', 'Rox 365 Integratiοn', 'Rox 365 Integration\u200b', '\u202Enoitargetni 563 xoR']) {
      const r = await worker()({ kind: 'admin-permissions', appName: title, admin: GRANTED }, perms(IMPOSTOR.spId, ROX.clientId));
      expect(r.grant, title).toBeUndefined();
      expect(r.lookalike?.appId).toBe(ROX.clientId);
    }
  });

  it('route tricks: JSON-quoted or %2F-laden appId, look-alike hosts, http, userinfo: never Rox\'s route', async () => {
    const base = '#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/Permissions';
    expect(adminRoute(new URL(`https://entra.microsoft.com/${base}/appId~/%22${ROX.clientId}%22`))?.params.appId).not.toBe(ROX.clientId);
    expect(adminRoute(new URL(`https://entra.microsoft.com/${base}/appId/${ROX.clientId}%2Fx`))?.params.appId).not.toBe(ROX.clientId);
    for (const u of [`https://entra.microsoft.com.evil.example/${base}/appId/${ROX.clientId}`, `http://entra.microsoft.com/${base}/appId/${ROX.clientId}`, `https://evil.example/${base}/appId/${ROX.clientId}`, `https://entra.microsoft.com@evil.example/${base}/appId/${ROX.clientId}`])
      expect(adminRoute(new URL(u)), u).toBeNull();
    // __proto__ and friends are never parameters.
    const r = adminRoute(new URL(`https://entra.microsoft.com/${base}/__proto__/x/constructor/y/appId/${IMPOSTOR.clientId}`))!;
    expect(Object.getPrototypeOf(r.params)).toBe(Object.prototype);
    expect(r.params.appId).toBe(IMPOSTOR.clientId);
    // The worker: a sender on another host with Rox's route in its hash has no Permissions route.
    const w = await worker()({ kind: 'admin-permissions', admin: GRANTED }, 'https://sandbox-1.reactblade.portal.azure.net/React/Index', `https://evil.example/${base}/appId/${ROX.clientId}`);
    expect(w.grant).toBeUndefined();
  });

  it('page text is rendered as text: the look-alike warning and Rox\'s requesters', () => {
    const box = document.createElement('div');
    document.body.append(box);
    render(jsx(AdminLookalike, { lookalike: { name: '<img src=x onerror=alert(1)>Rox', appId: '"><svg onload=alert(1)>' } }), box);
    expect(box.querySelector('img, svg')).toBeNull();
    expect(box.textContent).toContain('<img src=x onerror=alert(1)>Rox');
    const ui = createUi(ADMIN_STEPS);
    const match: PageMatch = {
      kind: 'admin-requests',
      verified: null,
      permissions: [],
      signals: [],
      requests: { rows: [row('Rox 365 Integration', ROX.clientId, true)], details: details({ tab: 'requested', requesters: [{ upn: '<b>x</b>@f.com', justification: '<img src=x onerror=alert(2)>' }] }) },
    };
    ui.show(match, { verdict: null, plain: {}, prefs: { justificationTemplate: '', expiryDays: 30 }, requestKinds: ['rox'], detailsKind: 'rox' }, 'k');
    const mount = document.getElementById('attack4-mount')!;
    expect(mount.querySelector('img, b')).toBeNull();
    expect(mount.textContent).toContain('<img src=x onerror=alert(2)>');
    ui.hide();
  });

  it('huge, many, hostile texts: detection stays bounded and quick', () => {
    const url = new URL(REQUESTS);
    const big = 'R'.repeat(200_000);
    const rows: [string, string, boolean][] = Array.from({ length: 1500 }, (_, i) => [i === 0 ? big : `App ${i} ${'x'.repeat(2000)}`, IMPOSTOR.clientId, i === 0]);
    const d = requestsBlade(rows, { appName: big, appId: IMPOSTOR.clientId, requesters: Array.from({ length: 400 }, (_, i) => [`u${i}@f.com`, big] as [string, string]) });
    const t0 = performance.now();
    const m = detectAdminPage({ url, doc: d })!;
    const ms = performance.now() - t0;
    expect(m.requests!.rows.length).toBeLessThanOrEqual(500);
    for (const r of m.requests!.rows) expect(r.name.length).toBeLessThanOrEqual(300);
    expect(m.requests!.details!.requesters.length).toBeLessThanOrEqual(50);
    for (const r of m.requests!.details!.requesters) expect(r.justification.length).toBeLessThanOrEqual(1000);
    expect(ms).toBeLessThan(5000);
  });

  it('the guard\'s admin center allowance: only on /adminconsent, only Microsoft\'s two hosts exactly; only this extension\'s redirects', () => {
    const auth = (redirectUri: string, adminConsent: boolean): AuthorizeParams => ({ clientId: ROX_CLIENT_ID, scopes: adminConsent ? [] : ['openid', 'Calendars.Read'], redirectUri, loginHint: '', tenant: 'fabrikam.onmicrosoft.com', adminConsent });
    const reasons = (a: AuthorizeParams, replyUrls?: string[]) => verdictFor({ kind: 'admin-consent', verified: null, permissions: [], authorize: a, ...(replyUrls ? { config: { replyUrls } } : {}) })!.reasons;
    expect(reasons(auth('https://entra.microsoft.com/adminconsent/complete', true))).not.toContain('redirect-foreign');
    for (const uri of [
      'https://entra.microsoft.com.evil.example/',
      'https://entra.microsoft.com@evil.example/',
      'https://entra.microsoft.com:8443/',
      'http://entra.microsoft.com/',
      'https://evil.example/?https://entra.microsoft.com/',
      'https://ENTRA.microsoft.com%2eevil.example/',
      'https://portal.azure.com.evil.example/',
    ])
      expect(reasons(auth(uri, true)), uri).toContain('redirect-foreign');
    // Not on an authorize request (which issues a code).
    expect(reasons(auth('https://entra.microsoft.com/', false))).toContain('redirect-foreign');
    // Another extension's redirect, or this one's with a path / other case: foreign.
    for (const uri of ['https://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.chromiumapp.org/', `${EXTENSION_REDIRECTS[0]}x`, EXTENSION_REDIRECTS[1]!.replace('0bc3', '0bc4')])
      expect(reasons(auth(uri, false)), uri).toContain('redirect-foreign');
    // Reply URLs listed by Microsoft: the admin center allowance only on /adminconsent too.
    expect(reasons(auth('https://app.rox.com/integrations/microsoft/callback', false), ['https://entra.microsoft.com/'])).toContain('redirect-foreign');
  });

  it('the route alone never makes a requests blade: the pane is read only where the blade\'s tabs are', () => {
    const d = requestsBlade([['Rox 365 Integration', ROX.clientId, true]], { appName: 'Rox 365 Integration', appId: ROX.clientId });
    // The same DOM on the Permissions route, or the Apps route, is not a requests blade.
    expect(isAdminRequests({ url: new URL(perms(ROX.spId, ROX.clientId)), doc: d })).toBeNull();
    expect(isAdminRequests({ url: new URL('https://entra.microsoft.com/#view/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/~/AppAppsPreview'), doc: d })).toBeNull();
  });
});
