/**
 * Provenance: which request proves where a page came from. The worker service over a fake storage and a
 * fake clock: navigation sequences as a hostile tab would make them, then the verdict the page gets.
 */
import { describe, expect, it } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { SANDBOX_ROX_CLIENT_ID } from '../../src/catalog';
import { afterNavigation, emptyMemory, FRESH_MS, provenRequest } from '../../src/background/tabs';
import { callbackOutcome, flowFor } from '../../src/background/pages';
import { createWorker } from '../../src/background/worker';
import type { Area } from '../../src/background/tabs';
import type { Flow } from '../../src/flow/model';
import { MAX_FLOWS, parseStored } from '../../src/flow/storage';
import type { PageReply, PageReport } from '../../src/shared/messages';

const LOGIN = 'https://login.microsoftonline.com';
const ROX_CB = 'https://app.rox.com/integrations/microsoft/callback';
const SCOPES = 'openid profile Calendars.Read Calendars.ReadWrite User.Read offline_access';
const authorize = (clientId: string, extra = '', redirect = ROX_CB) =>
  `${LOGIN}/organizations/oauth2/v2.0/authorize?client_id=${clientId}&response_type=code&redirect_uri=${encodeURIComponent(redirect)}&scope=${encodeURIComponent(SCOPES)}&state=s1&login_hint=megan%40fabrikam.com${extra}`;
const ROX_AUTHORIZE = authorize(SANDBOX_ROX_CLIENT_ID);
const OTHER_AUTHORIZE = authorize('3b8e5f21-6c4d-4a7e-9f10-2d3c4b5a6e7f', '', 'https://notes.contoso.test/callback');
const REPROCESS = (ctx: string) => `${LOGIN}/common/reprocess?ctx=${ctx}`;

function fakeArea(): Area & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = {};
  return {
    data,
    get: async (k) => (k in data ? { [k]: structuredClone(data[k]) } : {}),
    set: async (items) => void Object.assign(data, structuredClone(items)),
    remove: async (k) => void delete data[k],
  };
}

function setup() {
  let now = 1_000_000;
  const worker = createWorker({ local: fakeArea(), session: fakeArea(), now: () => now, settings: async () => ({ trustedClientIds: [], probeRedirect: 'https://cnkmldlicjhaomlcbgbgijgehokplhpk.chromiumapp.org/' }) });
  const tab = 7;
  const sender = (url: string): Runtime.MessageSender => ({ id: 'x', url, tab: { id: tab } as Runtime.MessageSender['tab'] });
  const page = async (url: string, report: Partial<PageReport> & Pick<PageReport, 'kind'>) =>
    (await worker.handle({ type: 'page-detected', data: { url: url.split('?')[0]!, appName: 'Rox 365 Integration', publisher: 'rox.com', verified: true, lang: 'en', permissions: ['Read user calendars'], ...report } }, sender(url))) as PageReply;
  return {
    worker,
    go: (url: string | undefined) => worker.navigated(tab, url),
    page,
    later: (ms: number) => void (now += ms),
    sender,
  };
}

describe('tab memory rules (pure)', () => {
  it('ties each page to the request current when the tab first reached it, so Back restores it', () => {
    let m = emptyMemory();
    m = afterNavigation(m, ROX_AUTHORIZE, 0);
    m = afterNavigation(m, REPROCESS('A'), 1);
    m = afterNavigation(m, OTHER_AUTHORIZE, 2);
    m = afterNavigation(m, REPROCESS('B'), 3);
    expect(provenRequest(m, REPROCESS('B'), 4)?.params.clientId).not.toBe(SANDBOX_ROX_CLIENT_ID);
    m = afterNavigation(m, REPROCESS('A'), 5); // Back
    expect(provenRequest(m, REPROCESS('A'), 6)?.params.clientId).toBe(SANDBOX_ROX_CLIENT_ID);
  });

  it.each([
    ['device-code entry', `${LOGIN}/common/oauth2/deviceauth`],
    ['an authorize URL without a client id', `${LOGIN}/common/oauth2/v2.0/authorize?response_type=code`],
    ['a SAML sign-in', `${LOGIN}/fabrikam.com/saml2?SAMLRequest=x`],
    ['a foreign site (no URL visible)', undefined],
    ['another Microsoft site', 'https://entra.microsoft.com/#home'],
    ['an http page on the sign-in host', 'http://login.microsoftonline.com/common/reprocess?ctx=Z'],
  ])('%s breaks the request: a later page proves nothing', (_n, url) => {
    let m = afterNavigation(emptyMemory(), ROX_AUTHORIZE, 0);
    m = afterNavigation(m, url, 1);
    m = afterNavigation(m, REPROCESS('later'), 2);
    expect(provenRequest(m, REPROCESS('later'), 3)).toBeUndefined();
  });

  it('a request proves nothing after FRESH_MS', () => {
    const m = afterNavigation(afterNavigation(emptyMemory(), ROX_AUTHORIZE, 0), REPROCESS('A'), 1);
    expect(provenRequest(m, REPROCESS('A'), FRESH_MS)).toBeDefined();
    expect(provenRequest(m, REPROCESS('A'), FRESH_MS + 1)).toBeUndefined();
  });

  it('keeps only hashes of URLs (a callback URL with a code is never stored)', () => {
    const m = afterNavigation(emptyMemory(), `${ROX_CB}?code=SECRET_CODE&state=s1`, 0);
    expect(JSON.stringify(m)).not.toContain('SECRET_CODE');
  });

  it('never throws on odd URLs', () => {
    for (const u of ['', 'not a url', `${LOGIN}/%E0%A4%A/oauth2/authorize?client_id=%`, 'javascript:alert(1)']) expect(() => afterNavigation(emptyMemory(), u, 0)).not.toThrow();
  });
});

describe('the page service: stale memory never makes a page genuine', () => {
  it('Rox sign-in, then device-code entry, then a Request sent page naming Rox: red, no flow', async () => {
    const s = setup();
    await s.go(ROX_AUTHORIZE);
    await s.go(`${LOGIN}/common/oauth2/deviceauth`);
    await s.go(REPROCESS('X'));
    const reply = await s.page(REPROCESS('X'), { kind: 'request-sent', publisher: undefined, verified: null });
    expect(reply.verdict?.level).toBe('suspicious');
    expect(reply.verdict?.rox).toBe(false);
    expect(reply.flow).toBeUndefined();
  });

  it('Rox sign-in, then a foreign site, then an Approval required page naming Rox: red', async () => {
    const s = setup();
    await s.go(ROX_AUTHORIZE);
    await s.go(undefined);
    const reply = await s.page(REPROCESS('Y'), { kind: 'approval-required' });
    expect(reply.verdict?.reasons).toContain('client-id-unproven');
  });

  it('Rox sign-in, then another app, then Rox again: the genuine page is not red', async () => {
    const s = setup();
    await s.go(ROX_AUTHORIZE);
    await s.go(OTHER_AUTHORIZE);
    await s.go(REPROCESS('O'));
    await s.go(ROX_AUTHORIZE.replace('state=s1', 'state=s2'));
    await s.go(REPROCESS('R'));
    expect((await s.page(REPROCESS('R'), { kind: 'approval-required' })).verdict?.level).toBe('genuine');
  });

  it('the content script reporting before the tab listener saw the URL still proves its own authorize URL', async () => {
    const s = setup();
    expect((await s.page(ROX_AUTHORIZE, { kind: 'approval-required' })).verdict?.level).toBe('genuine');
  });

  it('Request sent inherits the Approval required page just before it, and nothing older', async () => {
    const s = setup();
    await s.go(ROX_AUTHORIZE);
    await s.go(REPROCESS('A'));
    expect((await s.page(REPROCESS('A'), { kind: 'approval-required' })).verdict?.level).toBe('genuine');
    await s.go(`${LOGIN}/common/consent/request`);
    const sent = await s.page(`${LOGIN}/common/consent/request`, { kind: 'request-sent', publisher: undefined, verified: null });
    expect(sent.verdict?.level).toBe('genuine');
    expect(sent.flow?.state).toBe('requested');
    // The same page again after the memory went stale.
    s.later(FRESH_MS + 1);
    expect((await s.page(`${LOGIN}/common/consent/request`, { kind: 'request-sent', publisher: undefined, verified: null })).verdict?.level).toBe('suspicious');
  });

  it('an impostor Approval required page before Request sent makes Request sent red too', async () => {
    const s = setup();
    const impostor = authorize('9d1f0c3b-2a4e-4f6d-8c7b-1e5a3f9b2d40', '', 'https://rox-connect.test/callback');
    await s.go(impostor);
    expect((await s.page(impostor, { kind: 'approval-required', verified: false })).verdict?.level).toBe('suspicious');
    await s.go(`${LOGIN}/common/consent/request`);
    expect((await s.page(`${LOGIN}/common/consent/request`, { kind: 'request-sent', publisher: undefined, verified: null })).verdict?.level).toBe('suspicious');
  });

  it('duplicated client_id in the current URL is red even when the first one is Rox\'s', async () => {
    const s = setup();
    const url = ROX_AUTHORIZE + '&CLIENT_ID=9d1f0c3b-2a4e-4f6d-8c7b-1e5a3f9b2d40';
    expect((await s.page(url, { kind: 'approval-required' })).verdict?.reasons).toContain('request-ambiguous');
  });
});

describe('the Rox callback marks a flow connected only for this tab\'s own Rox sign-in', () => {
  const request = { id: 1, at: 0, params: { clientId: SANDBOX_ROX_CLIENT_ID, scopes: ['Calendars.Read'], redirectUri: ROX_CB, loginHint: '', tenant: 'organizations', state: 's1' } };
  const click = { integration: 'outlook-mail', at: 0 };
  it.each([
    ['matching state and redirect', `${ROX_CB}?code=c&state=s1`, request, undefined, 'connected'],
    ['an error answer', `${ROX_CB}?error=access_denied&state=s1`, request, undefined, 'failed'],
    ['a crafted link with any code, no request, no Connect click', `${ROX_CB}?code=c&state=s1`, undefined, undefined, undefined],
    ['another state than the request the tab showed', `${ROX_CB}?code=c&state=forged`, request, click, undefined],
    ['no state', `${ROX_CB}?code=c`, request, undefined, undefined],
    ['another client id', `${ROX_CB}?code=c&state=s1`, { ...request, params: { ...request.params, clientId: 'x' } }, undefined, undefined],
    ['another redirect', `${ROX_CB}?code=c&state=s1`, { ...request, params: { ...request.params, redirectUri: 'https://app.rox.com/other' } }, undefined, undefined],
    ['a non-Rox host', `https://rox.com.evil.test/integrations/microsoft/callback?code=c&state=s1`, request, click, undefined],
    ['Microsoft answered at once: the fresh Connect click stands in', `${ROX_CB}?code=c&state=any`, undefined, click, 'connected'],
    ['a stale Connect click', `${ROX_CB}?code=c&state=any`, undefined, { ...click, at: -FRESH_MS - 1 }, undefined],
  ] as const)('%s', (_n, url, req, connect, outcome) => expect(callbackOutcome(url, req, connect, [], 0)?.outcome).toBe(outcome));

  it('a crafted callback link in another tab changes no flow', async () => {
    const s = setup();
    await s.worker.handle({ type: 'connect-clicked', data: { integration: 'outlook-calendar' } }, s.sender('https://app.rox.com/integrations'));
    const other = { ...s.sender(`${ROX_CB}?code=anything&state=whatever`), tab: { id: 8 } as Runtime.MessageSender['tab'] };
    await s.worker.handle({ type: 'page-detected', data: { kind: 'rox-callback', url: ROX_CB, integration: 'outlook-calendar', outcome: 'connected' } }, other);
    const { stored } = await s.worker.flows.load();
    expect(Object.values(stored.flows).map((f) => f.state)).toEqual(['connecting']);
  });

  it('a Connect click, then a foreign site, then a crafted callback in the same tab changes no flow', async () => {
    const s = setup();
    await s.worker.handle({ type: 'connect-clicked', data: { integration: 'outlook-calendar' } }, s.sender('https://app.rox.com/integrations'));
    await s.go(undefined);
    await s.go(`${ROX_CB}?code=anything&state=whatever`);
    await s.worker.handle({ type: 'page-detected', data: { kind: 'rox-callback', url: ROX_CB } }, s.sender(`${ROX_CB}?code=anything&state=whatever`));
    const { stored } = await s.worker.flows.load();
    expect(Object.values(stored.flows).map((f) => f.state)).toEqual(['connecting']);
  });

  it('the real sequence connects (the tab showed the authorize request)', async () => {
    const s = setup();
    await s.worker.handle({ type: 'connect-clicked', data: { integration: 'outlook-calendar' } }, s.sender('https://app.rox.com/integrations'));
    await s.go(ROX_AUTHORIZE);
    await s.go(`${ROX_CB}?code=c&state=s1`);
    await s.worker.handle({ type: 'page-detected', data: { kind: 'rox-callback', url: ROX_CB } }, s.sender(`${ROX_CB}?code=c&state=s1`));
    const { stored } = await s.worker.flows.load();
    expect(Object.values(stored.flows).map((f) => f.state)).toEqual(['connected']);
    expect(JSON.stringify(stored)).not.toContain('code=c');
  });
});

describe('flow selection and account matching', () => {
  const flow = (over: Partial<Flow>): Flow => ({ key: 'k', account: '', clientId: 'c', integration: 'outlook-calendar', tenant: '', state: 'requested', scopes: [], returnUrl: '', createdAt: 0, updatedAt: 0, ...over });
  it('picks the newest flow of the integration for this account (case-insensitive), or one without an account', () => {
    const flows = [flow({ key: 'a', account: 'megan@fabrikam.com', updatedAt: 1 }), flow({ key: 'b', account: 'adele@fabrikam.com', updatedAt: 5 }), flow({ key: 'c', integration: 'outlook-mail', updatedAt: 9 })];
    expect(flowFor(flows, 'outlook-calendar', 'MEGAN@fabrikam.com')?.key).toBe('a');
    expect(flowFor(flows, 'outlook-mail', 'megan@fabrikam.com')?.key).toBe('c');
    expect(flowFor(flows, 'outlook-calendar', undefined)?.key).toBe('b');
    expect(flowFor(flows, 'outlook-calendar', 'nobody@x.com')).toBeUndefined();
  });
  it('adopts an account-less flow when the account becomes known', async () => {
    const s = setup();
    await s.worker.handle({ type: 'connect-clicked', data: { integration: 'outlook-calendar' } }, s.sender('https://app.rox.com/integrations'));
    await s.go(ROX_AUTHORIZE);
    await s.page(ROX_AUTHORIZE, { kind: 'approval-required', upn: 'megan@fabrikam.com' });
    const { stored } = await s.worker.flows.load();
    expect(Object.values(stored.flows).map((f) => [f.account, f.state])).toEqual([['megan@fabrikam.com', 'approval-required']]);
  });
});

describe('the stored-flow cap', () => {
  it('keeps at most MAX_FLOWS flows, dropping the least recently changed', async () => {
    const s = setup();
    for (let i = 0; i < MAX_FLOWS + 5; i++) {
      s.later(1);
      await s.worker.flows.apply({ account: `user${i}@fabrikam.com`, clientId: SANDBOX_ROX_CLIENT_ID, integration: 'outlook-calendar' }, { type: 'page', kind: 'approval-required', at: i, data: { account: `user${i}@fabrikam.com`, clientId: SANDBOX_ROX_CLIENT_ID, integration: 'outlook-calendar' } });
    }
    const { stored } = await s.worker.flows.load();
    expect(Object.keys(stored.flows)).toHaveLength(MAX_FLOWS);
    expect(stored.flows[`user0@fabrikam.com|${SANDBOX_ROX_CLIENT_ID}|outlook-calendar`]).toBeUndefined();
    expect(stored.flows[`user${MAX_FLOWS + 4}@fabrikam.com|${SANDBOX_ROX_CLIENT_ID}|outlook-calendar`]).toBeDefined();
  });
  it('reading more than the cap keeps the newest and reports a problem (the raw data is kept aside)', () => {
    const flows = Object.fromEntries(
      Array.from({ length: MAX_FLOWS + 10 }, (_, i) => {
        const key = `u${i}|c|outlook-calendar`;
        return [key, { key, account: `u${i}`, clientId: 'c', integration: 'outlook-calendar', tenant: '', state: 'requested', scopes: [], returnUrl: '', createdAt: 0, updatedAt: i }];
      }),
    );
    const loaded = parseStored({ version: 1, flows });
    expect(Object.keys(loaded.stored.flows)).toHaveLength(MAX_FLOWS);
    expect(loaded.stored.flows[`u${MAX_FLOWS + 9}|c|outlook-calendar`]).toBeDefined();
    expect(loaded.problem).toBe('corrupt');
  });
});
