/**
 * Provenance: which request proves where a page came from. The worker service over a fake storage and a
 * fake clock: navigation sequences as a hostile tab would make them, then the verdict the page gets.
 */
import { describe, expect, it } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { SANDBOX_ROX_CLIENT_ID } from '../../src/catalog';
import { afterNavigation, afterReport, emptyMemory, unseenSiteLoaded, FRESH_MS, provenRequest, urlKey, type Navigation, type NavigationType, type TabMemory } from '../../src/background/tabs';
import { callbackOutcome, flowFor } from '../../src/background/pages';
import { createWorker } from '../../src/background/worker';
import { fakeArea } from './fakes';
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


/** How a navigation came about, as webRequest reports it. */
type How = 'microsoft' | 'redirect' | 'browser' | `https://${string}`;

function navigations() {
  let id = 0;
  return (url: string, how: How = 'microsoft', method = 'GET'): Omit<Navigation, 'key'> => ({
    url,
    requestId: String(how === 'redirect' ? id : ++id),
    initiator: how === 'microsoft' || how === 'redirect' ? LOGIN : how === 'browser' ? '' : how,
    method,
  });
}

function setup() {
  let now = 1_000_000;
  const worker = createWorker({ local: fakeArea(), session: fakeArea(), now: () => now, settings: async () => ({ trustedClientIds: [], probeRedirect: 'https://cnkmldlicjhaomlcbgbgijgehokplhpk.chromiumapp.org/' }), injectScript: async () => undefined });
  const tab = 7;
  const nav = navigations();
  const sender = (url: string): Runtime.MessageSender => ({ id: 'x', url, tab: { id: tab } as Runtime.MessageSender['tab'] });
  const page = async (url: string, report: Partial<PageReport> & Pick<PageReport, 'kind'>) =>
    (await worker.handle({ type: 'page-detected', data: { url: url.split('?')[0]!, appName: 'Rox 365 Integration', publisher: 'rox.com', verified: true, lang: 'en', permissions: ['Read user calendars'], ...report } }, sender(url))) as PageReply;
  return {
    worker,
    go: (url: string, how?: How, method?: string) => worker.navigated(tab, nav(url, how, method)),
    page,
    later: (ms: number) => void (now += ms),
    sender,
  };
}

describe('tab memory rules (pure)', () => {
  const walk = (steps: [string, How?, string?][]) => {
    const nav = navigations();
    return steps.reduce((m, [url, how, method], i) => afterNavigation(m, { ...nav(url, how, method), key: url }, i), emptyMemory());
  };
  const proven = (m: TabMemory, url: string, type?: NavigationType) => provenRequest(afterReport(m, url, type), 10)?.params.clientId;

  it('continues the request only where Microsoft led: its redirects, form posts and links', () => {
    const m = walk([[ROX_AUTHORIZE, 'https://app.rox.com'], [`${LOGIN}/common/login`, 'microsoft', 'POST'], [REPROCESS('A'), 'redirect']]);
    expect(proven(m, REPROCESS('A'))).toBe(SANDBOX_ROX_CLIENT_ID);
  });

  it.each([
    ['device-code entry', `${LOGIN}/common/oauth2/deviceauth`, 'microsoft'],
    ['an authorize URL without a client id', `${LOGIN}/common/oauth2/v2.0/authorize?response_type=code`, 'microsoft'],
    ['a SAML sign-in', `${LOGIN}/fabrikam.com/saml2?SAMLRequest=x`, 'microsoft'],
    ['a page another site navigated to', REPROCESS('B'), 'https://evil.test'],
    ['a page opened by the browser (typed, bookmark)', REPROCESS('B'), 'browser'],
    ['another Microsoft site', 'https://entra.microsoft.com/#home', 'microsoft'],
    ['an http page on the sign-in host', 'http://login.microsoftonline.com/common/reprocess?ctx=Z', 'microsoft'],
  ] as const)('%s breaks the request: a later page proves nothing', (_n, url, how) => {
    const m = walk([[ROX_AUTHORIZE], [url, how], [REPROCESS('later'), 'microsoft']]);
    expect(proven(m, REPROCESS('later'))).toBeUndefined();
  });

  it('one URL shown for several requests (Microsoft\'s query-less POST targets) belongs to the current one', () => {
    const login = `${LOGIN}/common/login`;
    const m = walk([[ROX_AUTHORIZE], [login, 'microsoft', 'POST'], [OTHER_AUTHORIZE, 'browser'], [login, 'microsoft', 'POST']]);
    expect(proven(m, login)).not.toBe(SANDBOX_ROX_CLIENT_ID);
    // Back to it, or a reload: which of the two it shows is unknown, so it proves neither.
    expect(proven(m, login, 'back_forward')).toBeUndefined();
    expect(proven(m, login, 'reload')).toBeUndefined();
  });

  it('Back to a Rox step page after another app\'s sign-in: the page brings back its own request', () => {
    // Re-fetched (its context is in its address) or restored from the back-forward cache (the page says so).
    const m = walk([[ROX_AUTHORIZE], [REPROCESS('A'), 'redirect'], [OTHER_AUTHORIZE, 'browser'], [REPROCESS('B'), 'redirect'], [REPROCESS('A'), 'browser']]);
    expect(proven(m, REPROCESS('A'), 'back_forward')).toBe(SANDBOX_ROX_CLIENT_ID);
    const cached = walk([[ROX_AUTHORIZE], [REPROCESS('A'), 'redirect'], [OTHER_AUTHORIZE, 'browser'], [REPROCESS('B'), 'redirect']]);
    expect(proven(cached, REPROCESS('A'), 'back_forward')).toBe(SANDBOX_ROX_CLIENT_ID);
    expect(proven(cached, REPROCESS('B'), 'back_forward')).not.toBe(SANDBOX_ROX_CLIENT_ID);
    expect(proven(cached, REPROCESS('A'), 'navigate')).not.toBe(SANDBOX_ROX_CLIENT_ID);
  });

  it('a federated identity provider\'s answer (POST /login.srf from its own site) continues the request', () => {
    const nav = navigations();
    const at = (m: TabMemory, url: string, how: How, method = 'GET') => afterNavigation(m, { ...nav(url, how, method), key: url }, 1);
    const toIdp = unseenSiteLoaded(at(emptyMemory(), ROX_AUTHORIZE, 'https://app.rox.com'));
    expect(proven(at(at(toIdp, `${LOGIN}/login.srf`, 'https://sts.fabrikam.com', 'POST'), REPROCESS('F'), 'redirect'), REPROCESS('F'))).toBe(SANDBOX_ROX_CLIENT_ID);
    // Not a GET; not without a visit to the identity provider (another site posting into the window).
    expect(proven(at(toIdp, `${LOGIN}/login.srf`, 'https://sts.fabrikam.com'), `${LOGIN}/login.srf`)).toBeUndefined();
    expect(proven(at(at(emptyMemory(), ROX_AUTHORIZE, 'https://app.rox.com'), `${LOGIN}/login.srf`, 'https://evil.test', 'POST'), `${LOGIN}/login.srf`)).toBeUndefined();
  });

  it('a request proves nothing after FRESH_MS', () => {
    const m = walk([[ROX_AUTHORIZE], [REPROCESS('A'), 'redirect']]);
    expect(provenRequest(m, FRESH_MS)).toBeDefined();
    expect(provenRequest(m, FRESH_MS + 2)).toBeUndefined();
  });

  it('keys pages by a SHA-256 of their address: a callback URL with a code is never stored', async () => {
    const url = `${ROX_CB}?code=SECRET_CODE&state=s1`;
    const key = await urlKey(url);
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    const m = afterNavigation(emptyMemory(), { url, key, requestId: '1', initiator: LOGIN, method: 'GET' }, 0);
    expect(JSON.stringify(m)).not.toContain('SECRET_CODE');
  });

  it('never throws on odd URLs', () => {
    for (const u of ['', 'not a url', `${LOGIN}/%E0%A4%A/oauth2/authorize?client_id=%`, 'javascript:alert(1)']) expect(() => walk([[u]])).not.toThrow();
  });
});

describe('the page service: stale memory never makes a page genuine', () => {
  it('Rox sign-in, then device-code entry, then a Request sent page naming Rox: red, no flow', async () => {
    const s = setup();
    await s.go(ROX_AUTHORIZE, 'https://app.rox.com');
    await s.go(`${LOGIN}/common/oauth2/deviceauth`);
    await s.go(REPROCESS('X'));
    const reply = await s.page(REPROCESS('X'), { kind: 'request-sent', publisher: undefined, verified: null });
    expect(reply.verdict?.level).toBe('suspicious');
    expect(reply.verdict?.rox).toBe(false);
    expect(reply.flow).toBeUndefined();
  });

  it('Rox sign-in, then a foreign site that sends the tab to an Approval required page naming Rox: red', async () => {
    const s = setup();
    await s.go(ROX_AUTHORIZE);
    await s.go(REPROCESS('Y'), 'https://evil.test');
    const reply = await s.page(REPROCESS('Y'), { kind: 'approval-required' });
    expect(reply.verdict?.reasons).toContain('client-id-unproven');
  });

  it('Rox sign-in, then another app, then Rox again: the genuine page is not red', async () => {
    const s = setup();
    await s.go(ROX_AUTHORIZE);
    await s.go(OTHER_AUTHORIZE, 'browser');
    await s.go(REPROCESS('O'), 'redirect');
    await s.go(ROX_AUTHORIZE.replace('state=s1', 'state=s2'), 'browser');
    await s.go(REPROCESS('R'), 'redirect');
    expect((await s.page(REPROCESS('R'), { kind: 'approval-required' })).verdict?.level).toBe('genuine');
  });

  it('Request sent inherits the Approval required page just before it, and nothing older', async () => {
    const s = setup();
    await s.go(ROX_AUTHORIZE);
    await s.go(REPROCESS('A'), 'redirect');
    expect((await s.page(REPROCESS('A'), { kind: 'approval-required' })).verdict?.level).toBe('genuine');
    await s.go(`${LOGIN}/common/consent/request`, 'microsoft', 'POST');
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
    await s.go(impostor, 'https://rox-connect.test');
    expect((await s.page(impostor, { kind: 'approval-required', verified: false })).verdict?.level).toBe('suspicious');
    await s.go(`${LOGIN}/common/consent/request`, 'microsoft', 'POST');
    expect((await s.page(`${LOGIN}/common/consent/request`, { kind: 'request-sent', publisher: undefined, verified: null })).verdict?.level).toBe('suspicious');
  });

  it('duplicated client_id in the current URL is red even when the first one is Rox\'s', async () => {
    const s = setup();
    const url = ROX_AUTHORIZE + '&CLIENT_ID=9d1f0c3b-2a4e-4f6d-8c7b-1e5a3f9b2d40';
    await s.go(url);
    expect((await s.page(url, { kind: 'approval-required' })).verdict?.reasons).toContain('request-ambiguous');
  });

  it('a page the worker has no navigation record for proves nothing', async () => {
    const s = setup();
    expect((await s.page(ROX_AUTHORIZE, { kind: 'approval-required' })).verdict?.reasons).toContain('client-id-unproven');
  });
});

describe('the Rox callback marks a flow connected only for this tab\'s own Rox sign-in', () => {
  const request = { id: 1, at: 0, params: { clientId: SANDBOX_ROX_CLIENT_ID, scopes: ['Calendars.Read'], redirectUri: ROX_CB, loginHint: '', tenant: 'organizations', state: 's1' } };
  const click = { integration: 'outlook-calendar', at: 0 };
  it.each([
    ['click, matching request and state, Rox says connected', `${ROX_CB}?code=c&state=s1`, request, click, 'connected', 'connected'],
    ['an error answer', `${ROX_CB}?error=access_denied&state=s1`, request, click, 'failed', 'failed'],
    ['Rox\'s own page says it failed (its state cookie did not match)', `${ROX_CB}?code=c&state=s1`, request, click, 'failed', 'failed'],
    ['a code, but Rox\'s page does not say connected', `${ROX_CB}?code=c&state=s1`, request, click, undefined, undefined],
    ['no Connect click in this tab (a window another site opened)', `${ROX_CB}?code=c&state=s1`, request, undefined, 'connected', undefined],
    ['no request seen', `${ROX_CB}?code=c&state=s1`, undefined, click, 'connected', undefined],
    ['another state than the request the tab made', `${ROX_CB}?code=c&state=forged`, request, click, 'connected', undefined],
    ['no state', `${ROX_CB}?code=c`, request, click, 'connected', undefined],
    ['another client id', `${ROX_CB}?code=c&state=s1`, { ...request, params: { ...request.params, clientId: 'x' } }, click, 'connected', undefined],
    ['another redirect', `${ROX_CB}?code=c&state=s1`, { ...request, params: { ...request.params, redirectUri: 'https://app.rox.com/other' } }, click, 'connected', undefined],
    ['another integration than the one clicked', `${ROX_CB}?code=c&state=s1`, request, { ...click, integration: 'outlook-mail' }, 'connected', undefined],
    ['a non-Rox host', `https://rox.com.evil.test/integrations/microsoft/callback?code=c&state=s1`, request, click, 'connected', undefined],
    ['a stale Connect click', `${ROX_CB}?code=c&state=s1`, request, { ...click, at: -FRESH_MS - 1 }, 'connected', undefined],
  ] as const)('%s', (_n, url, req, connect, says, outcome) => expect(callbackOutcome(url, req, connect, [], 0, says)?.outcome).toBe(outcome));

  const connectThen = async (s: ReturnType<typeof setup>) => {
    await s.worker.handle({ type: 'connect-clicked', data: { integration: 'outlook-calendar' } }, s.sender('https://app.rox.com/integrations'));
    await s.go('https://app.rox.com/integrations/outlook-calendar/authorize', 'https://app.rox.com');
    await s.go(ROX_AUTHORIZE, 'redirect');
  };
  const callback = (s: ReturnType<typeof setup>, url: string, outcome: 'connected' | 'failed' = 'connected', tab = 7) =>
    s.worker.handle({ type: 'page-detected', data: { kind: 'rox-callback', url: ROX_CB, outcome } }, { ...s.sender(url), tab: { id: tab } as Runtime.MessageSender['tab'] });
  const states = async (s: ReturnType<typeof setup>) => Object.values((await s.worker.flows.load()).stored.flows).map((f) => f.state);

  it('the real sequence connects, Microsoft answering at once (server redirects only)', async () => {
    const s = setup();
    await connectThen(s);
    await s.go(`${ROX_CB}?code=c&state=s1`, 'redirect');
    await callback(s, `${ROX_CB}?code=c&state=s1`);
    expect(await states(s)).toEqual(['connected']);
    expect(JSON.stringify((await s.worker.flows.load()).stored)).not.toContain('code=c');
  });

  it('a crafted callback link in another tab changes no flow', async () => {
    const s = setup();
    await connectThen(s);
    await callback(s, `${ROX_CB}?code=anything&state=s1`, 'connected', 8);
    expect(await states(s)).toEqual(['connecting']);
  });

  it('a Connect click, then another site sending the tab to a crafted callback, changes no flow', async () => {
    const s = setup();
    await s.worker.handle({ type: 'connect-clicked', data: { integration: 'outlook-calendar' } }, s.sender('https://app.rox.com/integrations'));
    await s.go(authorize(SANDBOX_ROX_CLIENT_ID).replace('state=s1', 'state=attacker'), 'https://evil.test');
    await s.go(`${ROX_CB}?code=junk&state=attacker`, 'redirect');
    await callback(s, `${ROX_CB}?code=junk&state=attacker`, 'failed');
    expect(await states(s)).toEqual(['connecting']);
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

describe('the injected panel', () => {
  it('is injected into the sender\'s own frame, and only for a site that has one', async () => {
    const calls: [number, number, string][] = [];
    const worker = createWorker({ local: fakeArea(), session: fakeArea(), now: () => 0, settings: async () => ({}), injectScript: async (...a) => void calls.push(a) });
    await worker.handle({ type: 'inject-ui', data: {} }, { id: 'x', url: `${LOGIN}/common/reprocess?ctx=1`, tab: { id: 3 } as Runtime.MessageSender['tab'], frameId: 0 });
    expect(calls).toEqual([[3, 0, 'src/content/signin-ui.js']]);
    await expect(worker.handle({ type: 'inject-ui', data: {} }, { id: 'x', url: 'https://app.rox.com/integrations', tab: { id: 3 } as Runtime.MessageSender['tab'], frameId: 0 })).rejects.toThrow('no-ui');
  });
});
