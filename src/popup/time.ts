/** Relative and absolute times in the browser's UI language. Pure: `now` and `locale` come in. */

const MIN = 60;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** [upper bound in seconds (exclusive), unit, seconds per unit] */
const STEPS: readonly [number, Intl.RelativeTimeFormatUnit, number][] = [
  [HOUR, 'minute', MIN],
  [DAY, 'hour', HOUR],
  [7 * DAY, 'day', DAY],
  [30 * DAY, 'week', 7 * DAY],
  [365 * DAY, 'month', 30 * DAY],
  [Infinity, 'year', 365 * DAY],
];

const cache = new Map<string, Intl.RelativeTimeFormat | Intl.DateTimeFormat>();
function formatter<T extends Intl.RelativeTimeFormat | Intl.DateTimeFormat>(key: string, make: (locale: string | undefined) => T, locale: string): T {
  let f = cache.get(key + locale) as T | undefined;
  if (!f) {
    try {
      f = make(locale || undefined);
    } catch {
      f = make(undefined); // a tag Intl does not accept: the runtime's default
    }
    cache.set(key + locale, f);
  }
  return f;
}

/** "just now", "5 minutes ago", "2 days ago"… A time in the future (clock skew) counts as now. */
export function relativeTime(at: number, now: number, locale: string): string {
  const ago = Math.max(0, Math.round((now - at) / 1000));
  if (ago < MIN) return formatter('auto', (l) => new Intl.RelativeTimeFormat(l, { numeric: 'auto' }), locale).format(0, 'second');
  const [, unit, size] = STEPS.find(([limit]) => ago < limit)!;
  return formatter('always', (l) => new Intl.RelativeTimeFormat(l, { numeric: 'always' }), locale).format(-Math.max(1, Math.floor(ago / size)), unit);
}

/** The full date and time, for a tooltip and for <time>. */
export function absoluteTime(at: number, locale: string): string {
  return formatter('abs', (l) => new Intl.DateTimeFormat(l, { dateStyle: 'medium', timeStyle: 'short' }), locale).format(at);
}
