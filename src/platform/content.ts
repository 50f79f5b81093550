/**
 * The platform for content scripts: the same webextension-polyfill, loaded on first use. A page that is
 * not ours never sends a message, so it never pays for the polyfill's start-up (~1 ms measured here).
 * `t` works once `extension()` has resolved; the overlay only renders after a message round trip.
 */
import type { Browser } from 'webextension-polyfill';

let api: Browser | undefined;

export async function extension(): Promise<Browser> {
  return (api ??= (await import('webextension-polyfill')).default);
}

export async function send<T>(message: unknown): Promise<T | undefined> {
  try {
    return (await (await extension()).runtime.sendMessage(message)) as T;
  } catch {
    return undefined;
  }
}

/** A UI string from _locales (after extension() has resolved). Missing keys show the key. */
export function t(key: string, substitutions?: string | string[]): string {
  return api?.i18n.getMessage(key, substitutions) || key;
}
