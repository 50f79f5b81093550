/**
 * The flow store: one key in a storage area (storage.local in the worker) holds every flow; each change
 * goes through flowAfter. Updates run on the worker's one queue, so two pages reporting at once cannot
 * lose each other's change. Nothing lives only in memory: the cache below is dropped whenever anything
 * else writes the key (`invalidate`, wired to storage.onChanged by the worker), and a restarted worker
 * starts without it.
 */
import { flowAfter, flowKey, type Flow, type FlowEvent } from '../flow/model';
import { beyondCap, parseStored, type Loaded, type Prefs, type Stored } from '../flow/storage';
import type { Area, Serial } from './tabs';
export type { Stored };

export const FLOWS_KEY = 'rox-consent-companion';
/** What the last load had to drop, until the popup has said it (see `noticeShown`). */
const NOTICE = `${FLOWS_KEY}:notice`;

function parseNotice(v: unknown): Pick<Loaded, 'problem' | 'dropped'> | undefined {
  const n = v as Loaded | undefined;
  if (!n || typeof n !== 'object' || (n.problem !== 'corrupt' && n.problem !== 'newer-version')) return undefined;
  return { problem: n.problem, ...(Number.isInteger(n.dropped) && n.dropped! >= 0 ? { dropped: n.dropped } : {}) };
}

export interface Selector {
  account?: string;
  clientId: string;
  integration: string;
}

/**
 * `expiryDays`: the expiry that applies (managed policy may set it over the user's choice, src/settings);
 * without it, the stored preference.
 */
export function createFlowStore(area: Area, serial: Serial, expiryDays?: (prefs: Prefs) => Promise<number>) {
  const KEY = FLOWS_KEY;
  const expiry = (stored: Stored) => (expiryDays ? expiryDays(stored.prefs) : Promise.resolve(stored.prefs.expiryDays));
  let cached: Loaded | undefined;

  async function load(): Promise<Loaded> {
    if (cached) return { ...cached, stored: structuredClone(cached.stored) };
    const raw = (await area.get(KEY))[KEY];
    let loaded = parseStored(raw);
    if (loaded.problem && raw !== undefined) {
      // Keep what we could not read, once, so nothing is lost; the popup says what happened.
      const aside = (await area.get(`${KEY}:unreadable`))[`${KEY}:unreadable`];
      const notice = { [NOTICE]: { problem: loaded.problem, ...(loaded.dropped !== undefined ? { dropped: loaded.dropped } : {}) } };
      await area.set(aside === undefined ? { [`${KEY}:unreadable`]: raw, [KEY]: loaded.stored, ...notice } : notice);
    } else if (!loaded.problem) {
      // A worker that restarted since (MV3 stops an idle one) still tells the popup, once.
      const notice = parseNotice((await area.get(NOTICE))[NOTICE]);
      if (notice) loaded = { ...loaded, ...notice };
    }
    cached = { ...loaded, stored: structuredClone(loaded.stored) };
    return loaded;
  }

  /** The popup showed what had to be dropped: it is not said again. */
  async function noticeShown(): Promise<void> {
    if (cached) cached = { stored: cached.stored };
    await area.remove(NOTICE);
  }

  async function save(stored: Stored): Promise<void> {
    // Cached only once written: a failed write (storage full) must not show as done.
    await area.set({ [KEY]: stored });
    cached = { stored: structuredClone(stored) };
  }

  /**
   * Applies `event` to the flow(s) it concerns. With an account: that flow, adopting an account-less flow
   * of the same app and integration (Rox's page does not know the Microsoft account). Without one: every
   * flow of that app and integration.
   */
  function apply(sel: Selector, event: FlowEvent): Promise<{ changed: Flow[]; stored: Stored }> {
    return serial(async () => {
      const { stored } = await load();
      const changed: Flow[] = [];
      const matching = Object.values(stored.flows).filter((f) => f.clientId === sel.clientId && f.integration === sel.integration);
      const days = await expiry(stored);
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
        const after = flowAfter(before, event, days);
        if (after === before) continue;
        if (before) delete stored.flows[before.key];
        if (after) {
          stored.flows[after.key] = after;
          changed.push(after);
        }
      }
      for (const old of beyondCap(stored.flows)) delete stored.flows[old.key];
      if (changed.length || targets.some((t) => t && !stored.flows[t.key])) await save(stored);
      return { changed, stored };
    });
  }

  /** Applies `event` to exactly the flow stored under `key`, if it is still there (a check's answer). */
  function applyToKey(key: string, event: FlowEvent): Promise<Flow | undefined> {
    return serial(async () => {
      const { stored } = await load();
      const before = stored.flows[key];
      if (!before) return undefined;
      const after = flowAfter(before, event, await expiry(stored));
      if (!after || after === before || after.key !== key) return after === before ? before : undefined;
      stored.flows[key] = after;
      await save(stored);
      return after;
    });
  }

  function applyToAll(event: FlowEvent): Promise<void> {
    return serial(async () => {
      const { stored } = await load();
      let dirty = false;
      const days = await expiry(stored);
      for (const f of Object.values(stored.flows)) {
        const after = flowAfter(f, event, days);
        if (after === f) continue;
        dirty = true;
        delete stored.flows[f.key];
        if (after) stored.flows[after.key] = after;
      }
      if (dirty) await save(stored);
    });
  }

  function forget(key: string): Promise<void> {
    return serial(async () => {
      const { stored } = await load();
      if (!stored.flows[key]) return;
      delete stored.flows[key];
      await save(stored);
    });
  }

  function setMinimised(key: string, minimised: boolean): Promise<void> {
    return serial(async () => {
      const { stored } = await load();
      const f = stored.flows[key];
      if (!f) return;
      stored.flows[key] = flowAfter(f, { type: 'user', action: 'set-minimised', minimised, at: Date.now() })!;
      await save(stored);
    });
  }

  /** The user's preferences, all at once (validated by the caller): one write, with the flows as they are. */
  function setPrefs(prefs: Prefs): Promise<void> {
    return serial(async () => {
      const { stored } = await load();
      await save({ ...stored, prefs });
    });
  }

  /** Another writer changed the key: drop the cache unless the new value is what this store wrote. */
  function invalidate(newValue: unknown): void {
    if (JSON.stringify(newValue) !== JSON.stringify(cached?.stored)) cached = undefined;
  }

  return { load, noticeShown, apply, applyToKey, applyToAll, forget, setMinimised, setPrefs, invalidate };
}

export type FlowStore = ReturnType<typeof createFlowStore>;
