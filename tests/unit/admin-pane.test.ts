/**
 * Issue 8: the request's Details pane, the Permissions blade's title and the consent settings blade, read
 * from the sandbox's fixtures (both rendering models, written independently from src/) and from hostile
 * variants; and what the worker makes of them. Whose request or blade it is comes from application ids only.
 */
import { describe, expect, it } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { createWorker } from '../../src/background/worker';
import { SANDBOX_ROX_CLIENT_ID } from '../../src/catalog';
import { detectAdminPage, isAdminConsentSettings, isAdminRequests } from '../../src/detect/admin';
import type { PageReply, PageReport } from '../../src/shared/messages';
import { adminFixtures, type AdminFixture } from '../fixtures/admin';
import { IMPOSTOR, ROX, THIRD_PARTY } from '../sandbox/apps';
import { fakeArea } from './fakes';

const doc = (html: string) => new DOMParser().parseFromString(html, 'text/html');
/** The frame that holds a fixture's blade: the top frame (Knockout) or the React view's frame. */
const where = (f: AdminFixture) => (f.form === 'react' ? { url: new URL(f.frameUrl!), doc: doc(f.frameHtml!) } : { url: new URL(f.url), doc: doc(f.html) });
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

describe('the Details pane, on the sandbox fixtures', () => {
  const panes = adminFixtures().filter((f) => f.rendered && f.expect.blade === 'request-details');
  it('has panes of both forms, both tabs, for Rox, a look-alike and another app', () => {
    expect(new Set(panes.map((f) => f.form))).toEqual(new Set(['knockout', 'react']));
    expect(new Set(panes.map((f) => f.expect.paneApp))).toEqual(new Set(['rox', 'lookalike', 'other']));
  });
  it.each(panes.map((f) => [f.name, f] as const))('%s', (_n, f) => {
    const m = isAdminRequests(where(f))!;
    expect(m.kind).toBe('admin-requests');
    const d = m.requests!.details!;
    expect(d, 'the pane is read').toBeDefined();
    // The requests grid only: the pane's "Requested by" grid lends it no rows.
    for (const r of m.requests!.rows) expect(r.appId, f.name).toMatch(GUID);
    const selected = m.requests!.rows.filter((r) => r.selected);
    expect(selected).toHaveLength(1);
    const id = { rox: ROX.clientId, lookalike: IMPOSTOR.clientId, other: null }[f.expect.paneApp!];
    if (id) expect(selected[0]!.appId.toLowerCase()).toBe(id.toLowerCase());
    expect(d.pending).toBe(true);
    expect(m.reviewButton?.textContent?.trim()).toBe('Review permissions and consent');
    if (f.name.includes('(App details)')) {
      expect(d.tab).toBe('app');
      if (id) expect(d.appId.toLowerCase()).toBe(id.toLowerCase());
      expect(d.appName).toBe(selected[0]!.name);
      expect(d.publisher).not.toBe('');
      expect(d.requesters).toEqual([]);
    } else {
      expect(d.tab).toBe('requested');
      expect(d.appId).toBe('');
      expect(d.requesters.length).toBeGreaterThan(0);
      for (const r of d.requesters) expect(r.upn).toMatch(/@fabrikam\.com$/);
    }
  });
  it('Rox\'s publisher carries the verified badge in the pane', () => {
    const f = panes.find((x) => x.expect.paneApp === 'rox' && x.name.includes('(App details)'))!;
    expect(isAdminRequests(where(f))!.requests!.details).toMatchObject({ publisher: 'Rox Data Corp.', verified: true });
  });
  it('no pane without a selected request; the blade\'s grid alone', () => {
    for (const f of adminFixtures().filter((x) => x.rendered && x.expect.blade === 'access-requests')) expect(isAdminRequests(where(f))?.requests?.details, f.name).toBeUndefined();
  });
});

/** A Knockout-like requests blade with a pane, the pieces under the hostile test's control. */
function blade({ appName = 'Rox 365 Integration', appId = SANDBOX_ROX_CLIENT_ID, review = true, requesterGrid = '', selected = true } = {}) {
  const row = `<div role="row" aria-selected="${selected}"><div role="gridcell" aria-colindex="1"><a href="#">${appName}</a></div><div role="gridcell" aria-colindex="2">${appId}</div></div>`;
  return (
    `<!DOCTYPE html><html><body><div role="tablist"><div role="tab" aria-selected="true">My Pending</div><div role="tab">All (Preview)</div></div>` +
    `<div role="grid" aria-label="Admin consent requests"><div role="row"><div role="columnheader" aria-colindex="1">Name</div><div role="columnheader" aria-colindex="2">Application ID</div></div>${row}</div>` +
    `<section aria-label="Details"><div role="toolbar">${review ? '<div role="button" aria-label="Review permissions and consent">Review permissions and consent</div>' : ''}<div role="button">Deny</div></div>` +
    `<div role="tablist"><div role="tab" aria-selected="${requesterGrid ? 'false' : 'true'}">App details</div><div role="tab" aria-selected="${requesterGrid ? 'true' : 'false'}">Requested by</div></div>` +
    `<div role="tabpanel">${requesterGrid || `<label>Application name</label><div>${appName}</div><label>Application ID</label><div>${appId}</div>`}</div></section></body></html>`
  );
}
const REQUESTS_URL = new URL('https://entra.microsoft.com/#view/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/~/AccessRequests');

describe('hostile panes', () => {
  it('an app named "Review permissions and consent" is never taken for the button', () => {
    const m = isAdminRequests({ url: REQUESTS_URL, doc: doc(blade({ appName: 'Review permissions and consent', review: false })) })!;
    expect(m.requests!.details).toBeUndefined();
    expect(m.reviewButton).toBeUndefined();
  });
  it('a requesters grid whose columns line up with the requests grid lends it no rows', () => {
    // Same aria-colindex values as the requests grid: read as one grid, "megan" would become a request row
    // whose Application ID is her UPN, and a requester named like Rox a look-alike row.
    const who = `<div role="grid" aria-label="Requested by"><div role="row"><div role="columnheader" aria-colindex="1">Name</div><div role="columnheader" aria-colindex="2">UPN</div><div role="columnheader" aria-colindex="3">Justification</div></div><div role="row"><div role="gridcell" aria-colindex="1">Rox 365 Integration</div><div role="gridcell" aria-colindex="2">megan@fabrikam.com</div><div role="gridcell" aria-colindex="3">&lt;img src=x onerror=alert(1)&gt; Approved by IT, click Accept</div></div></div>`;
    const m = isAdminRequests({ url: REQUESTS_URL, doc: doc(blade({ requesterGrid: who })) })!;
    expect(m.requests!.rows).toEqual([{ name: 'Rox 365 Integration', appId: SANDBOX_ROX_CLIENT_ID, selected: true }]);
    expect(m.requests!.details!.requesters).toEqual([{ upn: 'megan@fabrikam.com', justification: '<img src=x onerror=alert(1)> Approved by IT, click Accept' }]);
  });
  it('huge pane text is bounded', () => {
    const m = isAdminRequests({ url: REQUESTS_URL, doc: doc(blade({ appName: 'R'.repeat(100_000) })) })!;
    expect(m.requests!.details!.appName.length).toBeLessThanOrEqual(300);
  });
  it('the pane is read only on the requests route or in a React view frame', () => {
    for (const url of ['https://entra.microsoft.com.evil.example/#view/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/~/AccessRequests', 'http://entra.microsoft.com/#view/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/~/AccessRequests', 'https://reactblade.portal.azure.net.evil.example/'])
      expect(detectAdminPage({ url: new URL(url), doc: doc(blade()) }), url).toBeNull();
  });
});

describe('the consent settings blade', () => {
  const settings = adminFixtures().filter((f) => f.expect.blade === 'consent-settings');
  it.each(settings.map((f) => [f.name, f] as const))('%s', (_n, f) => {
    const m = isAdminConsentSettings(where(f));
    if (!f.rendered) return expect(m).toBeNull();
    expect(m?.settings).toEqual({ workflow: f.expect.settings!.workflow });
  });
});

function worker(trustedClientIds: string[] = []) {
  const w = createWorker({ local: fakeArea(), session: fakeArea(), now: () => 1_000_000, settings: async () => ({ trustedClientIds }), injectScript: async () => undefined });
  return async (report: Partial<PageReport> & Pick<PageReport, 'kind'>, url: string, tabUrl = url) => {
    const sender: Runtime.MessageSender = { id: 'x', url, tab: { id: 3, url: tabUrl } as Runtime.MessageSender['tab'] };
    return (await w.handle({ type: 'page-detected', data: { url: url.split(/[?#]/)[0]!, verified: null, permissions: [], ...report } }, sender)) as PageReply;
  };
}
const FRAME = 'https://sandbox-1.reactblade.portal.azure.net/React/Index?view=AccessRequests';
const ENTRA = REQUESTS_URL.href;
const details = (d: Partial<NonNullable<NonNullable<PageReport['requests']>['details']>>) => ({ tab: 'app' as const, appName: 'Rox 365 Integration', appId: '', publisher: 'Rox Data Corp.', verified: true as const, pending: true, requesters: [], ...d });
const row = (name: string, appId: string, selected = false) => ({ name, appId, selected });

describe('the worker on the Details pane: by application id only', () => {
  it('Rox\'s application id, in the pane and the selected row: Rox\'s request', async () => {
    const r = await worker()({ kind: 'admin-requests', requests: { rows: [row('Rox 365 Integration', ROX.clientId, true)], details: details({ appId: ROX.clientId }) } }, ENTRA);
    expect(r).toMatchObject({ requestKinds: ['rox'], detailsKind: 'rox' });
    expect(r.lookalike).toBeUndefined();
  });
  it('Requested by tab (no id in the pane): Rox\'s only after this pane\'s App details showed Rox\'s id', async () => {
    const rows = [row('x', THIRD_PARTY.clientId), row('Rox 365 Integration', ROX.clientId, true)];
    const w = worker();
    // Opened straight on Requested by: the selected row alone may not be the pane's request.
    expect((await w({ kind: 'admin-requests', requests: { rows, details: details({ tab: 'requested' }) } }, FRAME, ENTRA)).detailsKind).toBe('other');
    expect((await w({ kind: 'admin-requests', requests: { rows, details: details({ appId: ROX.clientId }) } }, FRAME, ENTRA)).detailsKind).toBe('rox');
    expect((await w({ kind: 'admin-requests', requests: { rows, details: details({ tab: 'requested' }) } }, FRAME, ENTRA)).detailsKind).toBe('rox');
  });
  it('a selection changed under an open pane (App details showed the impostor): never Rox\'s', async () => {
    const w = worker();
    await w({ kind: 'admin-requests', requests: { rows: [row('Contoso Notes', THIRD_PARTY.clientId, true)], details: details({ appName: 'Contoso Notes', appId: THIRD_PARTY.clientId }) } }, ENTRA);
    expect((await w({ kind: 'admin-requests', requests: { rows: [row('Contoso Notes', THIRD_PARTY.clientId), row('Rox 365 Integration', ROX.clientId, true)], details: details({ tab: 'requested' }) } }, ENTRA)).detailsKind).not.toBe('rox');
  });
  it('a React requests frame outside the admin center: nothing', async () => {
    const r = await worker()({ kind: 'admin-requests', requests: { rows: [row('Rox 365 Integration', ROX.clientId, true)], details: details({ appId: ROX.clientId }) } }, FRAME, 'https://evil.example/');
    expect(r.requestKinds ?? []).toEqual([]);
    expect(r.detailsKind).toBeUndefined();
  });
  it('Rox\'s name under another id: a look-alike, named with its id', async () => {
    const r = await worker()({ kind: 'admin-requests', requests: { rows: [row('Rox 365 Integration', IMPOSTOR.clientId, true)], details: details({ appId: IMPOSTOR.clientId, publisher: 'Rox Data Corp', verified: null }) } }, ENTRA);
    expect(r).toMatchObject({ detailsKind: 'lookalike', lookalike: { name: 'Rox 365 Integration', appId: IMPOSTOR.clientId } });
  });
  it('the pane and the selected row disagree (one is Rox\'s): never Rox\'s', async () => {
    for (const [pane, sel] of [[ROX.clientId, IMPOSTOR.clientId], [IMPOSTOR.clientId, ROX.clientId]])
      expect((await worker()({ kind: 'admin-requests', requests: { rows: [row('Contoso Notes', sel!, true)], details: details({ appName: 'Contoso Notes', appId: pane }) } }, ENTRA)).detailsKind).toBe('lookalike');
  });
  it('no id at all (no selected row, no App details): never Rox\'s, and no alarm either (whose it is cannot be told)', async () => {
    expect((await worker()({ kind: 'admin-requests', requests: { rows: [row('Rox 365 Integration', ROX.clientId)], details: details({ tab: 'requested' }) } }, ENTRA)).detailsKind).toBe('other');
    expect((await worker()({ kind: 'admin-requests', requests: { rows: [row('Contoso Notes', THIRD_PARTY.clientId)], details: details({ tab: 'requested', appName: 'Contoso Notes' }) } }, ENTRA)).detailsKind).toBe('other');
  });
  it('another app\'s pane: nothing about it', async () => {
    const r = await worker()({ kind: 'admin-requests', requests: { rows: [row('Contoso Notes', THIRD_PARTY.clientId, true)], details: details({ appName: 'Contoso Notes', appId: THIRD_PARTY.clientId, publisher: 'Contoso' }) } }, ENTRA);
    expect(r.detailsKind).toBe('other');
    expect(r.lookalike).toBeUndefined();
  });
  it('a managed trusted client id is Rox\'s', async () => {
    const extra = '11111111-2222-3333-4444-555555555555';
    expect((await worker([extra])({ kind: 'admin-requests', requests: { rows: [row('Rox 365 Integration', extra, true)], details: details({ appId: extra }) } }, ENTRA)).detailsKind).toBe('rox');
  });
});

const perms = (spId: string, appId: string) => `https://entra.microsoft.com/#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/Permissions/objectId/${spId}/appId/${appId}`;
const GRANTED = { rows: ['Calendars.Read', 'Calendars.ReadWrite', 'User.Read', 'offline_access'].map((claim) => ({ api: 'Microsoft Graph', claim, type: 'Delegated' })) };

const APPS = 'https://entra.microsoft.com/#view/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/~/AppAppsPreview/menuId~/null';
/** Enterprise applications, as listed: which object id is which application. */
const listed = (...apps: (typeof ROX)[]) => ({ kind: 'admin-apps' as const, apps: { rows: apps.map((a) => ({ name: a.name, objectId: a.spId, appId: a.clientId })) } });

describe('the worker on an app\'s Permissions blade', () => {
  it('Rox\'s route and title, its object id listed with Rox\'s app id: the grant is checked, "Done"', async () => {
    const w = worker();
    await w(listed(ROX, THIRD_PARTY), APPS);
    expect((await w({ kind: 'admin-permissions', appName: 'Rox 365 Integration', admin: GRANTED }, perms(ROX.spId, ROX.clientId))).grant).toMatchObject({ done: true });
  });
  it('its object id never seen listed: every tick, but no "Done" (unconfirmed)', async () => {
    expect((await worker()({ kind: 'admin-permissions', appName: 'Rox 365 Integration', admin: GRANTED }, perms(ROX.spId, ROX.clientId))).grant).toMatchObject({ done: false, unconfirmed: true, missing: [] });
  });
  it('a crafted link: Rox\'s appId with an object id listed as another app\'s: the red warning, no grant', async () => {
    const w = worker();
    await w(listed(IMPOSTOR), APPS);
    const r = await w({ kind: 'admin-permissions', appName: 'Rox 365 Integration', admin: GRANTED }, perms(IMPOSTOR.spId, ROX.clientId));
    expect(r.grant).toBeUndefined();
    expect(r.verdict?.level).toBe('suspicious');
  });
  it('a crafted link: Rox\'s appId in the route, another app\'s title: no grant, a warning', async () => {
    const r = await worker()({ kind: 'admin-permissions', appName: 'Contoso Notes', admin: GRANTED }, perms(THIRD_PARTY.spId, ROX.clientId));
    expect(r.grant).toBeUndefined();
    expect(r.lookalike).toEqual({ name: 'Contoso Notes', appId: ROX.clientId });
  });
  it('a look-alike\'s blade (top frame, title only, or with its grid): the red warning', async () => {
    for (const admin of [undefined, GRANTED]) {
      const r = await worker()({ kind: 'admin-permissions', appName: 'Rox 365 Integratiοn', ...(admin ? { admin } : {}) }, perms(IMPOSTOR.spId, IMPOSTOR.clientId));
      expect(r.grant).toBeUndefined();
      expect(r.lookalike).toEqual({ name: 'Rox 365 Integratiοn', appId: IMPOSTOR.clientId });
      expect(r.verdict?.level).toBe('suspicious');
    }
  });
  it('another app\'s blade: silence', async () => {
    const r = await worker()({ kind: 'admin-permissions', appName: 'Contoso Notes', admin: GRANTED }, perms(THIRD_PARTY.spId, THIRD_PARTY.clientId));
    expect(r).toMatchObject({ verdict: null });
    expect(r.grant ?? r.lookalike ?? r.hint).toBeUndefined();
  });
  it('Rox\'s blade in a React frame (no title there): judged by what the top frame showed at the same address', async () => {
    const w = worker();
    const top = perms(ROX.spId, ROX.clientId);
    const frame = 'https://sandbox-1.reactblade.portal.azure.net/React/Index';
    await w(listed(ROX), APPS);
    // The frame first: not decidable yet, asked again.
    expect(await w({ kind: 'admin-permissions', admin: GRANTED }, frame, top)).toMatchObject({ retry: true });
    await w({ kind: 'admin-permissions', appName: 'Rox 365 Integration' }, top);
    expect((await w({ kind: 'admin-permissions', admin: GRANTED }, frame, top)).grant?.done).toBe(true);
    // The same frame under another app's title at that address: nothing.
    await w({ kind: 'admin-permissions', appName: 'Contoso Notes' }, top);
    expect((await w({ kind: 'admin-permissions', admin: GRANTED }, frame, top)).grant).toBeUndefined();
  });
  it('a list cut short is never "Done"', async () => {
    const w = worker();
    await w(listed(ROX), APPS);
    expect((await w({ kind: 'admin-permissions', appName: 'Rox 365 Integration', admin: { ...GRANTED, truncated: true } }, perms(ROX.spId, ROX.clientId))).grant?.done).toBe(false);
  });
});

describe('the worker on the consent settings blade', () => {
  it('a hint, about no app', async () => {
    const r = await worker()({ kind: 'admin-consent-settings', settings: { workflow: false } }, 'https://entra.microsoft.com/#view/Microsoft_AAD_IAM/ConsentPoliciesMenuBlade/~/AdminConsentSettings');
    expect(r).toMatchObject({ hint: true, verdict: null });
  });
});
