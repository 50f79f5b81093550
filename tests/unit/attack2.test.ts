/**
 * Second review: attacks on the webRequest provenance design (tabs.ts afterNavigation / provenRequest /
 * previousApproval, pages.ts handlePage / callbackOutcome). Same styles as attack.test.ts and
 * provenance.test.ts: the worker service over fake storage and a fake clock, navigations fed as
 * webRequest.onBeforeRequest reports them ({ url, requestId, initiator, method }).
 *
 * "findings": each test failed against the code under review and passes since the fix (cancelled
 * navigations change nothing, history navigations bring back their page's own request, redirect chains
 * that leave Microsoft are not Microsoft's, whole-address keys, freshness from Microsoft's last step).
 * "holds": attacks the code resisted.
 *
 * Browser facts the sequences rest on:
 * - Chromium: a history (Back / Forward) or reload navigation carries the initiator of the ORIGINAL
 *   navigation of that entry (NavigationEntryImpl::ConstructCommonNavigationParams passes
 *   `frame_entry.initiator_origin()`); a back-forward-cache restore sends no request at all.
 * - webRequest `initiator` does not change through redirects; requestId stays the same across them.
 * - onBeforeRequest fires when a navigation starts; a later navigation in the same window (e.g. one
 *   answered 204 No Content) cancels it and leaves the current document shown.
 * - An opener may navigate a cross-origin window it opened, including a fragment-only (same-document)
 *   navigation, which fires `hashchange` in it; once that window is back on the opener's origin, the
 *   opener may call its history.back().
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { SANDBOX_ROX_CLIENT_ID } from '../../src/catalog';
import { senderAllowed, type Self } from '../../src/background/router';
import { FRESH_MS, urlKey } from '../../src/background/tabs';
import { createWorker } from '../../src/background/worker';
import { parseMessage, type PageReply, type PageReport } from '../../src/shared/messages';
import { fakeArea } from './fakes';

const LOGIN = 'https://login.microsoftonline.com';
const ROX = 'https://app.rox.com';
const EVIL = 'https://evil.test';
const ROX_CB = `${ROX}/integrations/microsoft/callback`;
const EVIL_ID = '9d1f0c3b-2a4e-4f6d-8c7b-1e5a3f9b2d40';
const CAL = 'openid profile Calendars.Read Calendars.ReadWrite User.Read offline_access';
const authorize = (clientId: string, { state = 's1', redirect = ROX_CB, scope = CAL, extra = '' } = {}) =>
  `${LOGIN}/organizations/oauth2/v2.0/authorize?client_id=${clientId}&response_type=code&redirect_uri=${encodeURIComponent(redirect)}&scope=${encodeURIComponent(scope)}&state=${state}&login_hint=megan%40fabrikam.com${extra}`;
const ROX_AUTHORIZE = authorize(SANDBOX_ROX_CLIENT_ID);
/** The impostor registered Rox's name (and could even register a rox.com redirect URI: it never receives the code). */
const IMPOSTOR_AUTHORIZE = authorize(EVIL_ID, { state: 'e', redirect: 'https://rox-connect.test/cb' });
const REPROCESS = (ctx: string) => `${LOGIN}/common/reprocess?ctx=${ctx}`;
const COMMON_LOGIN = `${LOGIN}/common/login`;
const KMSI = `${LOGIN}/kmsi`;
const LOGIN_SRF = `${LOGIN}/login.srf`;
const CONSENT_REQUEST = `${LOGIN}/common/consent/request`;
const PROBE = 'https://cnkmldlicjhaomlcbgbgijgehokplhpk.chromiumapp.org/';

interface Hop {
  tab?: number;
  /** The origin webRequest reports ('' = the browser). Microsoft's by default. */
  initiator?: string;
  method?: string;
  /** Reuse a previous hop's id: a server redirect of that request. */
  requestId?: string;
}

function setup() {
  let now = 1_000_000;
  const local = fakeArea();
  const session = fakeArea();
  const worker = createWorker({ local, session, now: () => now, settings: async () => ({ trustedClientIds: [], probeRedirect: PROBE }), injectScript: async () => undefined });
  let id = 100;
  /** One webRequest.onBeforeRequest report; returns its requestId (pass it again for a redirect hop). */
  const go = async (url: string, { tab = 7, initiator = LOGIN, method = 'GET', requestId = String(++id) }: Hop = {}) => {
    await worker.navigated(tab, { url, requestId, initiator, method });
    return requestId;
  };
  const sender = (url: string, tab = 7): Runtime.MessageSender => ({ id: 'x', url, tab: { id: tab } as Runtime.MessageSender['tab'] });
  /** What the content script reports (its url never carries a query or fragment; the sender's does). */
  const page = async (url: string, report: Partial<PageReport> & Pick<PageReport, 'kind'>, tab = 7) =>
    (await worker.handle(
      { type: 'page-detected', data: { url: url.split(/[?#]/)[0]!, appName: 'Rox 365 Integration', publisher: 'rox.com', verified: true, lang: 'en', permissions: ['Read user calendars'], ...report } },
      sender(url, tab),
    )) as PageReply;
  const states = async () => Object.values((await worker.flows.load()).stored.flows).map((f) => f.state);
  return { worker, local, session, go, page, sender, states, later: (ms: number) => void (now += ms) };
}

/** The impostor's Approval required as its page shows it: Rox's name (its registrant chose it), no publisher line. */
const IMPOSTOR_PAGE = { kind: 'approval-required', publisher: undefined, verified: null } as const;
const REQUEST_SENT = { kind: 'request-sent', publisher: undefined, verified: null } as const;

afterEach(() => vi.restoreAllMocks());

describe('findings (fixed)', () => {
  describe('N1 Back does not break the request: Chromium gives a history navigation its original initiator, and a bfcache restore sends nothing', () => {
    // The impostor's sign-in in the attacker's window reaches a step page at /common/reprocess (after the
    // password POST: its original initiator is Microsoft). The attacker then starts Rox's authorize in
    // that window, sends it to evil.test/back, which calls history.go(-2): the impostor's step page again.
    // The user goes on ("Stay signed in?" -> POST /kmsi) and the impostor's Approval required is judged
    // against Rox's request, which Back never ended.
    it.each([
      ['restored from the back-forward cache (no request)', false],
      ['fetched again (initiator: the original navigation\'s, Microsoft)', true],
    ])('Back to the impostor\'s mid-flow page, %s: its next page gets Rox\'s provenance', async (_n, refetch) => {
      const s = setup();
      await s.go(IMPOSTOR_AUTHORIZE, { initiator: EVIL });
      const post = await s.go(COMMON_LOGIN, { method: 'POST' });
      await s.go(REPROCESS('IMPOSTOR_STEP'), { requestId: post });
      await s.go(ROX_AUTHORIZE, { initiator: EVIL });
      if (refetch) await s.go(REPROCESS('IMPOSTOR_STEP'), { initiator: LOGIN });
      // The restored step page's content script says how it was reached (it does so on every history navigation).
      await s.worker.handle({ type: 'get-tab-context', data: { navigation: 'back_forward' } }, s.sender(REPROCESS('IMPOSTOR_STEP')));
      await s.go(KMSI, { method: 'POST' });
      const reply = await s.page(KMSI, IMPOSTOR_PAGE);
      expect(reply.verdict?.rox).toBe(false);
      expect(reply.verdict?.level).toBe('suspicious');
      expect(await s.states()).toEqual([]);
    });
  });

  describe('N2 a request that never committed: memory changes at onBeforeRequest, the page report is judged by it', () => {
    // Attacker's window shows the impostor's Approval required (red). The opener sets
    // w.location = Rox's authorize URL and at once w.location = https://evil.test/204: the Rox
    // navigation is cancelled, the 204 keeps the impostor's page on screen. Then w.location = same URL + '#x'
    // (same-document): hashchange -> the content script reports again.
    it('the impostor page, re-reported after an aborted Rox navigation, gets Rox\'s request (rox: true, Rox help, a flow)', async () => {
      const s = setup();
      await s.go(IMPOSTOR_AUTHORIZE, { initiator: EVIL });
      expect((await s.page(IMPOSTOR_AUTHORIZE, IMPOSTOR_PAGE)).verdict?.rox).toBe(false);
      // Started, then cancelled: never shown (webRequest reports its start and its error, no response).
      await s.worker.navigation(7, { type: 'request', requestId: 'cancelled', hop: { url: ROX_AUTHORIZE, initiator: EVIL, method: 'GET' } });
      await s.worker.navigation(7, { type: 'failed', requestId: 'cancelled' });
      const reply = await s.page(`${IMPOSTOR_AUTHORIZE}#x`, IMPOSTOR_PAGE);
      expect(reply.verdict?.rox).toBe(false);
      expect(await s.states()).toEqual([]);
    });
  });

  describe('N3 the federation return (POST /login.srf) continues the current request from ANY site', () => {
    it('a window the attacker opened on Rox\'s authorize URL, then its own form POSTed to /login.srf (target = that window)', async () => {
      const s = setup();
      await s.go(ROX_AUTHORIZE, { initiator: EVIL });
      await s.go(LOGIN_SRF, { initiator: EVIL, method: 'POST' });
      const reply = await s.page(LOGIN_SRF, IMPOSTOR_PAGE);
      expect(reply.verdict?.rox).toBe(false);
    });
    it('the same POST answered by a redirect to an impostor continuation', async () => {
      const s = setup();
      await s.go(ROX_AUTHORIZE, { initiator: EVIL });
      const srf = await s.go(LOGIN_SRF, { initiator: EVIL, method: 'POST' });
      await s.go(REPROCESS('IMPOSTOR'), { initiator: EVIL, requestId: srf });
      expect((await s.page(REPROCESS('IMPOSTOR'), IMPOSTOR_PAGE)).verdict?.rox).toBe(false);
    });
  });

  describe('N4 a "redirect of the same request" may have left Microsoft in between (unseen hosts, Rox hosts)', () => {
    it('crafted Rox authorize with domain_hint = the attacker\'s federated domain: Microsoft sends it to the attacker\'s IdP, which 302s to an impostor continuation', async () => {
      const s = setup();
      const hop = (url: string) => ({ url, initiator: EVIL, method: 'GET' });
      await s.worker.navigation(7, { type: 'request', requestId: 'chain', hop: hop(authorize(SANDBOX_ROX_CLIENT_ID, { state: 'x', extra: '&domain_hint=evil-federated.test' })) });
      // ... 302 https://sts.evil-federated.test/adfs/ls (webRequest: a redirect to a host it cannot see) ... 302 back:
      await s.worker.navigation(7, { type: 'left', requestId: 'chain' });
      await s.worker.navigation(7, { type: 'request', requestId: 'chain', hop: hop(REPROCESS('IMPOSTOR')) });
      await s.worker.navigation(7, { type: 'response', requestId: 'chain', statusCode: 200 });
      expect((await s.page(REPROCESS('IMPOSTOR'), IMPOSTOR_PAGE)).verdict?.rox).toBe(false);
    });
    it('a hop through any *.rox.com URL (an open redirect on a help / status / marketing subdomain) keeps the chain "Microsoft\'s"', async () => {
      const s = setup();
      await s.go(ROX_AUTHORIZE, { initiator: EVIL });
      const chain = await s.go(`https://help.rox.com/hc/redirect?to=${encodeURIComponent(REPROCESS('IMPOSTOR'))}`, { initiator: EVIL });
      await s.go(REPROCESS('IMPOSTOR'), { initiator: EVIL, requestId: chain });
      expect((await s.page(REPROCESS('IMPOSTOR'), IMPOSTOR_PAGE)).verdict?.rox).toBe(false);
    });
  });

  describe('N5 the Back / reload map is first-writer-wins per URL: a shared POST target keeps the first request forever', () => {
    const sequence = async (s: ReturnType<typeof setup>) => {
      await s.go(ROX_AUTHORIZE, { initiator: ROX });
      await s.go(COMMON_LOGIN, { method: 'POST' }); // Rox's page shown at /common/login: seen = Rox
      await s.go(authorize(EVIL_ID, { state: 'e', redirect: 'https://rox-connect.test/cb', extra: '&prompt=login' }), { initiator: EVIL });
      await s.go(COMMON_LOGIN, { method: 'POST' }); // the impostor's Approval required, at the same URL
      expect((await s.page(COMMON_LOGIN, IMPOSTOR_PAGE)).verdict?.rox).toBe(false); // red: right
    };
    it('the user reloads the red impostor page (form resubmission): it turns into "Rox"', async () => {
      const s = setup();
      await sequence(s);
      await s.go(COMMON_LOGIN, { method: 'POST', initiator: LOGIN }); // reload: the original initiator
      expect((await s.page(COMMON_LOGIN, { ...IMPOSTOR_PAGE, navigation: 'reload' })).verdict?.rox).toBe(false);
    });
    it('the attacker sends the window away and back (history.back() from its own origin, bfcache restore): "Rox"', async () => {
      const s = setup();
      await sequence(s);
      expect((await s.page(COMMON_LOGIN, { ...IMPOSTOR_PAGE, navigation: 'back_forward' })).verdict?.rox).toBe(false);
    });
  });

  describe('N6 urlKey hashes only the first 8192 characters: two URLs that differ after that share a memory slot', () => {
    it('a long Rox authorize URL X, then X + "&client_id=<impostor>" (ambiguous, red); reloaded, it is judged by X: Rox, not ambiguous', async () => {
      const s = setup();
      const x = authorize(SANDBOX_ROX_CLIENT_ID, { extra: `&pad=${'a'.repeat(8200)}` });
      const y = `${x}&client_id=${EVIL_ID}`;
      expect(await urlKey(x)).not.toBe(await urlKey(y)); // the whole address is hashed now
      await s.go(x, { initiator: EVIL });
      await s.go(y, { initiator: EVIL });
      expect((await s.page(y, IMPOSTOR_PAGE)).verdict?.reasons).toContain('request-ambiguous');
      await s.go(y, { initiator: EVIL }); // reload
      const reply = await s.page(y, { ...IMPOSTOR_PAGE, navigation: 'reload' });
      expect(reply.verdict?.reasons).toContain('request-ambiguous');
    });
  });

  describe('N7 false alarm: freshness counts from the authorize request, not from the last hop Microsoft led', () => {
    it('genuine Rox: the user takes 16 minutes on Approval required (writing the justification), then Request approval: Request sent is red, no "requested"', async () => {
      const s = setup();
      await s.worker.handle({ type: 'connect-clicked', data: { integration: 'outlook-calendar' } }, s.sender(`${ROX}/integrations`));
      const chain = await s.go(`${ROX}/integrations/outlook-calendar/authorize`, { initiator: ROX });
      await s.go(ROX_AUTHORIZE, { initiator: ROX, requestId: chain });
      const post = await s.go(COMMON_LOGIN, { method: 'POST' });
      await s.go(REPROCESS('R'), { requestId: post });
      expect((await s.page(REPROCESS('R'), { kind: 'approval-required' })).verdict?.level).toBe('genuine');
      s.later(16 * 60_000);
      await s.go(CONSENT_REQUEST, { method: 'POST' });
      const sent = await s.page(CONSENT_REQUEST, REQUEST_SENT);
      expect(sent.verdict?.level).not.toBe('suspicious');
      expect(await s.states()).toEqual(['requested']);
    });
    it('genuine Rox: sign-in with MFA registration takes 16 minutes; the Approval required page that follows is red', async () => {
      const s = setup();
      await s.go(ROX_AUTHORIZE, { initiator: ROX });
      await s.go(COMMON_LOGIN, { method: 'POST' });
      s.later(16 * 60_000);
      await s.go(`${LOGIN}/common/SAS/ProcessAuth`, { method: 'POST' });
      await s.go(KMSI, { method: 'POST' });
      expect((await s.page(KMSI, { kind: 'approval-required' })).verdict?.level).toBe('genuine');
    });
  });

  describe('N8 false alarm: Microsoft\'s other sign-in hosts are "another site" (initiator is not login.microsoftonline.com)', () => {
    // [I] return paths: passkeys are signed on login.microsoft.com, certificate sign-in on
    // certauth.login.microsoftonline.com (or t<tenant>.certauth...), the MFA registration interrupt on
    // mysignins.microsoft.com; each hands back to the sign-in host by a form POST / navigation of its own.
    it.each([
      ['passkey (login.microsoft.com)', 'https://login.microsoft.com', COMMON_LOGIN, 'POST'],
      ['certificate-based auth (certauth.login.microsoftonline.com)', 'https://certauth.login.microsoftonline.com', COMMON_LOGIN, 'POST'],
      ['MFA registration interrupt (mysignins.microsoft.com)', 'https://mysignins.microsoft.com', REPROCESS('R'), 'GET'],
    ])('genuine Rox via %s: Approval required is not red', async (_n, initiator, back, method) => {
      const s = setup();
      await s.go(ROX_AUTHORIZE, { initiator: ROX });
      await s.go(back, { initiator, method });
      expect((await s.page(back, { kind: 'approval-required' })).verdict?.level).not.toBe('suspicious');
    });
  });

  describe('N9 false alarm: the Back / reload lookup hashes sender.url WITH its fragment; webRequest URLs have none', () => {
    it('genuine Rox page at a URL with a #fragment, reloaded: red', async () => {
      const s = setup();
      await s.go(ROX_AUTHORIZE, { initiator: ROX });
      const post = await s.go(COMMON_LOGIN, { method: 'POST' });
      await s.go(REPROCESS('R'), { requestId: post });
      await s.go(REPROCESS('R'), { initiator: LOGIN }); // reload (or Back)
      expect((await s.page(`${REPROCESS('R')}#`, { kind: 'approval-required', navigation: 'reload' })).verdict?.level).toBe('genuine');
    });
  });

  describe('N10 events are applied in the order their SHA-256 digests finish, not the order webRequest delivered them', () => {
    it('Rox authorize then a foreign navigation to an impostor continuation, the first digest finishing last: Rox stays current', async () => {
      const s = setup();
      const digest = crypto.subtle.digest.bind(crypto.subtle);
      let calls = 0;
      vi.spyOn(crypto.subtle, 'digest').mockImplementation(async (alg, data) => {
        const first = ++calls === 1;
        const out = await digest(alg, data);
        if (first) await new Promise((r) => setTimeout(r, 20));
        return out;
      });
      // index.ts: `void worker.navigated(...)` for each event, nothing awaited in between.
      const a = s.worker.navigated(7, { url: ROX_AUTHORIZE, requestId: '1', initiator: EVIL, method: 'GET' });
      const b = s.worker.navigated(7, { url: REPROCESS('IMPOSTOR'), requestId: '2', initiator: EVIL, method: 'GET' });
      await Promise.all([a, b]);
      vi.restoreAllMocks();
      expect((await s.page(REPROCESS('IMPOSTOR'), IMPOSTOR_PAGE)).verdict?.rox).toBe(false);
    });
  });
});

describe('holds', () => {
  it('Microsoft\'s logout with a post-logout redirect back to a continuation: the first hop (from another site) breaks, the redirect does not mend it', async () => {
    const s = setup();
    await s.go(ROX_AUTHORIZE, { initiator: EVIL });
    const chain = await s.go(`${LOGIN}/common/oauth2/v2.0/logout?post_logout_redirect_uri=${encodeURIComponent(REPROCESS('IMPOSTOR'))}`, { initiator: EVIL });
    await s.go(REPROCESS('IMPOSTOR'), { initiator: EVIL, requestId: chain });
    expect((await s.page(REPROCESS('IMPOSTOR'), IMPOSTOR_PAGE)).verdict?.rox).toBe(false);
  });

  it.each([
    ['an opaque origin ("null": a sandboxed frame with allow-top-navigation)', 'null'],
    ['a look-alike origin', 'https://login.microsoftonline.com.evil.test'],
    ['Microsoft\'s host on another port', 'https://login.microsoftonline.com:8443'],
    ['Microsoft\'s host over http', 'http://login.microsoftonline.com'],
    ['a trailing slash', 'https://login.microsoftonline.com/'],
    ['upper case', 'https://LOGIN.microsoftonline.com'],
  ])('a continuation initiated by %s breaks the request', async (_n, initiator) => {
    const s = setup();
    await s.go(ROX_AUTHORIZE, { initiator: ROX });
    await s.go(REPROCESS('IMPOSTOR'), { initiator });
    expect((await s.page(REPROCESS('IMPOSTOR'), IMPOSTOR_PAGE)).verdict?.rox).toBe(false);
  });

  it('a requestId seen in another tab is not a redirect in this one', async () => {
    const s = setup();
    await s.go(ROX_AUTHORIZE, { initiator: ROX, requestId: '55', tab: 8 });
    await s.go(ROX_AUTHORIZE, { initiator: ROX, requestId: '56', tab: 7 });
    await s.go(REPROCESS('IMPOSTOR'), { initiator: EVIL, requestId: '55', tab: 7 });
    expect((await s.page(REPROCESS('IMPOSTOR'), IMPOSTOR_PAGE)).verdict?.rox).toBe(false);
  });

  it('the impostor page in tab 7 while Rox\'s request is current in tab 8 proves nothing', async () => {
    const s = setup();
    await s.go(ROX_AUTHORIZE, { initiator: ROX, tab: 8 });
    await s.go(IMPOSTOR_AUTHORIZE, { initiator: EVIL, tab: 7 });
    expect((await s.page(IMPOSTOR_AUTHORIZE, IMPOSTOR_PAGE, 7)).verdict?.rox).toBe(false);
  });

  it('a report from a sender without a tab (tabId undefined) proves nothing', async () => {
    const s = setup();
    await s.go(ROX_AUTHORIZE, { initiator: ROX });
    const reply = (await s.worker.handle({ type: 'page-detected', data: { kind: 'approval-required', url: ROX_AUTHORIZE.split('?')[0]!, appName: 'Rox 365 Integration', lang: 'en' } }, { id: 'x', url: ROX_AUTHORIZE })) as PageReply;
    expect(reply.verdict?.rox).toBe(false);
  });

  it('Request sent after the impostor\'s red page, in the 15 minutes of a genuine Rox request in the same tab: red', async () => {
    const s = setup();
    await s.go(ROX_AUTHORIZE, { initiator: ROX });
    await s.page(ROX_AUTHORIZE, { kind: 'approval-required' });
    await s.go(IMPOSTOR_AUTHORIZE, { initiator: EVIL });
    await s.page(IMPOSTOR_AUTHORIZE, IMPOSTOR_PAGE);
    await s.go(CONSENT_REQUEST, { method: 'POST' });
    expect((await s.page(CONSENT_REQUEST, REQUEST_SENT)).verdict?.level).toBe('suspicious');
  });

  describe('the callback', () => {
    const click = (s: ReturnType<typeof setup>, tab = 7) => s.worker.handle({ type: 'connect-clicked', data: { integration: 'outlook-calendar' } }, s.sender(`${ROX}/integrations`, tab));
    const callback = (s: ReturnType<typeof setup>, url: string, outcome: 'connected' | 'failed' = 'connected') =>
      s.worker.handle({ type: 'page-detected', data: { kind: 'rox-callback', url: ROX_CB, outcome } }, s.sender(url));

    it('Connect, then the attacker\'s own Rox authorize (its state) reached through its redirector: the Connect click is dropped', async () => {
      const s = setup();
      await click(s);
      const chain = await s.go(authorize(SANDBOX_ROX_CLIENT_ID, { state: 'attacker' }), { initiator: EVIL }); // evil.test/r -> 302 (first hop unseen)
      await s.go(`${ROX_CB}?code=c&state=attacker`, { requestId: chain });
      await callback(s, `${ROX_CB}?code=c&state=attacker`);
      expect(await s.states()).toEqual(['connecting']);
    });

    it('Connect, Rox\'s own request, then a forged callback carrying its state but no "connected" from Rox\'s page: no change', async () => {
      const s = setup();
      await click(s);
      const chain = await s.go(`${ROX}/integrations/outlook-calendar/authorize`, { initiator: ROX });
      await s.go(ROX_AUTHORIZE, { initiator: ROX, requestId: chain });
      await s.go(`${ROX_CB}?code=forged&state=s1`, { initiator: EVIL });
      await s.worker.handle({ type: 'page-detected', data: { kind: 'rox-callback', url: ROX_CB } }, s.sender(`${ROX_CB}?code=forged&state=s1`));
      expect(await s.states()).toEqual(['connecting']);
    });

    it('Connect in tab 7, the callback in tab 8 (a window the attacker opened): no change', async () => {
      const s = setup();
      await click(s, 7);
      await s.go(ROX_AUTHORIZE, { initiator: ROX, tab: 8 });
      await s.go(`${ROX_CB}?code=c&state=s1`, { tab: 8 });
      await s.worker.handle({ type: 'page-detected', data: { kind: 'rox-callback', url: ROX_CB, outcome: 'connected' } }, s.sender(`${ROX_CB}?code=c&state=s1`, 8));
      expect(await s.states()).toEqual(['connecting']);
    });
  });

  it('a sub-frame on the sign-in host may not report (main frames only)', () => {
    const SELF: Self = { id: 'cnkmldlicjhaomlcbgbgijgehokplhpk', base: 'chrome-extension://cnkmldlicjhaomlcbgbgijgehokplhpk/' };
    const msg = parseMessage({ type: 'page-detected', data: { kind: 'approval-required', url: `${LOGIN}/common/reprocess` } })!;
    expect(senderAllowed(msg, { id: SELF.id, url: REPROCESS('x'), tab: { id: 1 }, frameId: 2 } as Runtime.MessageSender, SELF)).toBe(false);
  });

  describe('hostile inputs to the new code paths neither throw nor prove anything', () => {
    it.each([
      ['a 2 MB URL', `${LOGIN}/common/reprocess?ctx=${'x'.repeat(2 * 1024 * 1024)}`],
      ['a lone surrogate', `${LOGIN}/common/reprocess?ctx=\ud800`],
      ['an empty URL', ''],
      ['a javascript: URL', 'javascript:alert(1)'],
      ['a Rox authorize URL on a look-alike host', ROX_AUTHORIZE.replace('login.microsoftonline.com', 'login.microsoftonline.com.evil.test')],
    ])('%s', async (_n, url) => {
      const s = setup();
      await expect(s.worker.navigated(7, { url, requestId: '', initiator: 'null', method: 'PUT' })).resolves.toBeDefined();
      await expect(s.worker.navigated(7, { url, requestId: '\u0000'.repeat(10_000), initiator: '\ud800', method: '' })).resolves.toBeDefined();
      const reply = await s.page(REPROCESS('x'), IMPOSTOR_PAGE);
      expect(reply.verdict?.rox).toBe(false);
    });

    it('many navigations in one tab keep its memory bounded', async () => {
      const s = setup();
      for (let i = 0; i < 200; i++) await s.go(authorize(SANDBOX_ROX_CLIENT_ID, { state: `s${i}`, extra: `&pad=${'p'.repeat(1500)}` }), { initiator: EVIL });
      expect(JSON.stringify(s.session.data).length).toBeLessThan(40_000);
    });

    it('an empty requestId never counts as a redirect', async () => {
      const s = setup();
      await s.go(ROX_AUTHORIZE, { initiator: EVIL, requestId: '' });
      await s.go(REPROCESS('IMPOSTOR'), { initiator: EVIL, requestId: '' });
      expect((await s.page(REPROCESS('IMPOSTOR'), IMPOSTOR_PAGE)).verdict?.rox).toBe(false);
    });
  });

  it('FRESH_MS still bounds a request nobody continued', async () => {
    const s = setup();
    await s.go(ROX_AUTHORIZE, { initiator: ROX });
    s.later(FRESH_MS + 1);
    await s.go(REPROCESS('late'));
    expect((await s.page(REPROCESS('late'), { kind: 'approval-required' })).verdict?.rox).toBe(false);
  });
});
