/** The options form as typed (text, so bad input can be named), to and from the settings. Pure. */
import type { UserSettings } from '../settings/effective';

export interface FormValues {
  justificationTemplate: string;
  expiryDays: string;
  approvalChecks: boolean;
  checkIntervalMinutes: string;
  notifications: boolean;
  /** One origin per line. */
  roxOrigins: string;
}

export const toForm = (s: UserSettings): FormValues => ({
  justificationTemplate: s.justificationTemplate,
  expiryDays: String(s.expiryDays),
  approvalChecks: s.approvalChecks,
  checkIntervalMinutes: String(s.checkIntervalMinutes),
  notifications: s.notifications,
  roxOrigins: s.roxOrigins.join('\n'),
});

/** What the validators get: numbers stay text (they say "a whole number from 1 to 365" to "abc"). */
export const fromForm = (f: FormValues): Record<string, unknown> => ({
  ...f,
  roxOrigins: f.roxOrigins
    .split(/[\n,]+/)
    .map((o) => o.trim())
    .filter(Boolean),
});
