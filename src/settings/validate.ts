/**
 * What each setting may hold, one validator per setting, pure. A validator answers with the normalised value
 * or with the message key (and substitutions) that says what is wrong, in the user's words. The options page,
 * the worker's save and the managed policy reader all use these, so no path accepts what another refuses.
 */
import { isRoxHost } from '../catalog/app';

export type Check<T> = { ok: true; value: T } | { ok: false; key: string; subs?: string[] };

const ok = <T>(value: T): Check<T> => ({ ok: true, value });
const bad = <T>(key: string, ...subs: string[]): Check<T> => ({ ok: false, key, subs });

/** The one placeholder a justification template may carry. */
export const TEMPLATE_PLACEHOLDER = '{integration}';
/** The justification is cut at this length before it reaches Microsoft's box (src/shared/justification.ts). */
export const TEMPLATE_MAX = 500;
export const EXPIRY_MIN = 1;
export const EXPIRY_MAX = 365;
/** After the first day (every 10 minutes), a waiting request is checked every 15 minutes to once a day. */
export const INTERVAL_MIN = 15;
export const INTERVAL_MAX = 1440;
export const INTERVAL_DEFAULT = 60;
export const MAX_ORIGINS = 10;
export const MAX_IDS = 20;

/** Hosts the extension already knows as another site: they can never be Rox's. */
const MICROSOFT_HOSTS = /(^|\.)(microsoftonline\.com|microsoft\.com|azure\.com|azure\.net|windows\.net|live\.com|office\.com)$/i;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A DNS name: labels of letters, digits and hyphens, at least one dot (a tenant's verified domain). */
const DOMAIN = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const EMAIL = /^[^\s@<>()",;:\\[\]]{1,64}@[a-z0-9.-]{1,253}\.[a-z]{2,63}$/i;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/;

export function checkTemplate(raw: unknown): Check<string> {
  if (typeof raw !== 'string') return bad('errTemplateType');
  const value = raw.replace(/\r\n?/g, '\n');
  if (value.length > TEMPLATE_MAX) return bad('errTemplateLong', String(TEMPLATE_MAX), String(value.length));
  if (CONTROL.test(value)) return bad('errTemplateControl');
  const unknown = [...value.matchAll(/\{[^{}\s]{0,40}\}/g)].map((m) => m[0]).find((p) => p !== TEMPLATE_PLACEHOLDER);
  if (unknown) return bad('errTemplatePlaceholder', unknown, TEMPLATE_PLACEHOLDER);
  return ok(value.trim() ? value : '');
}

const wholeIn = (raw: unknown, min: number, max: number, key: string): Check<number> => {
  const n = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) return bad(key, String(min), String(max));
  return ok(n);
};

export const checkExpiryDays = (raw: unknown) => wholeIn(raw, EXPIRY_MIN, EXPIRY_MAX, 'errExpiryDays');
export const checkInterval = (raw: unknown) => wholeIn(raw, INTERVAL_MIN, INTERVAL_MAX, 'errCheckInterval');
export const checkSwitch = (raw: unknown): Check<boolean> => (typeof raw === 'boolean' ? ok(raw) : bad('errSwitch'));

/**
 * An extra Rox origin: exactly `https://host` (a trailing slash is forgiven), no port, path, query, user or
 * wildcard, a DNS name; not one of the built-in Rox hosts (already covered) and not Microsoft's.
 */
export function checkOrigin(raw: unknown): Check<string> {
  if (typeof raw !== 'string' || !raw.trim()) return bad('errOriginEmpty');
  const text = raw.trim().replace(/\/$/, '');
  if (text.length > 300) return bad('errOriginInvalid', text.slice(0, 60));
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return bad('errOriginInvalid', text);
  }
  if (url.protocol !== 'https:') return bad('errOriginHttps', text);
  if (text.includes('*')) return bad('errOriginWildcard', text);
  if (url.username || url.password || url.port || url.origin.toLowerCase() !== text.toLowerCase()) return bad('errOriginExact', text);
  const host = url.hostname;
  if (!DOMAIN.test(host)) return bad('errOriginInvalid', text);
  if (isRoxHost(host)) return bad('errOriginBuiltIn', text);
  if (MICROSOFT_HOSTS.test(host)) return bad('errOriginMicrosoft', text);
  return ok(url.origin);
}

/** A list checked item by item: every bad item is named; duplicates and too many are errors too. */
export function checkList(raw: unknown, item: (v: unknown) => Check<string>, max: number, dupKey: string): { value: string[]; errors: { key: string; subs?: string[] }[] } {
  if (!Array.isArray(raw)) return { value: [], errors: [{ key: 'errListType' }] };
  const value: string[] = [];
  const errors: { key: string; subs?: string[] }[] = [];
  for (const r of raw.slice(0, 100)) {
    const c = item(r);
    if (!c.ok) errors.push({ key: c.key, subs: c.subs });
    else if (value.some((x) => x.toLowerCase() === c.value.toLowerCase())) errors.push({ key: dupKey, subs: [c.value] });
    else value.push(c.value);
  }
  if (raw.length > max) errors.push({ key: 'errListLong', subs: [String(max)] });
  return { value: value.slice(0, max), errors };
}

export const checkOrigins = (raw: unknown) => checkList(raw, checkOrigin, MAX_ORIGINS, 'errOriginDuplicate');

export function checkClientId(raw: unknown): Check<string> {
  return typeof raw === 'string' && GUID.test(raw.trim()) ? ok(raw.trim().toLowerCase()) : bad('errClientId', String(raw).slice(0, 60));
}

/** A tenant: its id (a GUID) or one of its verified domains. */
export function checkTenant(raw: unknown): Check<string> {
  if (typeof raw !== 'string') return bad('errTenant', String(raw).slice(0, 60));
  const t = raw.trim().toLowerCase();
  return GUID.test(t) || DOMAIN.test(t) ? ok(t) : bad('errTenant', t.slice(0, 60));
}

/** Who users should contact: an e-mail address or an https address (a help desk form). */
export function checkAdminContact(raw: unknown): Check<string> {
  if (typeof raw !== 'string') return bad('errAdminContact');
  const c = raw.trim().replace(/^mailto:/i, '');
  if (!c) return ok('');
  if (c.length <= 320 && EMAIL.test(c)) return ok(c);
  try {
    const u = new URL(c);
    if (u.protocol === 'https:' && c.length <= 2048 && !u.username && !u.password) return ok(u.href);
  } catch {
    // falls through
  }
  return bad('errAdminContact');
}

export const isEmail = (contact: string) => EMAIL.test(contact);
