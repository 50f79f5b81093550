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
