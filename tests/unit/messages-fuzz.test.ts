/**
 * Hardening (issue 10): every message type (MESSAGE_TYPES, the options page's included), in wrong shapes and
 * from wrong senders, through the real router and worker (createWorker over fake storage with flows, tab
 * memory and settings in it): rejected, and nothing changes: storage.local and storage.session are the
 * same before and after, no script is injected, no Rox tab opened, no check launched, nothing forgotten,
 * and Object.prototype is untouched. Seeded like fuzz.test.ts (FUZZ_SEED replays).
 * tests/unit/router.test.ts holds the sender rules one by one, storage-messages.test.ts the schemas' bounds;
 * here they run end to end, with random shapes on top.
 */
import type { Runtime, Tabs } from 'webextension-polyfill';
import { describe, expect, it } from 'vitest';
import { route, type Self } from '../../src/background/router';
import { createWorker } from '../../src/background/worker';
import { SANDBOX_ROX_CLIENT_ID } from '../../src/catalog';
import { MESSAGE_TYPES, parseMessage, type MessageType } from '../../src/shared/messages';
import { EXTENSION_PAGE_MESSAGES } from '../../src/sites';
import { fakeArea } from './fakes';
import { FUZZ_SEED, mulberry32 } from './prng';
import { SAMPLES } from './samples';

const SELF: Self = { id: 'cnkmldlicjhaomlcbgbgijgehokplhpk', base: 'chrome-extension://cnkmldlicjhaomlcbgbgijgehokplhpk/' };
const LOGIN = 'https://login.microsoftonline.com';
const KEY = `megan@fabrikam.com|${SANDBOX_ROX_CLIENT_ID}|outlook-calendar`;
type Sender = Runtime.MessageSender & { origin?: string };
const tab = (url: string, id = 7) => ({ id, index: 0, highlighted: true, active: true, pinned: false, incognito: false, url }) as Tabs.Tab;
const fromPage = (url: string, extra: Partial<Sender> = {}): Sender => ({ id: SELF.id, url, origin: new URL(url).origin, tab: tab(url), frameId: 0, ...extra });
const POPUP: Sender = { id: SELF.id, url: `${SELF.base}src/popup/index.html`, origin: SELF.base.slice(0, -1) };

/** A worker with something to lose: a waiting flow, tab memory of a Rox sign-in, saved settings; every side effect counted. */
async function world() {
  const local = fakeArea();
  const session = fakeArea();
  const effects: string[] = [];
  const w = createWorker({
    local,
    session,
    now: () => 1_800_000_000_000,
    settings: async () => ({ trustedClientIds: [], probeRedirect: 'https://cnkmldlicjhaomlcbgbgijgehokplhpk.chromiumapp.org/' }),
    injectScript: async (...a) => void effects.push(`inject ${a.join(' ')}`),
    openRox: async (url) => void effects.push(`open ${url}`),
    probe: {
      host: {
        start: async () => (effects.push('probe start'), { url: `${LOGIN}/x`, state: 's' }),
        finish: async () => (effects.push('probe finish'), { result: 'pending' as const }),
        abandon: async () => void effects.push('probe abandon'),
      },
      launch: async () => (effects.push('launch'), 'https://cnkmldlicjhaomlcbgbgijgehokplhpk.chromiumapp.org/#code=x'),
      redirectUri: 'https://cnkmldlicjhaomlcbgbgijgehokplhpk.chromiumapp.org/',
    },
    options: {
      syncRoxOrigins: async (o) => (effects.push(`sync ${o.join()}`), []),
      grantedOrigins: async () => [],
      forgetAll: async () => void effects.push('forget all'),
    },
  });
  const data = { account: 'megan@fabrikam.com', clientId: SANDBOX_ROX_CLIENT_ID, integration: 'outlook-calendar' };
  await w.flows.apply(data, { type: 'page', kind: 'request-sent', at: 1_799_999_000_000, data });
  await w.flows.setPrefs({ justificationTemplate: 'Mine {integration}', expiryDays: 12, approvalChecks: true });
  await w.navigated(7, { url: `${LOGIN}/organizations/oauth2/v2.0/authorize?client_id=${SANDBOX_ROX_CLIENT_ID}&scope=Calendars.Read&redirect_uri=https%3A%2F%2Fapp.rox.com%2Fcb&state=s`, requestId: '1', initiator: 'https://app.rox.com', method: 'GET' });
  effects.length = 0;
  const snapshot = () => JSON.stringify([local.data, session.data]);
  return { w, local, session, effects, snapshot };
}

type World = Awaited<ReturnType<typeof world>>;

/** Sends `raw` from `sender`; returns what changed (should be nothing) and the reply. */
async function attempt(env: World, raw: unknown, sender: Sender) {
  const before = env.snapshot();
  const reply = await route(raw, sender, SELF, env.w.handle);
  const changed = env.snapshot() !== before || env.effects.length > 0;
  const polluted = Object.keys(Object.prototype).length > 0 || ({} as Record<string, unknown>).polluted !== undefined;
  env.effects.length = 0;
  return { reply, changed, polluted };
}

// ---- wrong shapes -------------------------------------------------------------------------------------

type Rng = () => number;
const int = (r: Rng, n: number) => Math.floor(r() * n);
const pick = <T,>(r: Rng, xs: readonly T[]): T => xs[int(r, xs.length)]!;
const HUGE = 'x'.repeat(1_000_000);
const WRONG: readonly unknown[] = [null, undefined, 0, -1, 1.5, NaN, '', HUGE, true, [], [HUGE], {}, { a: 1 }, () => 1, Symbol('s'), 10n];
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];

/** A wrong shape of `type`'s well-formed sample: a field missing, added, of the wrong type, huge, or a prototype key. */
function wrongShape(r: Rng, type: MessageType): { raw: unknown; how: string } {
  const sample = structuredClone(SAMPLES[type]) as Record<string, unknown>;
  const keys = Object.keys(sample);
  const roll = int(r, 9);
  if (roll === 0 && keys.length) {
    const k = pick(r, keys);
    delete sample[k];
    return { raw: { type, data: sample }, how: `without ${k}` };
  }
  if (roll === 1) return { raw: { type, data: { ...sample, [pick(r, ['extra', 'tabId', 'authorize', 'trustedClientIds', 'url'])]: pick(r, WRONG) } }, how: 'an extra field' };
  if (roll === 2 && keys.length) {
    const k = pick(r, keys);
    return { raw: { type, data: { ...sample, [k]: pick(r, WRONG) } }, how: `${k} of another type` };
  }
  if (roll === 3 && keys.length) {
    const k = pick(r, keys);
    return { raw: { type, data: { ...sample, [k]: Array.isArray(sample[k]) ? Array(100_000).fill('x') : HUGE } }, how: `${k} huge` };
  }
  if (roll === 4) {
    // As JSON.parse builds it (an own "__proto__" key), the way a message arrives.
    const k = pick(r, PROTO_KEYS);
    return { raw: JSON.parse(`{"type":${JSON.stringify(type)},"data":${JSON.stringify(sample).replace(/^\{/, `{"${k}":{"polluted":true,"trustedClientIds":["${SANDBOX_ROX_CLIENT_ID}"]}${keys.length ? ',' : ''}`)}}`), how: `data.${k}` };
  }
  if (roll === 5) {
    const k = pick(r, PROTO_KEYS);
    return { raw: JSON.parse(`{"type":${JSON.stringify(type)},"data":${JSON.stringify(sample)},"${k}":{"polluted":true}}`), how: `top-level ${k}` };
  }
  if (roll === 6) return { raw: pick(r, [{ type }, { data: sample }, { type, data: pick(r, WRONG) }, [type, sample], type, null]), how: 'not { type, data }' };
  if (roll === 7) return { raw: { type: pick(r, [type.toUpperCase(), ` ${type}`, `${type}\u0000`, 'hasOwnProperty', '__proto__', 'constructor', 'toString']), data: sample }, how: 'a type that is not one' };
  return { raw: { type, data: sample, [pick(r, ['tabId', 'sender', 'id', 'origin'])]: 1 }, how: 'a field beside type and data' };
}

/** A sender allowed to send `type` (so that only the shape is wrong). */
const rightSender = (type: MessageType): Sender =>
  EXTENSION_PAGE_MESSAGES.includes(type) ? POPUP : type === 'connect-clicked' ? fromPage('https://app.rox.com/integrations') : fromPage(`${LOGIN}/common/reprocess?ctx=1`);

describe('messages in wrong shapes: rejected, nothing changes', () => {
  const PER_TYPE = 60;
  it(`${PER_TYPE} wrong shapes of each of the ${MESSAGE_TYPES.length} message types`, async () => {
    const env = await world();
    const bad: string[] = [];
    const hows = new Set<string>();
    let sent = 0;
    for (const [t, type] of MESSAGE_TYPES.entries())
      for (let n = 0; n < PER_TYPE; n++) {
        const { raw, how } = wrongShape(mulberry32((FUZZ_SEED ^ Math.imul(t * 1000 + n + 1, 0x27d4eb2d)) >>> 0), type);
        hows.add(how.replace(/^\w+ (?=of|huge)/, ''));
        // A mutation that happens to be well-formed (e.g. an optional field removed) is not a wrong shape.
        if (parseMessage(raw)) continue;
        sent++;
        const { reply, changed, polluted } = await attempt(env, raw, rightSender(type));
        if (reply.ok || reply.error !== 'bad-message' || changed || polluted) bad.push(`${type} ${how}: ${JSON.stringify(reply).slice(0, 100)}${changed ? ', state changed' : ''}${polluted ? ', prototype polluted' : ''}`);
      }
    expect(bad, `replay with FUZZ_SEED=${FUZZ_SEED}`).toEqual([]);
    expect(hows.size).toBeGreaterThan(8);
    console.log(`messages fuzz: ${sent} wrong shapes sent (of ${PER_TYPE * MESSAGE_TYPES.length} generated), all rejected`);
    expect(sent).toBeGreaterThan(PER_TYPE * MESSAGE_TYPES.length * 0.7);
  }, 60_000);
});

// ---- wrong senders ------------------------------------------------------------------------------------

const WRONG_SENDERS: [string, Sender][] = [
  ["another origin's frame in a Microsoft tab", { id: SELF.id, url: 'https://evil.test/frame', origin: 'https://evil.test', tab: tab(`${LOGIN}/common/reprocess`), frameId: 3 }],
  ["another origin's frame claiming a Microsoft URL", { id: SELF.id, url: `${LOGIN}/common/reprocess`, origin: 'https://evil.test', tab: tab(`${LOGIN}/common/reprocess`), frameId: 3 }],
  ['a sandboxed frame (origin "null")', { id: SELF.id, url: `${LOGIN}/common/reprocess`, origin: 'null', tab: tab(`${LOGIN}/common/reprocess`), frameId: 2 }],
  ['a page of another site', fromPage('https://evil.test/')],
  ['a page of a look-alike host', fromPage('https://login.microsoftonline.com.evil.test/common/reprocess')],
  ['a Rox look-alike host', fromPage('https://app.rox.com.evil.test/integrations')],
  ['an extension page of another extension', { id: SELF.id, url: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/popup.html', origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop' }],
  ['another extension (its own id)', { ...POPUP, id: 'abcdefghijklmnopabcdefghijklmnop' }],
  ['a Microsoft page without a tab', { id: SELF.id, url: `${LOGIN}/common/reprocess`, origin: LOGIN, frameId: 0 }],
  ['a Rox page without a tab', { id: SELF.id, url: 'https://app.rox.com/integrations', origin: 'https://app.rox.com', frameId: 0 }],
  ['a Microsoft sub-frame', fromPage(`${LOGIN}/common/reprocess`, { frameId: 5 })],
  ['a data: URL', { id: SELF.id, url: 'data:text/html,x', tab: tab('data:text/html,x') }],
  ['a sender with no URL', { id: SELF.id, tab: tab(`${LOGIN}/`) }],
];

describe('every message type from wrong senders: forbidden, nothing changes', () => {
  const cases = MESSAGE_TYPES.flatMap((type) => WRONG_SENDERS.map(([who, sender]) => [type, who, sender] as const));
  it(`${cases.length} (type, sender) pairs`, async () => {
    const env = await world();
    const bad: string[] = [];
    for (const [type, who, sender] of cases) {
      const { reply, changed } = await attempt(env, { type, data: SAMPLES[type] }, sender);
      if (reply.ok || reply.error !== 'forbidden' || changed) bad.push(`${type} from ${who}: ${JSON.stringify(reply).slice(0, 80)}${changed ? ', state changed' : ''}`);
    }
    expect(bad).toEqual([]);
  });

  it("a content script's messages from an extension page, and extension-page messages from a content script: forbidden, nothing changes", async () => {
    const env = await world();
    for (const type of MESSAGE_TYPES) {
      const sender = EXTENSION_PAGE_MESSAGES.includes(type) ? fromPage(`${LOGIN}/common/reprocess`) : POPUP;
      expect(await attempt(env, { type, data: SAMPLES[type] }, sender), type).toMatchObject({ reply: { ok: false, error: 'forbidden' }, changed: false });
    }
  });

  it('self-test: the snapshot sees a change, and an allowed sender does change things', async () => {
    const env = await world();
    // forget-flow from the popup is allowed and forgets: the same check must see it.
    expect(await attempt(env, { type: 'forget-flow', data: { key: KEY } }, POPUP)).toMatchObject({ reply: { ok: true }, changed: true });
    // A router that let any sender through would be caught: the handler alone, from another site's page, changes state.
    const env2 = await world();
    const before = env2.snapshot();
    await env2.w.handle({ type: 'forget-flow', data: { key: KEY } }, fromPage('https://evil.test/'));
    expect(env2.snapshot()).not.toBe(before);
  });
});
