/**
 * Attack 3: the approval check (checker, offscreen probe page), "Return to Rox", notifications and the
 * popup. "findings" fail until fixed; "holds" documents what was tried and held.
 */
import { render, h as jsx } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { ROX_CLIENT_ID, ROX_INTEGRATIONS_URL } from '../../src/catalog';
import { createChecker, nextCheckAt, type ProbeHost } from '../../src/background/checker';
import { createQueue } from '../../src/background/queue';
import { senderAllowed, type Self } from '../../src/background/router';
import { createFlowStore, FLOWS_KEY } from '../../src/background/store';
import { createWorker, roxPage } from '../../src/background/worker';
import type { Flow } from '../../src/flow/model';
import { parseStored } from '../../src/flow/storage';
import { parseMessage, type MessageType } from '../../src/shared/messages';
import { fakeArea } from './fakes';

// One stub of the browser module for the popup and the probe page (both import it).
const hb = vi.hoisted(() => ({
  send: null as unknown as ReturnType<typeof import('vitest').vi.fn>,
  probeListener: null as null | ((raw: unknown, sender: unknown) => unknown),
}));
vi.mock('../../src/platform/browser', async () => {
  const { vi } = await import('vitest');
  hb.send = vi.fn();
  const t = (key: string, subs?: string | string[]) => (globalThis as unknown as { chrome: { i18n: { getMessage(k: string, s?: string | string[]): string } } }).chrome.i18n.getMessage(key, subs) || key;
  return {
    send: hb.send,
    t,
    browser: {
      i18n: { getUILanguage: () => 'en' },
      runtime: {
        id: 'unit-tests',
        getURL: (p: string) => `chrome-extension://unit-tests/${p}`,
        getManifest: () => ({ background: { service_worker: 'service-worker-loader.js' } }),
        onMessage: { addListener: (f: (raw: unknown, sender: unknown) => unknown) => (hb.probeListener = f) },
      },
      storage: { onChanged: { addListener: () => undefined, removeListener: () => undefined } },
    },
  };
});

const { Popup } = await import('../../src/popup/popup');
const { FlowCard } = await import('../../src/popup/card');
const { finishProbe } = await import('../../src/probe/msal-probe');
await import('../../src/probe/probe');

const MIN = 60_000;
const NOW = 10 * 24 * 60 * MIN;
const flow = (over: Partial<Flow> = {}): Flow => {
  const f: Flow = {
    key: '',
    account: 'megan@fabrikam.com',
    clientId: ROX_CLIENT_ID,
    integration: 'outlook-calendar',
    tenant: 'organizations',
    state: 'requested',
    scopes: ['openid', 'Calendars.Read'],
    returnUrl: 'https://app.rox.com/integrations',
    createdAt: NOW - 60 * MIN,
    updatedAt: NOW - 60 * MIN,
    requestedAt: NOW - 60 * MIN,
    ...over,
  };
  f.key ||= `${f.account.toLowerCase() || '?'}|${f.clientId.toLowerCase()}|${f.integration}`;
  return f;
};
const stored = (...fs: Flow[]) => ({ version: 1, flows: Object.fromEntries(fs.map((f) => [f.key, f])), prefs: { justificationTemplate: '', expiryDays: 30 } });

/** The checker over a fake host whose `finish` is the real MSAL-side reading of the answer. */
function setup(opts: { launch: (url: string, interactive: boolean) => Promise<string>; abandon?: () => Promise<void> }) {
  const local = fakeArea();
  const flows = createFlowStore(local, createQueue());
  const starts: { loginHint?: string; tenant: string; interactive?: boolean }[] = [];
  const host: ProbeHost = {
    start: async (req) => (starts.push({ loginHint: req.loginHint, tenant: req.tenant, interactive: req.interactive }), { url: 'https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?state=S', state: 'S' }),
    finish: (state, url) => finishProbe(state, url),
    abandon: opts.abandon ?? (async () => undefined),
  };
  const approved: Flow[] = [];
  const checker = createChecker({ flows, host, now: () => NOW, redirectUri: 'https://ext.chromiumapp.org/', launch: opts.launch, approved: async (f) => void approved.push(f) });
  const states = async () => Object.fromEntries(Object.values((await flows.load()).stored.flows).map((f) => [f.key, f.state]));
  return { local, flows, checker, starts, approved, states };
}
const CODE = 'https://ext.chromiumapp.org/#code=0.AAAA-the-code&client_info=eyJ1aWQiOiJib2IiLCJ1dGlkIjoiY29udG9zbyJ9&state=S&session_state=x';

describe('findings (fixed)', () => {
  describe('A1 [high] a check of an account-less flow asks with whatever session the browser holds, and its "approved" lands on every flow of the integration', () => {
    const alice = flow({ account: 'alice@fabrikam.com' });
    const anon = flow({ account: '' });

    it('checking the account-less flow (no login_hint, tenant "organizations") marks ANOTHER account\'s waiting flow approved', async () => {
      const s = setup({ launch: async () => CODE });
      await s.local.set({ [FLOWS_KEY]: stored(alice, anon) });
      await s.checker.check(anon.key);
      expect((await s.states())[alice.key]).toBe('requested');
    });

    it('an account-less flow is not checked silently with no login_hint (any signed-in account in any tenant answers)', async () => {
      const s = setup({ launch: async () => CODE });
      await s.local.set({ [FLOWS_KEY]: stored(anon) });
      await s.checker.check(anon.key);
      expect(s.starts.filter((x) => !x.loginHint)).toEqual([]);
    });

    it('the user forgets alice\'s flow during its check: the answer adopts the account-less flow under alice and approves it', async () => {
      let release!: (v: string) => void;
      const s = setup({ launch: () => new Promise((r) => (release = r)) });
      await s.local.set({ [FLOWS_KEY]: stored(alice, anon) });
      const running = s.checker.check(alice.key);
      await new Promise((r) => setTimeout(r, 0));
      await s.flows.forget(alice.key);
      release(CODE);
      await running;
      expect(await s.states()).toEqual({ [anon.key]: 'requested' });
    });
  });

  describe('A2 [medium] "Sign in to check" (prompt=select_account) takes a code for ANY account as the flow\'s approval', () => {
    it('the user picks another work account in the account picker; that account\'s tenant allows Rox: megan\'s flow becomes "approved"', async () => {
      // client_info in the answer says uid=bob, utid=contoso: not the flow's account. The silent check that
      // follows asks for megan (login_hint) and Microsoft, signed in as bob, says login_required.
      const s = setup({ launch: async (_url, interactive) => (interactive ? CODE : 'https://ext.chromiumapp.org/#error=login_required&error_description=AADSTS50058&state=S') });
      const megan = flow({ lastProbe: { at: NOW - MIN, result: 'sign-in-needed' } });
      await s.local.set({ [FLOWS_KEY]: stored(megan) });
      await s.checker.check(megan.key, true);
      expect((await s.states())[megan.key]).not.toBe('approved');
    });
  });

  describe('A3 [medium] abandon has no timeout: one hung offscreen page wedges every later check ("checks run in turn")', () => {
    afterEach(() => vi.useRealTimers());
    it('launch fails, the probe page never answers "abandon": neither this check nor any later one ever finishes', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const b = flow({ integration: 'outlook-mail' });
      const s = setup({
        launch: async () => {
          throw new Error('Authorization page could not be loaded.');
        },
        abandon: () => new Promise<void>(() => undefined),
      });
      await s.local.set({ [FLOWS_KEY]: stored(flow(), b) });
      let done = 0;
      void s.checker.check(flow().key).then(() => done++);
      void s.checker.check(b.key).then(() => done++);
      await vi.advanceTimersByTimeAsync(30 * MIN);
      expect(done).toBe(2);
    });
  });

  describe('A4 [low-medium] storage that passes isFlow blanks the whole popup and silently stops a flow\'s checks', () => {
    const bad = [
      ['createdAt beyond Date\'s range', { createdAt: 9e15 }],
      ['requestedAt not a number', { requestedAt: 'yesterday' }],
      ['lastProbe without a time', { lastProbe: {} }],
      ['lastProbe.result not a string', { lastProbe: { at: NOW, result: 7 } }],
      ['probeFailures not a number', { probeFailures: 'many' }],
    ] as const;
    it.each(bad)('%s: parseStored drops it and reports "corrupt"', (_n, over) => {
      const loaded = parseStored(stored(flow(over as unknown as Partial<Flow>)));
      expect([Object.keys(loaded.stored.flows).length, loaded.problem]).toEqual([0, 'corrupt']);
    });
    it('one such flow (kept by parseStored) throws while the popup renders: no card is shown, not even an approved one', () => {
      const good = flow({ key: 'good', state: 'approved', approvedAt: NOW - MIN, updatedAt: NOW });
      const loaded = parseStored(stored(good, flow({ key: 'bad', createdAt: 9e15 })));
      // The bad flow is dropped and reported (load keeps the raw data aside); the good one still shows.
      expect(loaded.problem).toBe('corrupt');
      const parsed = Object.values(loaded.stored.flows);
      expect(parsed).toHaveLength(1);
      const root = document.createElement('div');
      document.body.append(root);
      let error: unknown;
      try {
        // The popup's list, rendered synchronously (the popup itself renders it after get-flows answers).
        render(jsx('ul', { class: 'flows' }, parsed.map((f) => jsx(FlowCard, { key: f.key, flow: f, now: NOW, lang: 'en', onForgotten: () => undefined }))), root);
      } catch (e) {
        error = e;
      }
      const shown = root.querySelectorAll('li.card').length;
      root.remove();
      expect({ shown, error: error && String(error) }).toEqual({ shown: 1, error: undefined });
    });
    it('a waiting flow whose lastProbe is a string is never due (nextCheckAt is not a number): no check, no error, no trace', () => {
      const f = parseStored(stored(flow({ lastProbe: 'x' as unknown as Flow['lastProbe'] }))).stored.flows;
      for (const x of Object.values(f)) expect(Number.isFinite(nextCheckAt(x))).toBe(true);
    });
  });

  describe('A5 [low] the answer is read without checking where it was sent, nor that it is not also an error', () => {
    it('a code at another extension\'s redirect URL (or any URL) counts as approval', async () => {
      for (const answer of ['https://other-extension-id.chromiumapp.org/#code=c&state=S', 'https://evil.example/cb?code=c&state=S']) {
        const s = setup({ launch: async () => answer });
        await s.local.set({ [FLOWS_KEY]: stored(flow()) });
        expect(await s.checker.check(flow().key)).toBe('network-error');
      }
    });
    it('an error answer that also carries an empty code= counts as approval', async () => {
      expect((await finishProbe('S', 'https://ext.chromiumapp.org/#error=consent_required&error_description=AADSTS65001&state=S&code=')).result).not.toBe('approved');
    });
  });

  describe('A6 [low, hardening] the probe page answers any page of this extension without a tab, not only the worker', () => {
    it('the popup (or any future extension page, e.g. after an XSS) can drive start / finish / abandon', () => {
      const popup = { id: 'unit-tests', url: 'chrome-extension://unit-tests/src/popup/index.html', origin: 'chrome-extension://unit-tests' };
      expect(hb.probeListener!({ target: 'rox-approval-check', op: 'abandon', state: 'S' }, popup)).toBeUndefined();
    });
  });
});

describe('holds', () => {
  describe('the probe page', () => {
    const call = (raw: unknown, sender: object) => hb.probeListener!(raw, sender);
    const worker = { id: 'unit-tests', url: 'chrome-extension://unit-tests/service-worker-loader.js' };
    it('refuses another extension, a content script (has a tab), and malformed or oversized calls', () => {
      const abandon = { target: 'rox-approval-check', op: 'abandon', state: 'S' };
      expect(call(abandon, { id: 'other-extension' })).toBeUndefined();
      expect(call(abandon, { ...worker, tab: { id: 1 }, url: 'https://app.rox.com/' })).toBeUndefined();
      expect(call({ ...abandon, state: 'x'.repeat(513) }, worker)).toBeUndefined();
      expect(call({ target: 'rox-approval-check', op: 'finish', state: 'S', responseUrl: 'x'.repeat(8193) }, worker)).toBeUndefined();
      expect(call({ target: 'rox-approval-check', op: 'start', req: { clientId: 'x', tenant: 't', scopes: Array(65).fill('s'), redirectUri: 'r' } }, worker)).toBeUndefined();
      expect(call({ target: 'rox-approval-check', op: 'start', req: null }, worker)).toBeUndefined();
      expect(call({ target: 'rox-approval-check', op: 'eval' }, worker)).toBeUndefined();
      expect(call({ type: 'get-flows', data: {} }, worker)).toBeUndefined();
    });
  });

  describe('reading the answer', () => {
    it.each([
      ['a code with a wrong state', 'https://ext.chromiumapp.org/#code=c&state=T'],
      ['a code with no state', 'https://ext.chromiumapp.org/#code=c'],
      ['duplicate state (the first is wrong)', 'https://ext.chromiumapp.org/#state=T&state=S&code=c'],
      ['code in the query, state in the fragment (only the fragment is read)', 'https://ext.chromiumapp.org/?code=c#state=S'],
      ['state in the query, code in the fragment', 'https://ext.chromiumapp.org/?state=S#code=c'],
      ['not a URL', 'javascript:alert(1)'],
      ['an empty state matching nothing', 'https://ext.chromiumapp.org/#code=c&state='],
    ])('%s: not approved', async (_n, url) => expect((await finishProbe('S', url)).result).not.toBe('approved'));
    it('a huge error is bounded and holds no code; error=approved is not approval', async () => {
      const r = await finishProbe('S', `https://ext.chromiumapp.org/#error=${'approved'.repeat(500)}&state=S`);
      expect(r.result).toBe('network-error');
      // (r.error is not bounded on the no-MSAL-instance path, but the checker keeps only r.result.)
      expect(Object.keys(await finishProbe('S', 'https://ext.chromiumapp.org/#code=SECRET&state=S'))).toEqual(['result']);
    });
  });

  describe('the checker', () => {
    afterEach(() => vi.useRealTimers());
    it('a start, launch or finish that never answers is cut off; the next check runs; nothing of the code reaches storage', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const s = setup({ launch: () => new Promise<string>(() => undefined) });
      const b = flow({ integration: 'outlook-mail' });
      await s.local.set({ [FLOWS_KEY]: stored(flow(), b) });
      const first = s.checker.check(flow().key);
      await vi.advanceTimersByTimeAsync(CHECK_MS + 1);
      expect(await first).toBe('network-error');
      const hung = createChecker({ flows: s.flows, host: { start: () => new Promise(() => undefined), finish: async () => ({ result: 'approved' }), abandon: async () => undefined }, now: () => NOW, redirectUri: 'r', launch: async () => CODE, approved: async () => undefined });
      const second = hung.check(b.key);
      await vi.advanceTimersByTimeAsync(16_000);
      expect(await second).toBe('network-error');
      expect(JSON.stringify(s.local.data)).not.toContain('the-code');
    });
    it('an approval answer older than the flow\'s last change is ignored (flowAfter)', async () => {
      const s = setup({ launch: async () => CODE });
      await s.local.set({ [FLOWS_KEY]: stored(flow({ updatedAt: NOW + MIN })) });
      await s.checker.check(flow().key);
      expect((await s.states())[flow().key]).toBe('requested');
    });
  });

  describe('who may ask the worker to check, forget or return to Rox', () => {
    const SELF: Self = { id: 'cnkmldlicjhaomlcbgbgijgehokplhpk', base: 'chrome-extension://cnkmldlicjhaomlcbgbgijgehokplhpk/' };
    const msgs = [
      parseMessage({ type: 'check-now', data: { key: 'k', interactive: true } })!,
      parseMessage({ type: 'return-to-rox', data: { key: 'k' } })!,
      parseMessage({ type: 'get-flows', data: {} })!,
      parseMessage({ type: 'forget-flow', data: { key: 'k' } })!,
    ];
    it.each([
      ['a (compromised) Rox page', { id: SELF.id, url: 'https://evil.rox.com/x', tab: { id: 1 }, frameId: 0 }],
      ['the sign-in host', { id: SELF.id, url: 'https://login.microsoftonline.com/common/reprocess', tab: { id: 1 }, frameId: 0 }],
      ['another extension', { id: 'other', url: 'chrome-extension://other/popup.html' }],
      ['another extension claiming our URL', { id: 'other', url: `${SELF.base}src/popup/index.html` }],
      ['a web page framing an extension URL', { id: SELF.id, url: `${SELF.base}src/popup/index.html`, origin: 'https://evil.example', tab: { id: 1 } }],
    ])('%s: refused', (_n, sender) => {
      for (const m of msgs) expect(senderAllowed(m, sender as Runtime.MessageSender, SELF)).toBe(false);
    });
    it('refuses hostile shapes (extra keys, huge keys, non-boolean interactive)', () => {
      expect(parseMessage({ type: 'check-now', data: { key: 'k', interactive: 'yes' } })).toBeNull();
      expect(parseMessage({ type: 'check-now', data: { key: 'x'.repeat(801) } })).toBeNull();
      expect(parseMessage({ type: 'return-to-rox', data: { key: 'k', url: 'https://evil.example' } })).toBeNull();
    });
  });

  describe('"Return to Rox" and the notification go to Rox only', () => {
    it.each([
      'https://evil.example/',
      'http://app.rox.com/integrations',
      'https://app.rox.com.evil.example/',
      'https://evil.example\\@app.rox.com/',
      'https://evil.example#.rox.com',
      'https://evilrox.com/',
      'javascript:alert(1)//https://app.rox.com',
      ' https://evil.example',
    ])('returnUrl %s -> the Integrations page', (returnUrl) => expect(roxPage(flow({ returnUrl }))).toBe(ROX_INTEGRATIONS_URL));
    it('an unknown or prototype key opens the Integrations page', async () => {
      const opened: string[] = [];
      const w = createWorker({ local: fakeArea(), session: fakeArea(), now: () => NOW, settings: async () => ({}), injectScript: async () => undefined, openRox: async (u) => void opened.push(u) });
      for (const key of ['nope', '__proto__', 'constructor', 'toString']) await w.handle({ type: 'return-to-rox', data: { key } }, {} as Runtime.MessageSender);
      expect(opened).toEqual(Array(4).fill(ROX_INTEGRATIONS_URL));
    });
  });

  describe('the popup renders stored text as text, and links stay on their hosts', () => {
    beforeEach(() => hb.send.mockReset());
    it('account, tenant, justification with markup', async () => {
      const HTML = '"><img src=x onerror=alert(1)><a href="javascript:alert(2)">';
      const f = flow({ account: `${HTML}@x`, tenant: `${HTML}`, justification: HTML, state: 'expired' });
      hb.send.mockImplementation(async (type: MessageType) => (type === 'get-flows' ? { ok: true, value: { flows: [f] } } : { ok: true, value: null }));
      const root = document.createElement('div');
      document.body.append(root);
      await act(() => render(jsx(Popup, {}), root));
      await act(async () => void (await new Promise((r) => setTimeout(r, 0))));
      for (const b of root.querySelectorAll('button')) if (/Troubleshoot/.test(b.textContent ?? '')) await act(() => b.click());
      expect(root.querySelector('img')).toBeNull();
      expect(root.innerHTML).not.toContain('<img');
      for (const a of root.querySelectorAll('a')) expect(a.getAttribute('href')).toMatch(/^(https:\/\/myapps\.microsoft\.com\/|mailto:\?)/);
      render(null, root);
      root.remove();
    });
  });
});

const CHECK_MS = 30_000 + 15_000;
