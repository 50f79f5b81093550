/**
 * The one place that knows which browser we run in. Everything else imports `browser` and `t` from here;
 * no `chrome.*` call appears outside this file.
 */
import browser from 'webextension-polyfill';
import { sender } from '../shared/send';

export { browser };

/** `send(type, data)` to the worker from an extension page; resolves to a Result, never throws. */
export const send = sender((message) => browser.runtime.sendMessage(message));

/** A UI string from _locales. Missing keys show the key, so a gap is visible, never blank. */
export function t(key: string, substitutions?: string | string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}

/** The redirect URI the approval probe uses (Chrome: https://<id>.chromiumapp.org/). */
export const redirectUrl = (): string => browser.identity.getRedirectURL();

interface Offscreen {
  createDocument(p: { url: string; reasons: string[]; justification: string }): Promise<void>;
}

/**
 * Chrome's offscreen document for a page-only job (MSAL, for the approval check). Firefox has no
 * offscreen API: its background page is a page, and runs the job itself (false).
 */
export async function ensureOffscreen(url: string, justification: string): Promise<boolean> {
  const offscreen = (globalThis as { chrome?: { offscreen?: Offscreen } }).chrome?.offscreen;
  if (!offscreen) return false;
  try {
    await offscreen.createDocument({ url, reasons: ['LOCAL_STORAGE'], justification });
  } catch (e) {
    // One offscreen document per extension: it is already there.
    if (!/single offscreen|already/i.test(String(e))) throw e;
  }
  return true;
}
