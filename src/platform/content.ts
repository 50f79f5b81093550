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

/** A UI string from _locales. Missing keys show the key, so a gap is visible, never blank. */
export function t(key: string, substitutions?: string | string[]): string {
  return api().i18n.getMessage(key, substitutions) || key;
}
