/**
 * The platform for content scripts: two calls, made on the browser's own API without webextension-polyfill
 * (~3 kB gz the sign-in script cannot afford). Both exist alike in Firefox (`browser`) and in Chromium MV3
 * (`chrome`, whose runtime.sendMessage returns a promise since Chrome 99; the manifest asks for 120).
 * Content scripts run in an isolated world: the page cannot replace these globals.
 */
import { sender } from '../shared/send';

interface ContentApi {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  i18n: { getMessage(key: string, substitutions?: string | string[]): string };
}

const api = (): ContentApi => (globalThis as { browser?: ContentApi }).browser ?? (globalThis as unknown as { chrome: ContentApi }).chrome;

/** `send(type, data)` to the worker; resolves to a Result, never throws. */
export const send = sender((message) => api().runtime.sendMessage(message));

const messages = new Map<string, string>();
/** The strings the worker left with an injected panel (src/background/ui-strings.ts): "$1".."$9" mark substitutions. */
const given = () => (globalThis as Record<symbol, Record<string, string> | undefined>)[Symbol.for('rox-consent-companion.strings')];

/**
 * A UI string from _locales (each asked of the browser once, or taken from the strings the worker gave the
 * panel). Missing keys show the key, so a gap is visible, never blank.
 */
export function t(key: string, substitutions?: string | string[]): string {
  const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  const id = subs.length ? `${key}\u0000${subs.join('\u0000')}` : key;
  let text = messages.get(id);
  if (text === undefined) {
    const template = given()?.[key];
    text =
      template !== undefined && Object.hasOwn(given()!, key)
        ? template.replace(/\$([1-9])/g, (_, n: string) => subs[Number(n) - 1] ?? '')
        : api().i18n.getMessage(key, substitutions) || key;
    if (messages.size < 500) messages.set(id, text);
  }
  return text;
}
