/**
 * The effective settings: managed policy > the user's choice > the default, each value validated (src/settings/
 * validate.ts). Pure. A bad managed value is ignored with a diagnostic, never a crash, and never trusted: the
 * user's or the default value applies instead. Managed-only settings (trusted client ids, tenant ids, the admin
 * contact, the admin's switches) have no user layer: storage.local, where the user's choices live, can be
 * written by content scripts, so nothing that adds trust may come from there.
 */
import { EXPIRY_DAYS_DEFAULT } from '../flow/model';
import {
  checkAdminContact,
  checkClientId,
  checkExpiryDays,
  checkInterval,
  checkList,
  checkOrigins,
  checkSwitch,
  checkTemplate,
  checkTenant,
  INTERVAL_DEFAULT,
  MAX_IDS,
  type Check,
} from './validate';

export interface Settings {
  /** Justification template; {integration} is replaced. '': the built-in one. */
  justificationTemplate: string;
  /** A request expires this many days after it was sent (Entra's default: 30). */
  expiryDays: number;
  /** Background approval checks (Check now always works). */
  approvalChecks: boolean;
  /** After the first day (checked every 10 minutes), a waiting request is checked this often. */
  checkIntervalMinutes: number;
  /** A notification when the admin approved. */
  notifications: boolean;
  /** Rox origins beyond rox.com and *.rox.com (exact https origins). */
  roxOrigins: string[];
  /** Managed only: extra client ids that are Rox's (a Rox test app). */
  trustedClientIds: string[];
  /** Managed only: the organization's tenants (ids or verified domains); the first names the tenant in links. */
  tenantIds: string[];
  /** Managed only: the admin contact shown in "Remind my admin" (an e-mail address or an https address). */
  adminContact: string;
}

export type SettingKey = keyof Settings;
export type Source = 'default' | 'user' | 'managed';

/** What the user may set (options page); the rest comes from policy only. */
export const USER_KEYS = ['justificationTemplate', 'expiryDays', 'approvalChecks', 'checkIntervalMinutes', 'notifications', 'roxOrigins'] as const satisfies readonly SettingKey[];
export type UserKey = (typeof USER_KEYS)[number];
export type UserSettings = Pick<Settings, UserKey>;

export const SETTING_KEYS: readonly SettingKey[] = [...USER_KEYS, 'trustedClientIds', 'tenantIds', 'adminContact'];

export const DEFAULT_SETTINGS: Settings = {
  justificationTemplate: '',
  expiryDays: EXPIRY_DAYS_DEFAULT,
  approvalChecks: true,
  checkIntervalMinutes: INTERVAL_DEFAULT,
  notifications: true,
  roxOrigins: [],
  trustedClientIds: [],
  tenantIds: [],
  adminContact: '',
};

/** One problem with one setting: which, and the message key (with substitutions) that says what. */
export interface SettingProblem {
  /** The setting (or, for an unknown policy key, that key). */
  key: string;
  message: string;
  subs?: string[];
}

type Validated<T> = { value?: T; problems: { key: string; subs?: string[] }[] };

const single = <T>(c: Check<T>): Validated<T> => (c.ok ? { value: c.value, problems: [] } : { problems: [{ key: c.key, subs: c.subs }] });
/** A list: the good items count, each bad one is named. */
const many = (r: ReturnType<typeof checkList>): Validated<string[]> => ({ value: r.errors.some((e) => e.key === 'errListType') ? undefined : r.value, problems: r.errors });

const VALIDATORS: { [K in SettingKey]: (raw: unknown) => Validated<Settings[K]> } = {
  justificationTemplate: (r) => single(checkTemplate(r)),
  expiryDays: (r) => single(checkExpiryDays(r)),
  approvalChecks: (r) => single(checkSwitch(r)),
  checkIntervalMinutes: (r) => single(checkInterval(r)),
  notifications: (r) => single(checkSwitch(r)),
  roxOrigins: (r) => many(checkOrigins(r)),
  trustedClientIds: (r) => many(checkList(r, checkClientId, MAX_IDS, 'errDuplicate')),
  tenantIds: (r) => many(checkList(r, checkTenant, MAX_IDS, 'errDuplicate')),
  adminContact: (r) => single(checkAdminContact(r)),
};

/**
 * The user's settings as typed in the options page, all checked: every problem of every field, or the whole
 * valid set. Nothing is saved unless this comes back without problems.
 */
export function validateUserSettings(input: Record<string, unknown>): { value?: UserSettings; problems: SettingProblem[] } {
  const problems: SettingProblem[] = [];
  const value = {} as Record<UserKey, unknown>;
  for (const key of USER_KEYS) {
    const v = VALIDATORS[key](input[key]);
    for (const p of v.problems) problems.push({ key, message: p.key, subs: p.subs });
    value[key] = v.value;
  }
  return problems.length ? { problems } : { value: value as UserSettings, problems };
}

/** The user's stored choices, read leniently: what does not validate is as if unset. */
export function storedUserSettings(prefs: Record<string, unknown> | undefined): Partial<UserSettings> {
  const out: Partial<Record<UserKey, unknown>> = {};
  for (const key of USER_KEYS) {
    if (prefs?.[key] === undefined) continue;
    const v = VALIDATORS[key](prefs[key]);
    if (v.value !== undefined && !v.problems.length) out[key] = v.value;
  }
  return out as Partial<UserSettings>;
}

export interface Effective {
  values: Settings;
  sources: Record<SettingKey, Source>;
  /** Managed values that were ignored (or partly ignored), and why. Never personal data: keys and reasons. */
  managedProblems: SettingProblem[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * managed > user > default. `managed` is storage.managed as the browser gives it (anything: policy files are
 * written by hand); `prefs` the user's stored choices. A managed key that is present and valid locks its
 * setting; an invalid one is reported and ignored. A managed list with some bad items keeps the good ones.
 */
export function effectiveSettings(prefs: Record<string, unknown> | undefined, managed: unknown): Effective {
  const user = storedUserSettings(prefs);
  const policy = managed && typeof managed === 'object' && !Array.isArray(managed) ? (managed as Record<string, unknown>) : {};
  const values = { ...DEFAULT_SETTINGS } as Record<SettingKey, unknown>;
  const sources = {} as Record<SettingKey, Source>;
  const managedProblems: SettingProblem[] = [];
  for (const key of SETTING_KEYS) {
    sources[key] = 'default';
    const mine = (user as Record<string, unknown>)[key];
    if (mine !== undefined && !same(mine, DEFAULT_SETTINGS[key])) {
      values[key] = mine;
      sources[key] = 'user';
    }
    if (!Object.hasOwn(policy, key)) continue;
    const v = VALIDATORS[key](policy[key]);
    for (const p of v.problems) managedProblems.push({ key, message: p.key, subs: p.subs });
    if (v.value === undefined) continue;
    values[key] = v.value;
    sources[key] = 'managed';
  }
  for (const key of Object.keys(policy)) if (!(SETTING_KEYS as readonly string[]).includes(key)) managedProblems.push({ key: key.slice(0, 64), message: 'errPolicyUnknown' });
  return { values: values as unknown as Settings, sources, managedProblems };
}

/** Whether a setting is locked by policy (the options page disables its control). */
export const isManaged = (e: Effective, key: SettingKey) => e.sources[key] === 'managed';

/** The user's settings to store: what they typed, except that a locked setting keeps its stored user value. */
export function mergeForSave(typed: UserSettings, stored: Partial<UserSettings>, effective: Effective): UserSettings {
  const out = { ...typed } as Record<UserKey, unknown>;
  for (const key of USER_KEYS) if (isManaged(effective, key)) out[key] = stored[key] ?? DEFAULT_SETTINGS[key];
  return out as UserSettings;
}
