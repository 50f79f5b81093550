/** Issue 9, the worker's half of the options page: all-or-nothing saves, locks, policy over the user, forget all. */
import { describe, expect, it } from 'vitest';
import { createWorker } from '../../src/background/worker';
import { FLOWS_KEY } from '../../src/background/store';
import { flowAfter } from '../../src/flow/model';
import type { Verdict } from '../../src/guard';
import { fakeArea } from './fakes';

const page = { id: 'x', url: 'chrome-extension://x/src/options/index.html' };
const GOOD = { justificationTemplate: 'Mine {integration}', expiryDays: 14, approvalChecks: true, checkIntervalMinutes: 90, notifications: false, roxOrigins: ['https://rox.example'] };

function setup(policy: Record<string, unknown> = {}) {
  const local = fakeArea();
  const session = fakeArea();
  const synced: string[][] = [];
  let forgotten = 0;
  const managed = { value: policy };
  const worker = createWorker({
    local,
    session,
    now: () => 1_000_000,
    settings: async () => ({}),
    injectScript: async () => undefined,
    managed: async () => managed.value,
    options: {
      syncRoxOrigins: async (o) => (synced.push([...o]), [...o]),
      grantedOrigins: async (o) => [...o],
      forgetAll: async () => void forgotten++,
    },
  });
  const call = (type: string, data: object = {}) => worker.handle({ type, data } as never, page);
  return { local, session, worker, call, synced, managed, forgotten: () => forgotten };
}

describe('saving the options', () => {
  it('writes every setting at once, and registers the Rox origins', async () => {
    const s = setup();
    await s.call('save-settings', GOOD);
    expect((s.local.data[FLOWS_KEY] as { prefs: object }).prefs).toEqual(GOOD);
    expect(s.synced).toEqual([['https://rox.example']]);
  });
  it('refuses the whole save when one field is bad, and writes nothing', async () => {
    const s = setup();
    await expect(s.call('save-settings', { ...GOOD, roxOrigins: ['https://rox.example', 'http://bad.example'] })).rejects.toThrow(/invalid-settings: roxOrigins/);
    await expect(s.call('save-settings', { ...GOOD, expiryDays: 0 })).rejects.toThrow(/expiryDays/);
    expect(s.local.data).toEqual({});
    expect(s.synced).toEqual([]);
  });
  it('a setting locked by policy keeps the user\'s own value; the policy\'s applies', async () => {
    const s = setup({ justificationTemplate: 'IT {integration}', expiryDays: 60 });
    const reply = (await s.call('save-settings', { ...GOOD, justificationTemplate: 'Sneaky {integration}' })) as { effective: { values: { justificationTemplate: string; expiryDays: number } } };
    expect((s.local.data[FLOWS_KEY] as { prefs: { justificationTemplate: string; expiryDays: number } }).prefs).toMatchObject({ justificationTemplate: '', expiryDays: 30, notifications: false });
    expect(reply.effective.values).toMatchObject({ justificationTemplate: 'IT {integration}', expiryDays: 60 });
  });
});

describe('policy over the user, live', () => {
  it('the popup gets the managed template, admin contact and tenant; a policy change applies at once', async () => {
    const s = setup({ adminContact: 'it@fabrikam.com', tenantIds: ['fabrikam.com'] });
    await s.call('save-settings', GOOD);
    expect(await s.call('get-flows')).toMatchObject({ justificationTemplate: 'Mine {integration}', adminContact: 'it@fabrikam.com', tenant: 'fabrikam.com' });
    s.managed.value = { justificationTemplate: 'IT {integration}' };
    expect(await s.call('get-flows')).toMatchObject({ justificationTemplate: 'IT {integration}' });
    expect(await s.call('get-flows')).not.toHaveProperty('adminContact');
  });
  it('the managed expiry is the one flows expire by', async () => {
    const s = setup({ expiryDays: 2 });
    const day = 86_400_000;
    const requested = flowAfter(undefined, { type: 'page', kind: 'request-sent', at: 0, data: { account: 'a@b.c', clientId: 'c', integration: 'outlook-calendar' } })!;
    s.local.data[FLOWS_KEY] = { version: 1, flows: { [requested.key]: requested }, prefs: { justificationTemplate: '', expiryDays: 30 } };
    await s.worker.flows.applyToAll({ type: 'tick', at: 3 * day });
    expect(Object.values((s.local.data[FLOWS_KEY] as { flows: Record<string, { state: string }> }).flows)[0]?.state).toBe('expired');
  });
  it('a policy that is not even an object changes nothing and breaks nothing', async () => {
    const s = setup('nonsense' as never);
    expect(await s.call('get-settings')).toMatchObject({ effective: { managedProblems: [] }, user: { expiryDays: 30 } });
  });
});

describe('diagnostics and forget all', () => {
  it('counts flows by state and gives the last tab\'s page kind and verdict codes only', async () => {
    const s = setup();
    const verdict: Verdict = { level: 'suspicious', rox: false, reasons: ['client-id-unknown'], unchecked: [], extras: ['Mail.Send'], missing: [] };
    await s.worker.tabs.update(5, (m) => ({ ...m, upn: 'megan@fabrikam.com', justification: 'secret', last: { kind: 'approval-required', at: 990_000, request: 1, verdict } }));
    const r = await s.call('get-diagnostics', { tabId: 5 });
    expect(r).toEqual({ flowCounts: expect.objectContaining({ requested: 0 }), tab: { kind: 'approval-required', verdict: { level: 'suspicious', rox: false, reasons: ['client-id-unknown'], unchecked: [] }, secondsAgo: 10 } });
    expect(JSON.stringify(r)).not.toMatch(/megan|secret|Mail\.Send/);
  });
  it('forget all runs the browser\'s clearing once', async () => {
    const s = setup();
    await s.call('forget-all-data');
    expect(s.forgotten()).toBe(1);
  });
});
