/** The approval check's schedule and its reading of Microsoft's answers (pure parts and the worker's half). */
import { describe, expect, it } from 'vitest';
import { checkScopes, createChecker, isWaiting, nextCheckAt, type ProbeHost } from '../../src/background/checker';
import { createQueue } from '../../src/background/queue';
import { createFlowStore } from '../../src/background/store';
import type { Flow } from '../../src/flow/model';
import { classify } from '../../src/probe/msal-probe';
import { fakeArea } from './fakes';

const MIN = 60_000;
const flow = (over: Partial<Flow> = {}): Flow => ({
  key: 'megan@fabrikam.com|rox|outlook-calendar',
  account: 'megan@fabrikam.com',
  clientId: 'rox',
  integration: 'outlook-calendar',
  tenant: 'fabrikam.com',
  state: 'requested',
  scopes: ['openid', 'profile', 'Calendars.Read', 'Calendars.ReadWrite', 'User.Read', 'offline_access'],
  returnUrl: 'https://app.rox.com/integrations',
  createdAt: 0,
  updatedAt: 0,
  requestedAt: 0,
  ...over,
});

describe('the schedule', () => {
  it('every 10 minutes for the first day, then hourly', () => {
    expect(nextCheckAt(flow())).toBe(10 * MIN);
    expect(nextCheckAt(flow({ lastProbe: { at: 5 * MIN, result: 'pending' } }))).toBe(15 * MIN);
    expect(nextCheckAt(flow({ lastProbe: { at: 25 * 60 * MIN, result: 'pending' } }))).toBe(26 * 60 * MIN);
  });
  it('backs off when Microsoft cannot be reached, up to 6 hours', () => {
    expect(nextCheckAt(flow({ lastProbe: { at: 0, result: 'network-error' }, probeFailures: 3 }))).toBe(80 * MIN);
    expect(nextCheckAt(flow({ lastProbe: { at: 0, result: 'network-error' }, probeFailures: 20 }))).toBe(6 * 60 * MIN);
  });
  it('never for a flow that does not wait', () => {
    for (const state of ['connecting', 'approval-required', 'approved', 'connected', 'expired'] as const) expect(nextCheckAt(flow({ state }))).toBe(Infinity);
    expect(isWaiting(flow({ state: 'admin-approval-needed' }))).toBe(true);
  });
  it('a test period replaces the schedule (test builds only pass one)', () => {
    expect(nextCheckAt(flow({ lastProbe: { at: 100, result: 'pending' } }), 1000)).toBe(1100);
  });
  it('asks for the flow\'s API scopes (MSAL adds the OpenID ones), or the integration\'s', () => {
    expect(checkScopes(flow())).toEqual(['Calendars.Read', 'Calendars.ReadWrite', 'User.Read']);
    expect(checkScopes(flow({ scopes: [] }))).toEqual(['Calendars.Read', 'Calendars.ReadWrite', 'User.Read']);
  });
});

describe("Microsoft's answers", () => {
  it.each([
    ['consent_required', 'AADSTS65001: The user or administrator has not consented', 'pending'],
    ['interaction_required', 'AADSTS90094: admin consent', 'pending'],
    ['interaction_required', 'AADSTS90095: admin consent request', 'pending'],
    ['login_required', 'AADSTS50058: A silent sign-in request was sent but no user is signed in.', 'sign-in-needed'],
    ['invalid_request', 'AADSTS16000: account not in tenant', 'sign-in-needed'],
    ['interaction_required', 'AADSTS50076: MFA required', 'sign-in-needed'],
    ['server_error', 'AADSTS90033: temporarily unavailable', 'network-error'],
    ['', '', 'network-error'],
  ] as const)('%s %s -> %s', (error, description, result) => expect(classify(error, description)).toBe(result));
});

describe('the worker\'s half', () => {
  function setup(answer: () => Promise<string>) {
    const local = fakeArea();
    const flows = createFlowStore(local, createQueue());
    const calls: string[] = [];
    const host: ProbeHost = {
      start: async (req) => (calls.push(`start ${req.clientId} ${req.loginHint} ${req.scopes.join(' ')}`), { url: 'https://login.microsoftonline.com/x', state: 's' }),
      finish: async (_state, url) => (calls.push('finish'), { result: url.includes('code=') ? 'approved' : 'pending' }),
      abandon: async () => void calls.push('abandon'),
    };
    const approved: Flow[] = [];
    const checker = createChecker({ flows, host, now: () => 1000, redirectUri: 'https://ext.chromiumapp.org/', launch: answer, approved: async (f) => void approved.push(f) });
    return { flows, checker, calls, approved, local };
  }
  const seed = async (_flows: ReturnType<typeof createFlowStore>, f = flow()) => ({ version: 1, flows: { [f.key]: f }, prefs: { justificationTemplate: '', expiryDays: 30 } });

  it('approved: the flow moves, the notification is asked for, and nothing else is kept', async () => {
    const s = setup(async () => 'https://ext.chromiumapp.org/#code=c&state=s');
    await s.local.set({ 'rox-consent-companion': await seed(s.flows) });
    expect(await s.checker.check(flow().key)).toBe('approved');
    expect(s.calls).toEqual(['start rox megan@fabrikam.com Calendars.Read Calendars.ReadWrite User.Read', 'finish']);
    expect(s.approved.map((f) => f.state)).toEqual(['approved']);
    expect(JSON.stringify(s.local.data)).not.toContain('code=c');
  });

  it('never two checks of one flow at once', async () => {
    let release!: (v: string) => void;
    const s = setup(() => new Promise((r) => (release = r)));
    await s.local.set({ 'rox-consent-companion': await seed(s.flows) });
    const first = s.checker.check(flow().key);
    expect(await s.checker.check(flow().key)).toBe('busy');
    await new Promise((r) => setTimeout(r, 0));
    release('https://ext.chromiumapp.org/#error=consent_required&state=s');
    expect(await first).toBe('pending');
  });

  it('no answer without interaction: sign-in needed; a failure to launch: could not check (and forgets the request)', async () => {
    const s = setup(async () => {
      throw new Error('User interaction required.');
    });
    await s.local.set({ 'rox-consent-companion': await seed(s.flows) });
    expect(await s.checker.check(flow().key)).toBe('sign-in-needed');
    expect(s.calls).toContain('abandon');
    const t = setup(async () => {
      throw new Error('net::ERR_CONNECTION_REFUSED');
    });
    await t.local.set({ 'rox-consent-companion': await seed(t.flows) });
    expect(await t.checker.check(flow().key)).toBe('network-error');
    expect(Object.values(((await t.flows.load()).stored.flows))[0]).toMatchObject({ state: 'requested', probeFailures: 1 });
  });

  it('a flow that does not wait is not checked', async () => {
    const s = setup(async () => '');
    await s.local.set({ 'rox-consent-companion': await seed(s.flows, flow({ state: 'connected' })) });
    expect(await s.checker.check(flow().key)).toBe('not-waiting');
    expect(s.calls).toEqual([]);
  });
});
