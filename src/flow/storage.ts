/**
 * The stored shape (schema version 1) and its validation. Corrupt or foreign data never throws: it is
 * reported, and its raw form kept aside under `corrupt` so nothing is lost.
 */
import { storedUserSettings, type UserSettings } from '../settings/effective';
import { EXPIRY_DAYS_DEFAULT, FLOW_STATES, PROBE_RESULTS, type Flow, type FlowState } from './model';

export const SCHEMA_VERSION = 1;

export interface Stored {
  version: number;
  flows: Record<string, Flow>;
  prefs: Prefs;
}

export interface Prefs {
  /** Justification template; {integration} is replaced. Empty: the built-in one from _locales. */
  justificationTemplate: string;
  expiryDays: number;
  /** The options page's other choices (src/settings): absent until the user sets them. */
  approvalChecks?: boolean;
  checkIntervalMinutes?: number;
  notifications?: boolean;
  roxOrigins?: string[];
}

/** Extra trusted client ids are NOT a preference: content scripts can write storage.local, so they come
 * from managed policy only (storage.managed, read by the worker). */
export const DEFAULT_PREFS: Prefs = { justificationTemplate: '', expiryDays: EXPIRY_DAYS_DEFAULT };

const STATES: ReadonlySet<FlowState> = new Set(FLOW_STATES);
/** At most this many flows are kept: the store drops the least recently changed beyond it. */
export const MAX_FLOWS = 200;

const isStr = (v: unknown, max = 2048): v is string => typeof v === 'string' && v.length <= max;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
/** A time a Date can hold (and the popup can render): 0 to 8.64e15 ms. */
const isTime = (v: unknown): v is number => isNum(v) && v >= 0 && v <= 8.64e15;
const optional = <T>(v: T | undefined, ok: (x: T) => boolean) => v === undefined || ok(v);

export function isFlow(v: unknown): v is Flow {
  const f = v as Flow;
  return (
    !!f &&
    typeof f === 'object' &&
    isStr(f.key, 800) &&
    isStr(f.account, 320) &&
    isStr(f.clientId, 64) &&
    isStr(f.integration, 64) &&
    isStr(f.tenant, 255) &&
    STATES.has(f.state) &&
    Array.isArray(f.scopes) &&
    f.scopes.length <= 64 &&
    f.scopes.every((s) => isStr(s, 256)) &&
    isStr(f.returnUrl) &&
    isTime(f.createdAt) &&
    isTime(f.updatedAt) &&
    optional(f.justification, (j) => isStr(j, 1000)) &&
    optional(f.requestedAt, isTime) &&
    optional(f.approvedAt, isTime) &&
    optional(f.connectedAt, isTime) &&
    optional(f.errorCode, (c) => isStr(c, 64)) &&
    optional(f.minimised, (m) => typeof m === 'boolean') &&
    optional(f.probeFailures, (n) => Number.isInteger(n) && n >= 0 && n <= 20) &&
    optional(f.lastProbe, (p) => !!p && typeof p === 'object' && isTime(p.at) && (PROBE_RESULTS as readonly string[]).includes(p.result))
  );
}

export interface Loaded {
  stored: Stored;
  /** Set when something had to be dropped; the UI says so. */
  problem?: 'corrupt' | 'newer-version';
  /** How many stored flows were not kept (unreadable, or beyond MAX_FLOWS); unset when the store was not even a list. */
  dropped?: number;
}

export function parseStored(raw: unknown): Loaded {
  const empty: Stored = { version: SCHEMA_VERSION, flows: {}, prefs: { ...DEFAULT_PREFS } };
  if (raw === undefined || raw === null) return { stored: empty };
  // A list is not a store either (it would read as one with no flows and be overwritten, unsaid).
  if (typeof raw !== 'object' || Array.isArray(raw)) return { stored: empty, problem: 'corrupt' };
  const r = raw as Partial<Stored>;
  const listed = r.flows && typeof r.flows === 'object' ? Object.keys(r.flows).length : undefined;
  if (isNum(r.version) && r.version > SCHEMA_VERSION) return { stored: empty, problem: 'newer-version', ...(listed !== undefined ? { dropped: listed } : {}) };
  let problem: Loaded['problem'];
  let dropped: number | undefined;
  const flows: Record<string, Flow> = {};
  if (r.flows && typeof r.flows === 'object') {
    const entries = Object.entries(r.flows);
    // More than the store ever writes: keep the newest, and say so (load keeps the raw data aside).
    if (entries.length > MAX_FLOWS) problem = 'corrupt';
    for (const [k, f] of entries.slice(0, 1000)) {
      if (isFlow(f) && f.key === k) flows[k] = f;
      else problem = 'corrupt';
    }
    for (const f of newestFirst(Object.values(flows)).slice(MAX_FLOWS)) delete flows[f.key];
    dropped = entries.length - Object.keys(flows).length;
    // Whatever was not kept (a `__proto__` key included, which never becomes an own key) is said.
    if (dropped) problem ??= 'corrupt';
  } else if (r.flows !== undefined) problem = 'corrupt';
  const p = (r.prefs ?? {}) as Partial<Prefs>;
  const prefs: Prefs = {
    justificationTemplate: isStr(p.justificationTemplate, 1000) ? p.justificationTemplate : '',
    expiryDays: isNum(p.expiryDays) && p.expiryDays >= 1 && p.expiryDays <= 365 ? Math.round(p.expiryDays) : EXPIRY_DAYS_DEFAULT,
    ...optionalPrefs(p),
  };
  return { stored: { version: SCHEMA_VERSION, flows, prefs }, problem, ...(problem && dropped !== undefined ? { dropped } : {}) };
}

/** The optional choices that validate (src/settings/validate.ts); the others are as if unset. */
function optionalPrefs(p: Partial<Prefs>): Partial<Prefs> {
  const { approvalChecks, checkIntervalMinutes, notifications, roxOrigins } = storedUserSettings(p as Record<string, unknown>) as Partial<UserSettings>;
  return JSON.parse(JSON.stringify({ approvalChecks, checkIntervalMinutes, notifications, roxOrigins })) as Partial<Prefs>;
}

export const newestFirst = (flows: Flow[]): Flow[] => [...flows].sort((a, b) => b.updatedAt - a.updatedAt);

/** Settled: nothing more will happen to it (connected, or expired); dropped first when over the cap. */
const SETTLED: ReadonlySet<Flow['state']> = new Set(['connected', 'expired']);

/**
 * The flows to drop so that at most MAX_FLOWS remain: settled ones before any still in progress, and among
 * each the least recently changed.
 */
export const beyondCap = (flows: Record<string, Flow>): Flow[] => {
  const all = Object.values(flows);
  const over = all.length - MAX_FLOWS;
  if (over <= 0) return [];
  const oldestFirst = (xs: Flow[]) => newestFirst(xs).reverse();
  return [...oldestFirst(all.filter((f) => SETTLED.has(f.state))), ...oldestFirst(all.filter((f) => !SETTLED.has(f.state)))].slice(0, over);
};
