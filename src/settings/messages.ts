/**
 * The options page's messages (part of the one protocol in src/shared/messages.ts, which spreads them in):
 * read the settings, save them all at once, forget everything, and what the diagnostics report needs.
 */
import * as v from 'valibot';
import type { Effective, UserSettings } from './effective';

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));

export const SETTINGS_MESSAGE_DATA = {
  /** Options page: the effective settings, where each comes from, and the user's own choices. */
  'get-settings': v.strictObject({}),
  /** Options page: every user setting at once (the worker validates them all, then writes once). */
  'save-settings': v.strictObject({
    justificationTemplate: text(2000),
    expiryDays: v.number(),
    approvalChecks: v.boolean(),
    checkIntervalMinutes: v.number(),
    notifications: v.boolean(),
    roxOrigins: v.pipe(v.array(text(300)), v.maxLength(50)),
  }),
  /** Options page: forget every flow, every choice, every tab's memory, every extra origin's access. */
  'forget-all-data': v.strictObject({}),
  /** Options page: what the diagnostics report needs from the worker (`tabId`: the tab the user was on). */
  'get-diagnostics': v.strictObject({ tabId: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))) }),
} as const;

export interface SettingsReply {
  effective: Effective;
  /** The user's stored choices (a locked setting keeps its own, used again once the policy lets go). */
  user: UserSettings;
  /** Extra Rox origins whose access the browser has granted (their content script is registered). */
  granted: string[];
}

export interface DiagnosticsReply {
  /** How many flows are in each state. */
  flowCounts: Record<string, number>;
  /** The last page the companion recognised in that tab, and the guard's verdict (levels and reason codes only). */
  tab?: { kind: string; verdict: { level: string; rox: boolean; reasons: string[]; unchecked: string[] } | null; secondsAgo: number };
  /** The flow store had to keep unreadable data aside. */
  storageProblem?: string;
}

type Data<K extends keyof typeof SETTINGS_MESSAGE_DATA> = v.InferOutput<(typeof SETTINGS_MESSAGE_DATA)[K]>;

export interface SettingsProtocol {
  'get-settings': { data: Data<'get-settings'>; reply: SettingsReply };
  'save-settings': { data: Data<'save-settings'>; reply: SettingsReply };
  'forget-all-data': { data: Data<'forget-all-data'>; reply: null };
  'get-diagnostics': { data: Data<'get-diagnostics'>; reply: DiagnosticsReply };
}
