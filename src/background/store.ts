/**
 * The flow store: storage.local holds every flow; each change goes through flowAfter. Updates run one at
 * a time so two pages reporting at once cannot lose each other's change. Nothing lives only in memory.
 */
import { browser } from '../platform/browser';
import { flowAfter, flowKey, type Flow, type FlowEvent } from '../flow/model';
import { parseStored, type Loaded, type Stored } from '../flow/storage';
export type { Stored };

const KEY = 'rox-consent-companion';
let queue: Promise<unknown> = Promise.resolve();
/**
 * The last state read or written by this worker. Every write goes through this module, and a write from
 * anywhere else (another extension page, devtools) drops it; a restarted worker starts without it.
 */
let cached: Loaded | undefined;
browser.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && KEY in changes && JSON.stringify(changes[KEY]?.newValue) !== JSON.stringify(cached?.stored)) cached = undefined;
});

export async function load(): Promise<Loaded> {
  if (cached) return { stored: structuredClone(cached.stored), problem: cached.problem };
  const raw = (await browser.storage.local.get(KEY))[KEY];
  const loaded = parseStored(raw);
  if (loaded.problem && raw !== undefined) {
    // Keep what we could not read, once, so nothing is lost; the popup says what happened.
    const aside = (await browser.storage.local.get(`${KEY}:unreadable`))[`${KEY}:unreadable`];
    if (aside === undefined) await browser.storage.local.set({ [`${KEY}:unreadable`]: raw, [KEY]: loaded.stored });
  }
  cached = { stored: structuredClone(loaded.stored), problem: loaded.problem };
  return loaded;
}

function serial<T>(work: () => Promise<T>): Promise<T> {
  const next = queue.then(work, work);
  queue = next.catch(() => undefined);
  return next;
}

export interface Selector {
  account?: string;
  clientId: string;
  integration: string;
}

/**
 * Applies `event` to the flow(s) it concerns. With an account: that flow, adopting an account-less flow
 * of the same app and integration (Rox's page does not know the Microsoft account). Without one: every
 * flow of that app and integration.
 */
export function apply(sel: Selector, event: FlowEvent): Promise<{ changed: Flow[]; stored: Stored }> {
  return serial(async () => {
    const { stored } = await load();
    const changed: Flow[] = [];
    const matching = Object.values(stored.flows).filter((f) => f.clientId === sel.clientId && f.integration === sel.integration);
    let targets: (Flow | undefined)[];
    if (sel.account) {
      const key = flowKey(sel.account, sel.clientId, sel.integration);
      const anonymous = matching.find((f) => !f.account);
      if (!stored.flows[key] && anonymous) {
        delete stored.flows[anonymous.key];
        stored.flows[key] = { ...anonymous, key, account: sel.account };
      }
      targets = [stored.flows[key]];
    } else targets = matching.length ? matching : [undefined];
    for (const before of targets) {
      const after = flowAfter(before, event, stored.prefs.expiryDays);
      if (after === before) continue;
      if (before) delete stored.flows[before.key];
      if (after) {
        stored.flows[after.key] = after;
        changed.push(after);
      }
    }
    if (changed.length || targets.some((t) => t && !stored.flows[t.key])) await save(stored);
    return { changed, stored };
  });
}

export function applyToAll(event: FlowEvent): Promise<void> {
  return serial(async () => {
    const { stored } = await load();
    let dirty = false;
    for (const f of Object.values(stored.flows)) {
      const after = flowAfter(f, event, stored.prefs.expiryDays);
      if (after === f) continue;
      dirty = true;
      delete stored.flows[f.key];
      if (after) stored.flows[after.key] = after;
    }
    if (dirty) await save(stored);
  });
}

export function forget(key: string): Promise<void> {
  return serial(async () => {
    const { stored } = await load();
    if (!stored.flows[key]) return;
    delete stored.flows[key];
    await save(stored);
  });
}

export function setMinimised(key: string, minimised: boolean): Promise<void> {
  return serial(async () => {
    const { stored } = await load();
    const f = stored.flows[key];
    if (!f) return;
    stored.flows[key] = flowAfter(f, { type: 'user', action: 'set-minimised', minimised, at: Date.now() })!;
    await save(stored);
  });
}

async function save(stored: Stored): Promise<void> {
  cached = { stored: structuredClone(stored) };
  await browser.storage.local.set({ [KEY]: stored });
}
