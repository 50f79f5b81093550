/**
 * The worker's half of the options page: the effective settings (managed > user > default, src/settings),
 * saving the user's settings (all validated, then one write), the diagnostics' facts and "Forget all data".
 * Over injected storage and browser hooks, so it is unit-tested without a browser.
 */
import { FLOW_STATES } from '../flow/model';
import { effectiveSettings, mergeForSave, storedUserSettings, validateUserSettings, DEFAULT_SETTINGS, USER_KEYS, type Effective, type UserSettings } from '../settings/effective';
import type { DiagnosticsReply, SettingsReply } from '../settings/messages';
import type { FlowStore } from './store';
import type { TabStore } from './tabs';

export interface SettingsEnv {
  flows: FlowStore;
  tabs: TabStore;
  now(): number;
  /** storage.managed as the browser gives it ({} without a policy). */
  managed(): Promise<unknown>;
  /** Registers Rox's script on the granted ones of these origins (the rest lose it); resolves to the granted. */
  syncRoxOrigins?(origins: readonly string[]): Promise<string[]>;
  /** Which of these origins the browser has granted access to. */
  grantedOrigins?(origins: readonly string[]): Promise<string[]>;
  /** Clears every storage area the extension writes and gives back extra origins' access. */
  forgetAll?(): Promise<void>;
}

export function createSettings(env: SettingsEnv) {
  async function effective(): Promise<Effective> {
    const { stored } = await env.flows.load();
    let managed: unknown = {};
    try {
      managed = await env.managed();
    } catch {
      // No managed storage (Firefox without a policy): defaults and the user's choices.
    }
    return effectiveSettings(stored.prefs as unknown as Record<string, unknown>, managed);
  }

  async function reply(e?: Effective): Promise<SettingsReply> {
    const eff = e ?? (await effective());
    const { stored } = await env.flows.load();
    const user = { ...pick(DEFAULT_SETTINGS), ...storedUserSettings(stored.prefs as unknown as Record<string, unknown>) } as UserSettings;
    const granted = env.grantedOrigins ? await env.grantedOrigins(eff.values.roxOrigins) : [];
    return { effective: eff, user, granted };
  }

  /** Every field checked first; any problem: nothing is written. Then one write of all the user's choices. */
  async function save(typed: Record<string, unknown>): Promise<SettingsReply> {
    const checked = validateUserSettings(typed);
    if (!checked.value) throw new Error(`invalid-settings: ${[...new Set(checked.problems.map((p) => p.key))].join(', ')}`);
    const before = await effective();
    const { stored } = await env.flows.load();
    const mine = mergeForSave(checked.value, storedUserSettings(stored.prefs as unknown as Record<string, unknown>), before);
    await env.flows.setPrefs({ ...stored.prefs, ...mine });
    const after = await effective();
    await env.syncRoxOrigins?.(after.values.roxOrigins);
    return reply(after);
  }

  async function diagnostics(tabId: number | undefined): Promise<DiagnosticsReply> {
    const { stored, problem } = await env.flows.load();
    const flowCounts = Object.fromEntries(FLOW_STATES.map((s) => [s, 0])) as Record<string, number>;
    for (const f of Object.values(stored.flows)) flowCounts[f.state] = (flowCounts[f.state] ?? 0) + 1;
    const out: DiagnosticsReply = { flowCounts, ...(problem ? { storageProblem: problem } : {}) };
    if (tabId === undefined) return out;
    const last = (await env.tabs.recall(tabId)).last;
    if (!last) return out;
    const v = last.verdict;
    return {
      ...out,
      tab: {
        kind: last.kind,
        verdict: v ? { level: v.level, rox: v.rox, reasons: [...v.reasons], unchecked: [...v.unchecked] } : null,
        secondsAgo: Math.max(0, Math.round((env.now() - last.at) / 1000)),
      },
    };
  }

  return { effective, reply, save, diagnostics, forgetAll: async () => void (await env.forgetAll?.()) };
}

const pick = (s: typeof DEFAULT_SETTINGS): UserSettings => Object.fromEntries(USER_KEYS.map((k) => [k, s[k]])) as UserSettings;

export type SettingsService = ReturnType<typeof createSettings>;
