/**
 * Attacks by a hostile app registrant and a hostile web page (a security review of issue 6's rewrite).
 * "findings": each test failed against the first rewrite (tab memory keyed by URL, a 32-bit URL hash, the
 * callback trusting any code, a narrow content-script pre-filter, localised sentence names, no bfcache
 * restart) and passes since the fix. "holds": attacks tried that the code resisted from the start.
 * Same styles as provenance.test.ts (the worker over fake storage and clock) and detect-hostile.test.ts
 * (hand-written pages, not the sandbox's renderers).
 */
import { describe, expect, it, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { SANDBOX_ROX_CLIENT_ID } from '../../src/catalog';
import { senderAllowed, type Self } from '../../src/background/router';
import { fakeArea } from './fakes';
import { FRESH_MS } from '../../src/background/tabs';
import { createWorker } from '../../src/background/worker';
import { reportOf, startEngine } from '../../src/content/engine';
import { configFacts, parseConfig, readSignInPage } from '../../src/detect/page';
import { detectSignInPage, mayBeOurs } from '../../src/detect/signin';
import { mayNameRox } from '../../src/detect/text';
import type { PageInput, PageMatch } from '../../src/detect/types';
import { resemblesRox } from '../../src/guard/lookalike';
import { authorizeParams } from '../../src/shared/authorize';
import { parseMessage, type PageReply, type PageReport } from '../../src/shared/messages';

const LOGIN = 'https://login.microsoftonline.com';
const ROX_CB = 'https://app.rox.com/integrations/microsoft/callback';
const EVIL_ID = '9d1f0c3b-2a4e-4f6d-8c7b-1e5a3f9b2d40';
const OTHER_ID = '3b8e5f21-6c4d-4a7e-9f10-2d3c4b5a6e7f';
const CAL = 'openid profile Calendars.Read Calendars.ReadWrite User.Read offline_access';
const MAIL = 'openid profile Mail.Read Mail.Send User.Read offline_access';
const authorize = (clientId: string, { state = 's1', redirect = ROX_CB, scope = CAL, hint = 'megan%40fabrikam.com', extra = '' } = {}) =>
  `${LOGIN}/organizations/oauth2/v2.0/authorize?client_id=${clientId}&response_type=code&redirect_uri=${encodeURIComponent(redirect)}&scope=${encodeURIComponent(scope)}&state=${state}${hint ? `&login_hint=${hint}` : ''}${extra}`;
const ROX_AUTHORIZE = authorize(SANDBOX_ROX_CLIENT_ID);
const REPROCESS = (ctx: string) => `${LOGIN}/common/reprocess?ctx=${ctx}`;
/** Microsoft's POST targets: the page after the POST is shown at this same, query-less URL every time. */
const COMMON_LOGIN = `${LOGIN}/common/login`;
const PROBE = 'https://cnkmldlicjhaomlcbgbgijgehokplhpk.chromiumapp.org/';


function setup() {
  let now = 1_000_000;
  const local = fakeArea();
  const session = fakeArea();
  const worker = createWorker({ local, session, now: () => now, settings: async () => ({ trustedClientIds: [], probeRedirect: PROBE }), injectScript: async () => undefined });
  const sender = (url: string, tab = 7): Runtime.MessageSender => ({ id: 'x', url, tab: { id: tab } as Runtime.MessageSender['tab'] });
  const page = async (url: string, report: Partial<PageReport> & Pick<PageReport, 'kind'>, tab = 7) =>
    (await worker.handle(
      { type: 'page-detected', data: { url: url.split('?')[0]!, appName: 'Rox 365 Integration', publisher: 'rox.com', verified: true, lang: 'en', permissions: ['Read user calendars'], ...report } },
      sender(url, tab),
    )) as PageReply;
  const states = async () => Object.values((await worker.flows.load()).stored.flows).map((f) => f.state);
  // Navigations as webRequest reports them. `go(undefined)`: the tab went to a site the worker cannot see,
  // so the next request the worker sees was initiated there.
  let requestId = 0;
  let fromUnseen = '';
  const go = async (url: string | undefined, tab = 7, initiator = LOGIN, method = 'GET') => {
    if (!url) {
      fromUnseen = 'https://sts.fabrikam.com';
      return void (await worker.navigation(tab, { type: 'unseen-site' }));
    }
    await worker.navigated(tab, { url, requestId: String(++requestId), initiator: fromUnseen || initiator, method });
    fromUnseen = '';
  };
  return { worker, local, session, go, page, sender, states, later: (ms: number) => void (now += ms) };
}

/** An impostor's Approval required page as its content script reports it: Rox's name (the registrant chose it), no publisher line. */
const IMPOSTOR_NO_PUBLISHER = { kind: 'approval-required', publisher: undefined, verified: null } as const;

const input = (html: string, url = REPROCESS('abc'), context?: PageInput['context']): PageInput => ({ url: new URL(url), doc: new DOMParser().parseFromString(html, 'text/html'), context });

/** Approval required, minified, as users copied it (docs: "Real captures"). */
function approval({ app = 'Rox 365 Integration', publisher = '<div>rox.com</div>', lang = 'en' } = {}) {
  return (
    `<!DOCTYPE html><html lang="${lang}"><head></head><body><div id="lightbox"><form method="post"><img alt="Organization banner logo"><div>megan@fabrikam.com</div>` +
    `<div role="heading" aria-level="1">Approval required</div><div>${app}</div>${publisher}` +
    `<div>This app requires your admin's approval to:</div><ul><li><div>Read user calendars</div><div>Allows the app to read events in user calendars.</div></li></ul>` +
    `<textarea placeholder="Enter justification for requesting this app"></textarea><input type="submit" value="Request approval"></form></div></body></html>`
  );
}


/** The 32-bit FNV-1a + length the worker once used as a URL's identity (finding F2). */
function urlHash(url: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < url.length; i++) h = Math.imul(h ^ url.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36) + url.length.toString(36);
}

describe('findings (fixed)', () => {
  describe('F1 tab memory is keyed by URL: a fixed Microsoft URL reached by a NEW navigation restores the request it first had', () => {
    it('impostor after Rox in the same tab, both signing in through POST /common/login: the impostor gets Rox provenance (rox: true, help, a Rox flow)', async () => {
      const s = setup();
      await s.go(ROX_AUTHORIZE);
      await s.go(COMMON_LOGIN, 7, LOGIN, 'POST'); // password POST; Rox's page is shown at /common/login
      // Within 15 minutes the same tab is sent to the impostor's authorize URL (prompt=login forces the password step again).
      await s.go(authorize(EVIL_ID, { state: 'evil', extra: '&prompt=login' }));
      await s.go(COMMON_LOGIN, 7, LOGIN, 'POST'); // the impostor's Approval required is shown at /common/login too
      const reply = await s.page(COMMON_LOGIN, IMPOSTOR_NO_PUBLISHER);
      expect(reply.verdict?.rox).toBe(false);
      expect(reply.verdict?.level).toBe('suspicious');
      expect(await s.states()).toEqual([]);
    });

    it('false alarm: another app signed in through /common/login first, then the genuine Rox page at /common/login is red', async () => {
      const s = setup();
      await s.go(authorize(OTHER_ID, { redirect: 'https://notes.contoso.test/cb', scope: 'openid profile' }));
      await s.go(COMMON_LOGIN);
      await s.go(ROX_AUTHORIZE);
      await s.go(COMMON_LOGIN);
      const reply = await s.page(COMMON_LOGIN, { kind: 'approval-required' });
      expect(reply.verdict?.level).toBe('genuine');
    });

    it('false alarm: the user connects Calendar, later Mail, in the same tab: the second (genuine) Approval required is red', async () => {
      const s = setup();
      await s.go(ROX_AUTHORIZE);
      await s.go(COMMON_LOGIN);
      expect((await s.page(COMMON_LOGIN, { kind: 'approval-required' })).verdict?.level).toBe('genuine');
      s.later(20 * 60_000);
      await s.go(authorize(SANDBOX_ROX_CLIENT_ID, { state: 's2', scope: MAIL }));
      await s.go(COMMON_LOGIN);
      const reply = await s.page(COMMON_LOGIN, { kind: 'approval-required', permissions: ['Read user mail', 'Send mail as a user'] });
      expect(reply.verdict?.reasons).toEqual([]);
    });

    it('false alarm, same but within 15 minutes: the Mail page is judged against the Calendar request', async () => {
      const s = setup();
      await s.go(ROX_AUTHORIZE);
      await s.go(COMMON_LOGIN);
      s.later(5 * 60_000);
      await s.go(authorize(SANDBOX_ROX_CLIENT_ID, { state: 's2', scope: MAIL }));
      await s.go(COMMON_LOGIN);
      const reply = await s.page(COMMON_LOGIN, { kind: 'approval-required', permissions: ['Read user mail', 'Send mail as a user'] });
      expect(reply.verdict?.reasons).toEqual([]);
      expect(reply.integration?.id).toBe('outlook-mail');
    });
  });

  describe('F2 URL identity is a 32-bit FNV hash: attacker-chosen URLs collide', () => {
    it('a crafted Rox authorize URL and an impostor authorize URL with the same hash: the impostor page is proven "Rox"', async () => {
      // Birthday search over the `state` both URLs carry (the attacker writes both links); < 1 s.
      const rox = (i: number) => authorize(SANDBOX_ROX_CLIENT_ID, { state: `a${String(i).padStart(7, '0')}`, hint: '' });
      const evil = (i: number) => authorize(EVIL_ID, { state: `b${String(i).padStart(7, '0')}`, hint: '' });
      expect(new URL(rox(1)).href).toBe(rox(1)); // canonical: the worker hashes exactly this string
      const table = new Map<string, number>();
      for (let i = 0; i < 1 << 17; i++) table.set(urlHash(rox(i)), i);
      let x = '';
      let y = '';
      for (let j = 0; j < 4_000_000 && !x; j++) {
        const i = table.get(urlHash(evil(j)));
        if (i !== undefined) [x, y] = [rox(i), evil(j)];
      }
      expect(x).not.toBe('');
      const s = setup();
      await s.go(x, 7, 'https://evil.test'); // window.open(crafted Rox link)
      await s.go(y, 7, 'https://evil.test'); // w.location = impostor link (already signed in: its Approval required is shown at its authorize URL)
      const reply = await s.page(y, { ...IMPOSTOR_NO_PUBLISHER, navigation: 'back_forward' });
      expect(reply.verdict?.rox).toBe(false);
    });
  });

  describe('F3 a web page marks the user\'s Rox flow connected', () => {
    it('opens a crafted Rox authorize link (its own state), then navigates that window to Rox\'s callback with any code and that state', async () => {
      const s = setup();
      // The user's real flow: Connect, Approval required, request sent; waiting for the admin.
      await s.worker.handle({ type: 'connect-clicked', data: { integration: 'outlook-calendar' } }, s.sender('https://app.rox.com/integrations'));
      await s.go(ROX_AUTHORIZE);
      await s.page(ROX_AUTHORIZE, { kind: 'approval-required' });
      await s.go(`${LOGIN}/common/consent/request`);
      await s.page(`${LOGIN}/common/consent/request`, { kind: 'request-sent', publisher: undefined, verified: null });
      expect(await s.states()).toEqual(['requested']);
      // The attacker, hours later, in a window it opened (tab 9); no user action needed.
      s.later(3 * 3600_000);
      const crafted = authorize(SANDBOX_ROX_CLIENT_ID, { state: 'attacker', hint: '' });
      await s.go(crafted, 9);
      const cb = `${ROX_CB}?code=not-a-code&state=attacker`;
      await s.go(cb, 9);
      await s.worker.handle({ type: 'page-detected', data: { kind: 'rox-callback', url: ROX_CB, outcome: 'failed' } }, s.sender(cb, 9));
      expect(await s.states()).toEqual(['requested']);
    });

    it('with login_hint=<any account> it adopts the user\'s account-less flow under that account and marks it connected', async () => {
      const s = setup();
      await s.worker.handle({ type: 'connect-clicked', data: { integration: 'outlook-calendar' } }, s.sender('https://app.rox.com/integrations'));
      const crafted = authorize(SANDBOX_ROX_CLIENT_ID, { state: 'attacker', hint: 'ceo%40fabrikam.com' });
      await s.go(crafted, 9);
      const cb = `${ROX_CB}?code=x&state=attacker`;
      await s.go(cb, 9);
      await s.worker.handle({ type: 'page-detected', data: { kind: 'rox-callback', url: ROX_CB } }, s.sender(cb, 9));
      const flows = Object.values((await s.worker.flows.load()).stored.flows);
      expect(flows.map((f) => [f.account, f.state])).toEqual([['', 'connecting']]);
    });
  });

  describe('F4 a bidi-reversed name shows as "Rox 365 Integration" and gets no warning at all', () => {
    // U+202E RIGHT-TO-LEFT OVERRIDE: the reversed letters are displayed as "Rox 365 Integration".
    const REVERSED = '\u202Enoitargetni 563 xoR';
    it('the content-script gate lets it through to the worker', () => {
      const m = detectSignInPage(input(approval({ app: REVERSED, publisher: '<div>contoso.com</div>' })));
      expect(m?.kind).toBe('approval-required');
    });
    it('the worker calls it a look-alike', () => expect(resemblesRox(REVERSED)).toBe(true));
    // The worker's skeleton catches these (resemblesRox is true); the content script's gate never sends them.
    it.each(['Ŗox Integration', 'Ṙox Data Corp.', 'Ɍox Integration'])('the gate is narrower than the worker: %s never reaches the guard', (app) => {
      expect(resemblesRox(app)).toBe(true);
      expect(detectSignInPage(input(approval({ app, publisher: '<div>contoso.com</div>' })))?.kind).toBe('approval-required');
    });
  });

  describe('F5 a continuation URL navigated to by a web page inherits the tab\'s Rox request', () => {
    it('crafted Rox authorize in a window the attacker holds, then w.location = the impostor\'s /common/reprocess?ctx= (replayed from the attacker\'s own browser)', async () => {
      const s = setup();
      await s.go(authorize(SANDBOX_ROX_CLIENT_ID, { state: 'attacker', hint: '' }), 7, 'https://evil.test');
      await s.go(REPROCESS('IMPOSTOR_CTX'), 7, 'https://evil.test');
      const reply = await s.page(REPROCESS('IMPOSTOR_CTX'), IMPOSTOR_NO_PUBLISHER);
      expect(reply.verdict?.rox).toBe(false);
    });
  });

  describe('F6 false alarm: the app name is "the text after the title", so a localised Need admin approval sentence is read as the name', () => {
    const needAdmin = (lang: string, title: string, sentence: string) =>
      `<!DOCTYPE html><html lang="${lang}"><body><div id="lightbox"><form method="post"><div>megan@fabrikam.com</div>` +
      `<div role="heading" aria-level="1">${title}</div><div>${sentence}</div><div><a href="#">x</a></div></form></div></body></html>`;
    it.each([
      ['de-DE', 'Administratorgenehmigung erforderlich', 'Rox 365 Integration benötigt eine Berechtigung für den Zugriff auf Ressourcen in Ihrer Organisation, die nur ein Administrator erteilen kann.'],
      ['ja-JP', '管理者の承認が必要です', 'Rox 365 Integration には、管理者のみが付与できる組織内のリソースへのアクセス許可が必要です。'],
    ])('genuine Rox, %s: not red', async (lang, title, sentence) => {
      const s = setup();
      await s.go(ROX_AUTHORIZE);
      await s.go(REPROCESS('R'));
      const m = detectSignInPage(input(needAdmin(lang, title, sentence), REPROCESS('R'), { authorize: authorizeParams(new URL(ROX_AUTHORIZE))! }))!;
      expect(m.kind).toBe('need-admin-approval');
      const reply = await s.page(REPROCESS('R'), reportOf(m, new URL(REPROCESS('R'))));
      expect(reply.verdict?.reasons).not.toContain('name-mismatch');
      expect(reply.verdict?.level).not.toBe('suspicious');
    });
  });

  describe('F8 Back/Forward from the back/forward cache: the companion stopped on pagehide and never starts again', () => {
    it('a restored page is detected again (an impostor\'s page gets its red warning back)', async () => {
      const detect = vi.fn(() => null);
      startEngine({ detect, mayBeOurs: () => false, loadUi: async () => undefined });
      await new Promise((r) => setTimeout(r, 50));
      const before = detect.mock.calls.length;
      dispatchEvent(Object.assign(new Event('pagehide'), { persisted: true }));
      dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
      document.body.append(document.createElement('div'));
      await new Promise((r) => setTimeout(r, 50));
      expect(detect.mock.calls.length).toBeGreaterThan(before);
    });
  });

  describe('F7 false alarm: a federated / seamless-SSO / passkey sign-in leaves Microsoft\'s host, so the genuine page is unproven and red', () => {
    it('Rox authorize, ADFS at sts.fabrikam.com (no URL visible), back to /login.srf: genuine Rox Approval required is red', async () => {
      const s = setup();
      await s.go(ROX_AUTHORIZE);
      await s.go(undefined); // sts.fabrikam.com / autologon.microsoftazuread-sso.com / login.microsoft.com (fido)
      await s.go(`${LOGIN}/login.srf`, 7, LOGIN, 'POST');
      const reply = await s.page(`${LOGIN}/login.srf`, { kind: 'approval-required' });
      expect(reply.verdict?.level).not.toBe('suspicious');
    });
  });
});

describe('holds', () => {
  it('impostor with Rox\'s name and Rox\'s redirect URI registered, its own client id in the URL: red, no flow', async () => {
    const s = setup();
    const url = authorize(EVIL_ID);
    await s.go(url);
    const reply = await s.page(url, IMPOSTOR_NO_PUBLISHER);
    expect(reply.verdict).toMatchObject({ level: 'suspicious', rox: false });
    expect(await s.states()).toEqual([]);
  });

  it.each([
    ['percent-encoded parameter name', `&%63lient_id=${EVIL_ID}`],
    ['upper-case duplicate', `&CLIENT_ID=${EVIL_ID}`],
    ['duplicate scope', `&scope=Files.ReadWrite.All`],
    ['duplicate redirect', `&Redirect_Uri=${encodeURIComponent('https://evil.test/cb')}`],
  ])('smuggled second parameter (%s) on a Rox authorize URL: ambiguous, red', async (_n, extra) => {
    const s = setup();
    const url = authorize(SANDBOX_ROX_CLIENT_ID, { extra });
    await s.go(url);
    expect((await s.page(url, { kind: 'approval-required' })).verdict?.reasons).toContain('request-ambiguous');
  });

  it.each([
    ['host with trailing dot', 'https://login.microsoftonline.com./organizations/oauth2/v2.0/authorize?client_id='],
    ['Cyrillic look-alike host (punycode)', 'https://l\u043egin.microsoftonline.com/organizations/oauth2/v2.0/authorize?client_id='],
    ['userinfo', 'https://login.microsoftonline.com@evil.test/organizations/oauth2/v2.0/authorize?client_id='],
    ['http', 'http://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?client_id='],
  ])('Rox client id on a %s: not a Rox request', (_n, prefix) => {
    expect(authorizeParams(new URL(prefix + SANDBOX_ROX_CLIENT_ID))).toBeNull();
  });

  describe('look-alike spellings reach the worker and are red there', () => {
    it.each([
      '𝐑𝐨𝐱 𝟑𝟔𝟓 𝐈𝐧𝐭𝐞𝐠𝐫𝐚𝐭𝐢𝐨𝐧',
      'Ꭱox 365 Integration',
      'R\u00ADo\u200Dx 365 Integration',
      'R\u0336o\u0336x 365 Integration',
      'Rox\u2060365\u2060Integration',
      'Roxx 365 Integration',
      'ROX DATA CORP',
      'Rox 365 Integration \u202Ebeta',
    ])('%s', async (app) => {
      expect(mayNameRox(app)).toBe(true);
      expect(detectSignInPage(input(approval({ app, publisher: '<div>contoso.com</div>' })))?.kind).toBe('approval-required');
      expect(resemblesRox(app)).toBe(true);
      const s = setup();
      const url = authorize(EVIL_ID, { redirect: 'https://evil.test/cb' });
      await s.go(url);
      expect((await s.page(url, { ...IMPOSTOR_NO_PUBLISHER, appName: app })).verdict).toMatchObject({ level: 'suspicious', rox: false });
    });
  });

  it.each([
    ['en-US', 'Need admin approval', 'Rox 365 Integration needs permission to access resources in your organization that only an admin can grant. Please ask an admin to grant permission to this app before you can use it.'],
    ['en-GB', 'Need admin approval', 'Rox 365 Integration needs permission to access resources in your organisation that only an admin can grant. Please ask an admin to grant permission to this app before you can use it.'],
  ])('genuine Need admin approval in %s (the sentence names the app): not red', async (lang, title, sentence) => {
    const s = setup();
    await s.go(ROX_AUTHORIZE);
    await s.go(REPROCESS('R'));
    const html = `<!DOCTYPE html><html lang="${lang}"><body><form method="post"><div>megan@fabrikam.com</div><div role="heading" aria-level="1">${title}</div><div>${sentence}</div></form></body></html>`;
    const m = detectSignInPage(input(html, REPROCESS('R'), { authorize: authorizeParams(new URL(ROX_AUTHORIZE))! }))!;
    const reply = await s.page(REPROCESS('R'), reportOf(m, new URL(REPROCESS('R'))));
    expect(reply.verdict?.level).not.toBe('suspicious');
  });

  it('Request sent of an impostor after a genuine Rox Approval required in the same tab: not genuine', async () => {
    const s = setup();
    await s.go(ROX_AUTHORIZE);
    await s.page(ROX_AUTHORIZE, { kind: 'approval-required' });
    const evil = authorize(EVIL_ID, { state: 'e' });
    await s.go(evil);
    await s.go(`${LOGIN}/common/consent/request`);
    const sent = await s.page(`${LOGIN}/common/consent/request`, { kind: 'request-sent', publisher: undefined, verified: null });
    expect(sent.verdict?.rox).toBe(false);
    expect(sent.verdict?.level).toBe('suspicious');
  });

  it('Back to the genuine page after an impostor\'s pages keeps each page\'s own request', async () => {
    const s = setup();
    await s.go(ROX_AUTHORIZE);
    await s.go(REPROCESS('R'));
    await s.go(authorize(EVIL_ID, { state: 'e' }));
    await s.go(REPROCESS('E'));
    expect((await s.page(REPROCESS('E'), IMPOSTOR_NO_PUBLISHER)).verdict?.rox).toBe(false);
    await s.go(REPROCESS('R'), 7, ''); // Back: the browser initiates it
    expect((await s.page(REPROCESS('R'), { kind: 'approval-required', navigation: 'back_forward' })).verdict?.level).toBe('genuine');
  });

  it('the worker restarting (new worker, same storage.session) keeps provenance, and fresh memory still expires', async () => {
    const s = setup();
    await s.go(ROX_AUTHORIZE);
    await s.go(REPROCESS('R'));
    let now = 1_000_000;
    const again = createWorker({ local: s.local, session: s.session, now: () => now, settings: async () => ({ probeRedirect: PROBE }), injectScript: async () => undefined });
    const ask = async () =>
      ((await again.handle({ type: 'page-detected', data: { kind: 'approval-required', url: REPROCESS('R').split('?')[0]!, appName: 'Rox 365 Integration', publisher: 'rox.com', verified: true, lang: 'en', permissions: ['Read user calendars'] } }, s.sender(REPROCESS('R')))) as PageReply).verdict?.level;
    expect(await ask()).toBe('genuine');
    now += FRESH_MS + 1;
    expect(await ask()).toBe('suspicious');
  });

  it('a crafted callback with a Connect click in ANOTHER tab, or after a foreign page, changes nothing', async () => {
    const s = setup();
    await s.worker.handle({ type: 'connect-clicked', data: { integration: 'outlook-calendar' } }, s.sender('https://app.rox.com/integrations'));
    const cb = `${ROX_CB}?code=x&state=y`;
    await s.go(cb, 8);
    await s.worker.handle({ type: 'page-detected', data: { kind: 'rox-callback', url: ROX_CB } }, s.sender(cb, 8));
    expect(await s.states()).toEqual(['connecting']);
  });

  it('no code, state or token reaches storage after a real connect sequence (callback with code and id_token in query and fragment)', async () => {
    const s = setup();
    await s.worker.handle({ type: 'connect-clicked', data: { integration: 'outlook-calendar' } }, s.sender('https://app.rox.com/integrations?session=SECRET_SESSION#t=SECRET_FRAGMENT'));
    await s.go(ROX_AUTHORIZE);
    const cb = `${ROX_CB}?code=SECRET_CODE&state=s1&id_token=SECRET_TOKEN#access_token=SECRET_AT`;
    await s.go(cb);
    await s.worker.handle({ type: 'page-detected', data: { kind: 'rox-callback', url: ROX_CB, outcome: 'connected' } }, s.sender(cb));
    expect(await s.states()).toEqual(['connected']);
    const all = JSON.stringify([s.local.data, s.session.data]);
    for (const secret of ['SECRET_CODE', 'SECRET_TOKEN', 'SECRET_AT', 'SECRET_SESSION', 'SECRET_FRAGMENT']) expect(all).not.toContain(secret);
  });

  it('trusted client ids written into storage.local (where a content script could write) are ignored', async () => {
    const s = setup();
    await s.local.set({ 'rox-consent-companion': { version: 1, flows: {}, prefs: { trustedClientIds: [EVIL_ID], managedClientIds: [EVIL_ID] } } });
    const url = authorize(EVIL_ID);
    await s.go(url);
    expect((await s.page(url, { kind: 'approval-required' })).verdict?.rox).toBe(false);
  });

  describe('the router', () => {
    const SELF: Self = { id: 'cnkmldlicjhaomlcbgbgijgehokplhpk', base: 'chrome-extension://cnkmldlicjhaomlcbgbgijgehokplhpk/' };
    const msg = (kind: PageReport['kind']) => parseMessage({ type: 'page-detected', data: { kind, url: 'https://app.rox.com/x' } })!;
    const from = (url: string, extra: object = {}) => ({ id: SELF.id, url, tab: { id: 1 }, frameId: 0, ...extra }) as Runtime.MessageSender;
    it.each([
      ['trailing-dot Rox host', from('https://app.rox.com./integrations/microsoft/callback')],
      ['look-alike suffix', from('https://evilrox.com/integrations/microsoft/callback')],
      ['userinfo trick', from('https://app.rox.com@evil.test/integrations/microsoft/callback')],
      ['a non-default port', from('https://app.rox.com:8443/integrations/microsoft/callback')],
      ['a sub-frame', from('https://app.rox.com/integrations/microsoft/callback', { frameId: 3 })],
      ['an opaque origin claimed by Chromium', from('https://app.rox.com/integrations/microsoft/callback', { origin: 'null' })],
      ['a forged extension-page URL from a tab', from(`${SELF.base}x`, { origin: 'https://app.rox.com' })],
    ])('refuses a Rox callback report from %s', (_n, sender) => expect(senderAllowed(msg('rox-callback'), sender, SELF)).toBe(false));
  });

  describe('hostile page text, $Config and URLs neither crash nor hang', () => {
    it('a 50,000-node page is read in bounded time', () => {
      const body = '<div>x</div>'.repeat(50_000);
      const t0 = performance.now();
      const p = input(`<html><body><form>${body}<div>Rox 365 Integration</div></form></body></html>`);
      const parsed = performance.now();
      expect(() => detectSignInPage(p)).not.toThrow();
      expect(performance.now() - parsed).toBeLessThan(Math.max(500, parsed - t0));
    });
    it('deeply nested $Config is rejected, not a stack overflow', () => {
      const deep = '$Config=' + '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000) + ';';
      expect(() => configFacts(parseConfig(deep.slice(0, 300_000)))).not.toThrow();
    });
    it('an app name carrying "pgid"/"sErrorCode" inside its JSON string does not fake a consent page or an error code', () => {
      const config = JSON.stringify({ sAppName: 'Rox 365 Integration","pgid":"ConvergedConsent","sErrorCode":"90094' });
      const p = readSignInPage(input(`<html lang="en"><head><script>$Config=${config};</script></head><body><form><div>Rox 365 Integration</div></form></body></html>`));
      expect([p.pgid, p.configError]).toEqual(['', '']);
    });
    it.each([
      `${LOGIN}/%E0%A4%A/oauth2/v2.0/authorize?client_id=${SANDBOX_ROX_CLIENT_ID}&scope=%ZZ&redirect_uri=%`,
      `${LOGIN}/organizations/oauth2/v2.0/authorize?` + `scope=a&`.repeat(10_000) + `client_id=${SANDBOX_ROX_CLIENT_ID}`,
      `${LOGIN}/${'x'.repeat(5000)}/oauth2/v2.0/authorize?client_id=${SANDBOX_ROX_CLIENT_ID}`,
    ])('odd URL %#: the worker answers', async (url) => {
      const s = setup();
      await s.go(url);
      await expect(s.page(url, { kind: 'approval-required' })).resolves.toBeDefined();
    });
    it('mayBeOurs on a huge third-party page stays closed and fast', () => {
      const p = input(`<html><body><form>${'<p>Contoso Notes wants to read your files.</p>'.repeat(20_000)}</form></body></html>`);
      const t0 = performance.now();
      expect(mayBeOurs(p)).toBe(false);
      expect(performance.now() - t0).toBeLessThan(200);
    });
  });
});
