/**
 * Hardening (issue 10): stored data that is random, corrupt, of an older schema or of an unknown future one.
 * The worker (createWorker over fake storage areas) starts, keeps every valid flow, reads an older store as
 * it can, keeps what it could not read aside, and tells the user what it dropped: the popup's get-flows
 * reply carries `problem` and `dropped` (how many saved requests), once, also after the worker restarted
 * in between (MV3 stops an idle worker). Seeded like fuzz.test.ts (FUZZ_SEED replays).
 */
import { describe, expect, it } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { createWorker } from '../../src/background/worker';
import { FLOWS_KEY } from '../../src/background/store';
import { FLOW_STATES, PROBE_RESULTS, type Flow } from '../../src/flow/model';
import { MAX_FLOWS, SCHEMA_VERSION } from '../../src/flow/storage';
import type { FlowsReply } from '../../src/shared/messages';
import { fakeArea } from './fakes';
import { FUZZ_SEED, mulberry32 } from './prng';

const SEED = FUZZ_SEED;
const CASES = 400;
const POPUP: Runtime.MessageSender = { id: 'x', url: 'chrome-extension://x/src/popup/index.html' };
const ASIDE = `${FLOWS_KEY}:unreadable`;

type Rng = () => number;
const int = (r: Rng, n: number) => Math.floor(r() * n);
const pick = <T,>(r: Rng, xs: readonly T[]): T => xs[int(r, xs.length)]!;

/** A flow the store would have written (every optional field sometimes). */
function validFlow(r: Rng, i: number): Flow {
  const account = r() < 0.1 ? '' : `user${i}@fabrikam.com`;
  const integration = pick(r, ['outlook-calendar', 'outlook-mail', 'unknown']);
  const at = 1_700_000_000_000 + int(r, 1e9);
  const f: Flow = {
    key: `${account || '?'}|5c9e8a2e-7f3b-4d1a-9b6e-2f4c8d1e0a17|${integration}`,
    account,
    clientId: '5c9e8a2e-7f3b-4d1a-9b6e-2f4c8d1e0a17',
    integration,
    tenant: pick(r, ['', 'organizations', 'fabrikam.com']),
    state: pick(r, FLOW_STATES),
    scopes: pick(r, [[], ['openid', 'Calendars.Read'], ['Mail.Send']]),
    returnUrl: pick(r, ['', 'https://app.rox.com/integrations']),
    createdAt: at,
    updatedAt: at + int(r, 1e6),
  };
  if (r() < 0.5) f.justification = pick(r, ['', 'Please approve', '<b>x</b>'.repeat(50)]);
  if (r() < 0.5) f.requestedAt = at + 1;
  if (r() < 0.3) f.approvedAt = at + 2;
  if (r() < 0.2) f.connectedAt = at + 3;
  if (r() < 0.3) f.errorCode = '90094';
  if (r() < 0.3) f.minimised = r() < 0.5;
  if (r() < 0.3) f.probeFailures = int(r, 21);
  if (r() < 0.4) f.lastProbe = { at: at + 4, result: pick(r, PROBE_RESULTS) };
  return f;
}

const JUNK: readonly unknown[] = [null, 0, -1, NaN, Infinity, '', 'x'.repeat(5000), true, [], [1, 2], {}, { a: { b: { c: {} } } }, new Date(0), { __proto__: { state: 'approved' } }];

/** A flow broken in one field, so that it must not be kept. */
function brokenFlow(r: Rng, i: number): { key: string; value: unknown; how: string } {
  const f = validFlow(r, i) as unknown as Record<string, unknown>;
  const breaks: [string, () => void][] = [
    ['unknown state', () => (f.state = pick(r, ['hacked', 'APPROVED', '', 3]))],
    ['key not a string', () => (f.key = 5)],
    ['over-long account', () => (f.account = 'a'.repeat(321))],
    ['client id not a string', () => (f.clientId = null)],
    ['scopes not a list', () => (f.scopes = 'Calendars.Read')],
    ['65 scopes', () => (f.scopes = Array(65).fill('x'))],
    ['a scope that is not text', () => (f.scopes = [{}])],
    ['createdAt NaN', () => (f.createdAt = NaN)],
    ['updatedAt negative', () => (f.updatedAt = -1)],
    ['updatedAt beyond a Date', () => (f.updatedAt = 9e15)],
    ['updatedAt as text', () => (f.updatedAt = '1700000000000')],
    ['justification too long', () => (f.justification = 'j'.repeat(1001))],
    ['minimised as text', () => (f.minimised = 'yes')],
    ['probeFailures 21', () => (f.probeFailures = 21)],
    ['probeFailures 1.5', () => (f.probeFailures = 1.5)],
    ['lastProbe a string', () => (f.lastProbe = 'approved')],
    ['lastProbe unknown result', () => (f.lastProbe = { at: 1, result: 'granted' })],
    ['a required field missing', () => delete f[pick(r, ['account', 'tenant', 'scopes', 'returnUrl', 'createdAt'])]],
  ];
  const roll = int(r, breaks.length + 3);
  if (roll >= breaks.length + 1) return { key: `junk${i}`, value: pick(r, JUNK), how: 'junk' };
  if (roll === breaks.length) return { key: `other${i}`, value: f, how: 'under another key' };
  const [how, apply] = breaks[roll]!;
  apply();
  return { key: typeof f.key === 'string' ? f.key : `k${i}`, value: f, how };
}

interface StoreCase {
  raw: unknown;
  /** Flows that must be kept as they are. */
  good: Flow[];
  /** Entries that must be dropped (and counted). */
  bad: number;
  /** The user must be told (and `dropped` equals `bad` when it is a number). */
  told: boolean;
  kind: string;
}

/** One random stored value: junk, a store of this schema (good and broken flows, odd prefs), an older one, or a future one. */
function storeCase(r: Rng, n: number): StoreCase {
  const roll = r();
  if (roll < 0.1) {
    const raw = pick(r, [0, 'garbage', true, [1, 2, 3], 'x'.repeat(10_000)]);
    return { raw, good: [], bad: 0, told: true, kind: 'not a store' };
  }
  const good = Array.from({ length: int(r, 12) }, (_, i) => validFlow(r, n * 100 + i));
  // Keys are unique (one flow per account, client id and integration).
  const unique = [...new Map(good.map((f) => [f.key, f])).values()];
  if (roll < 0.2) {
    const version = pick(r, [SCHEMA_VERSION + 1, 7, 1e9]);
    return { raw: { version, flows: Object.fromEntries(unique.map((f) => [f.key, f])), prefs: { expiryDays: 10 } }, good: [], bad: unique.length, told: true, kind: `future version ${version}` };
  }
  const broken = Array.from({ length: r() < 0.5 ? 0 : 1 + int(r, 6) }, (_, i) => brokenFlow(r, n * 100 + 50 + i)).filter((b, i, all) => !unique.some((f) => f.key === b.key) && all.findIndex((o) => o.key === b.key) === i);
  const entries: [string, unknown][] = [...unique.map((f) => [f.key, f] as [string, unknown]), ...broken.map((b) => [b.key, b.value] as [string, unknown])];
  // Stored in any order.
  for (let i = entries.length - 1; i > 0; i--) {
    const j = int(r, i + 1);
    [entries[i], entries[j]] = [entries[j]!, entries[i]!];
  }
  const version = pick(r, [SCHEMA_VERSION, SCHEMA_VERSION, 0, undefined, '1', -3]);
  const prefs = pick(r, [undefined, { expiryDays: 12, justificationTemplate: 'Rox needs {integration}.' }, { expiryDays: 'x', approvalChecks: 'yes' }, 5, { checkIntervalMinutes: 1e9, roxOrigins: ['http://x'] }]);
  const raw: Record<string, unknown> = { flows: Object.fromEntries(entries) };
  if (version !== undefined) raw.version = version;
  if (prefs !== undefined) raw.prefs = prefs;
  if (r() < 0.1) raw.unknownField = { nested: [1, 2] };
  return { raw, good: unique, bad: broken.length, told: broken.length > 0, kind: `version ${String(version)}, ${unique.length} good, ${broken.length} broken (${broken.map((b) => b.how).join(', ')})` };
}

const worker = (local = fakeArea()) => ({ local, w: createWorker({ local, session: fakeArea(), now: () => 1_800_000_000_000, settings: async () => ({}), injectScript: async () => undefined }) });
const flowsOf = async (w: ReturnType<typeof createWorker>) => (await w.handle({ type: 'get-flows', data: {} }, POPUP)) as FlowsReply;

/** What must hold after a start over `c.raw`: the reply, and what storage keeps. */
function violations(c: StoreCase, reply: FlowsReply, stored: Record<string, unknown>): string[] {
  const out: string[] = [];
  const byKey = new Map(reply.flows.map((f) => [f.key, f]));
  for (const f of c.good) if (JSON.stringify(byKey.get(f.key)) !== JSON.stringify(f)) out.push(`lost or changed ${f.key}`);
  if (reply.flows.length !== c.good.length) out.push(`${reply.flows.length} flows listed, ${c.good.length} valid`);
  if (!!reply.problem !== c.told) out.push(`problem ${String(reply.problem)}, expected ${c.told ? 'one' : 'none'}`);
  if (c.told && c.bad && reply.dropped !== c.bad) out.push(`dropped ${String(reply.dropped)}, expected ${c.bad}`);
  if (c.told && JSON.stringify(stored[ASIDE]) !== JSON.stringify(c.raw)) out.push('the unreadable data was not kept aside');
  return out;
}

describe('storage fuzz: random, corrupt, older and future stored values', () => {
  console.log(`storage fuzz: seed ${SEED} (replay with FUZZ_SEED=${SEED}), ${CASES} stores`);

  it(`${CASES} random stores: the worker starts, keeps every valid flow, keeps the rest aside and says how many it dropped, once`, async () => {
    const bad: string[] = [];
    const kinds = new Set<string>();
    for (let n = 0; n < CASES; n++) {
      const c = storeCase(mulberry32((SEED ^ Math.imul(n + 1, 0x85ebca6b)) >>> 0), n);
      kinds.add(c.kind.split(',')[0]!);
      const { local, w } = worker();
      local.data[FLOWS_KEY] = structuredClone(c.raw);
      // Pages report before the popup opens; then the worker is stopped and started again (MV3).
      await w.flows.load();
      const again = worker(local).w;
      const reply = await flowsOf(again);
      const v = violations(c, reply, local.data);
      // Said once: the next popup, and a worker started after it, say nothing more, and lose nothing more.
      const next = await flowsOf(worker(local).w);
      if (next.problem) v.push('said twice');
      if (next.flows.length !== reply.flows.length) v.push('lost flows on the next start');
      // The worker still works: a new flow is recorded beside the kept ones.
      const sel = { account: 'new@fabrikam.com', clientId: '5c9e8a2e-7f3b-4d1a-9b6e-2f4c8d1e0a17', integration: 'fuzz-new' };
      await again.flows.apply(sel, { type: 'page', kind: 'approval-required', at: 1_800_000_000_000, data: sel });
      const after = await flowsOf(worker(local).w);
      if (!after.flows.some((f) => f.account === 'new@fabrikam.com') || after.flows.length !== Math.min(MAX_FLOWS, reply.flows.length + 1)) v.push(`after a new flow: ${after.flows.length}`);
      // Prefs are always usable.
      const prefs = (await again.flows.load()).stored.prefs;
      if (!(Number.isInteger(prefs.expiryDays) && prefs.expiryDays >= 1 && prefs.expiryDays <= 365 && typeof prefs.justificationTemplate === 'string')) v.push(`prefs ${JSON.stringify(prefs)}`);
      if (v.length) bad.push(`case ${n} (${c.kind}): ${v.join('; ')}`);
    }
    expect(bad.slice(0, 5), `${bad.length} cases; replay with FUZZ_SEED=${SEED}`).toEqual([]);
    expect(kinds.size).toBeGreaterThan(5);
  }, 60_000);

  it('an older store (schema 0, or no version) is read as it is: nothing dropped, nothing said', async () => {
    const r = mulberry32(SEED);
    const flows = Array.from({ length: 5 }, (_, i) => validFlow(r, i));
    for (const version of [0, undefined]) {
      const { local, w } = worker();
      local.data[FLOWS_KEY] = { ...(version === undefined ? {} : { version }), flows: Object.fromEntries(flows.map((f) => [f.key, f])), prefs: { expiryDays: 14, justificationTemplate: 'x' } };
      const reply = await flowsOf(w);
      expect(reply.problem).toBeUndefined();
      expect(reply.flows.map((f) => f.key).sort()).toEqual([...new Set(flows.map((f) => f.key))].sort());
      expect((await w.flows.load()).stored.prefs).toMatchObject({ expiryDays: 14, justificationTemplate: 'x' });
      expect(local.data[ASIDE]).toBeUndefined();
    }
  });

  it('a future schema: nothing of it is read, all of it is kept aside, the popup says how many requests', async () => {
    const r = mulberry32(SEED + 1);
    const flows = [validFlow(r, 1), validFlow(r, 2), validFlow(r, 3)];
    const raw = { version: SCHEMA_VERSION + 1, flows: Object.fromEntries(flows.map((f) => [f.key, f])), somethingNew: true };
    const { local, w } = worker();
    local.data[FLOWS_KEY] = structuredClone(raw);
    const reply = await flowsOf(w);
    expect(reply).toMatchObject({ flows: [], problem: 'newer-version', dropped: 3 });
    expect(local.data[ASIDE]).toEqual(raw);
    // The user goes on: the aside stays.
    await w.handle({ type: 'forget-flow', data: { key: 'x' } }, POPUP);
    expect(local.data[ASIDE]).toEqual(raw);
  });

  it('self-test: a store that drops a valid flow silently, or never says it, is caught', () => {
    const r = mulberry32(SEED + 2);
    const good = [validFlow(r, 1), validFlow(r, 2)];
    const c: StoreCase = { raw: { version: 1, flows: {} }, good, bad: 1, told: true, kind: 'planted' };
    expect(violations(c, { flows: [good[0]!], problem: 'corrupt', dropped: 1 }, { [ASIDE]: c.raw })).toContain(`lost or changed ${good[1]!.key}`);
    expect(violations(c, { flows: good }, { [ASIDE]: c.raw }).join()).toMatch(/problem undefined/);
    expect(violations(c, { flows: good, problem: 'corrupt' }, { [ASIDE]: c.raw }).join()).toMatch(/dropped undefined/);
    expect(violations(c, { flows: good, problem: 'corrupt', dropped: 1 }, {}).join()).toMatch(/kept aside/);
  });
});
