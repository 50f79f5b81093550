/**
 * Every site the extension works on. Adding a site is adding an entry here (and its content script in
 * manifest.json, which tests/unit/meta.test.ts holds to this list). The admin center comes as one.
 */
import type { MessageType } from '../shared/messages';
// Extensions written out: vite.config.ts loads this file (see there).
import { admin } from './admin.ts';
import { rox } from './rox.ts';
import { signIn } from './signin.ts';
import type { Site } from './types';

export type { Site } from './types';

export const SITES: readonly Site[] = [signIn, rox, admin];

/** What the extension's own pages (popup, probe, options) may send; content scripts may not. */
export const EXTENSION_PAGE_MESSAGES: readonly MessageType[] = [
  'get-flows',
  'forget-flow',
  'check-now',
  'return-to-rox',
  // The options page (src/options).
  'get-settings',
  'save-settings',
  'forget-all-data',
  'get-diagnostics',
];

/** Hosts the extension may access without a content script there (none today). */
export const HOSTS_WITHOUT_SITE: readonly string[] = [];

const PATTERN = /^https:\/\/(\*\.)?([a-z0-9.-]+)\/\*$/;

/** Whether `origin` (scheme://host[:port]) is one of `matches`' hosts: https, default port. */
export function originMatches(matches: readonly string[], origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.port !== '' || url.origin !== origin) return false;
  const host = url.hostname;
  return matches.some((pattern) => {
    const m = PATTERN.exec(pattern);
    return !!m && (host === m[2] || (!!m[1] && host.endsWith(`.${m[2]}`)));
  });
}

/**
 * The site whose content script runs on `origin`, if any. `roxOrigins`: the extra Rox origins whose access the
 * user granted and where the worker registered Rox's content script (src/background/rox-origins.ts).
 */
export const siteOfOrigin = (origin: string, roxOrigins: readonly string[] = []): Site | undefined =>
  SITES.find((s) => originMatches(s.matches, origin)) ?? (roxOrigins.includes(origin) ? rox : undefined);

/** The built file of a site's injected panel (`ui`), as the extension package holds it. */
export const uiScript = (site: Site): string | undefined => site.ui?.replace(/\.tsx?$/, '.js');
