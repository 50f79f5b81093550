/**
 * The UI strings an injected panel needs, handed to it with the panel (issue 10, "Budgets"): a content
 * script's first i18n.getMessage makes its renderer fetch the extension's message bundle from the browser
 * process, a synchronous round trip that cost 4 to 6 ms on the page that gets a panel. The worker asks
 * once, with "$1".."$9" as the substitutions, so each string keeps the places its substitutions go;
 * src/platform/content.ts fills them in as getMessage would.
 */
import { browser } from '../platform/browser';

/** Where the strings are left in the content scripts' isolated world (src/platform/content.ts reads it). */
export const UI_STRINGS_KEY = 'rox-consent-companion.strings';

const MARKERS = ['$1', '$2', '$3', '$4', '$5', '$6', '$7', '$8', '$9'];
let strings: Promise<Record<string, string>> | undefined;

/** Every message of the default locale's list, in the browser's language. */
export function uiStrings(): Promise<Record<string, string>> {
  strings ??= (async () => {
    const keys = Object.keys((await (await fetch(browser.runtime.getURL('_locales/en/messages.json'))).json()) as Record<string, unknown>);
    return Object.fromEntries(keys.map((k) => [k, browser.i18n.getMessage(k, MARKERS)]).filter(([, v]) => v));
  })().catch(() => ({}));
  return strings;
}

/** Leaves `strings` in the frame's isolated world (run there by scripting.executeScript). */
export function leaveStrings(key: string, strings: Record<string, string>): void {
  (globalThis as Record<symbol, unknown>)[Symbol.for(key)] ??= strings;
}
