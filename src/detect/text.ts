/**
 * Microsoft's page text per locale: data, not code. Only strings a public source quotes are here
 * (docs/microsoft-pages.md). Adding a locale is adding an entry. Matching is a
 * case-insensitive substring test on normalised text, so punctuation and spacing variants still match.
 */

import { ROX_APP, ROX_CLIENT_ID } from '../catalog/app';
import { ASCII_FOLDS, foldAscii } from '../guard/folds';
import { DROPPED, MAX_SKELETON, O_CHARS, R_CHARS, SEPARATING, UNLIKE, WIDE, X_CHARS } from './rox-chars';

export type TextKey =
  | 'approvalRequired'
  | 'requiresApproval'
  | 'justificationPlaceholder'
  | 'requestSent'
  | 'needAdminApproval'
  | 'needAdminBody'
  | 'returnWithoutConsent'
  | 'permissionsRequested'
  | 'acceptForOrg'
  | 'consentOnBehalf';

export type TextTable = Partial<Record<TextKey, readonly string[]>>;

const EN: TextTable = {
  approvalRequired: ['Approval required'],
  requiresApproval: ["This app requires your admin's approval to"],
  justificationPlaceholder: ['Enter justification for requesting this app'],
  requestSent: ['Request sent'],
  needAdminApproval: ['Need admin approval'],
  needAdminBody: ['that only an admin can grant'],
  returnWithoutConsent: ['Return to the application without granting consent'],
  permissionsRequested: ['Permissions requested'],
  // Newer tenants are said to show "Review for your organization" [I].
  acceptForOrg: ['Accept for your organization', 'Review for your organization'],
  consentOnBehalf: ['Consent on behalf of your organization'],
};

export const TEXT: Readonly<Record<string, TextTable>> = {
  en: EN,
  'en-GB': {
    ...EN,
    acceptForOrg: ['Accept for your organisation', 'Review for your organisation'],
    consentOnBehalf: ['Consent on behalf of your organisation'],
  },
  de: {
    needAdminApproval: ['Administratorgenehmigung erforderlich'],
    // Unconfirmed by a public screenshot, quoted in community answers [I].
    consentOnBehalf: ['Zustimmung im Namen Ihrer Organisation'],
  },
  ja: {
    needAdminApproval: ['管理者の承認が必要です'],
    consentOnBehalf: ['組織の代理として同意する'],
  },
};

/**
 * Need admin approval's body names the app first: "{App} needs permission to access resources in your
 * organization that only an admin can grant…" (docs/microsoft-pages.md [C]; English only, other languages'
 * sentences are unknown). What follows the app's name.
 */
export const NEEDS_PERMISSION = ' needs permission to access resources';

export const normalize = (s: string): string => s.replace(/\s+/g, ' ').replace(/[’‘]/g, "'").trim().toLowerCase();

let normalized: Map<TextKey, string[]> | undefined;
/** Every locale's strings for `key`, normalised once. */
function strings(key: TextKey): string[] {
  normalized ??= new Map();
  let list = normalized.get(key);
  if (!list) normalized.set(key, (list = [...new Set(Object.values(TEXT).flatMap((t) => (t[key] ?? []).map(normalize)))]));
  return list;
}

/** Does `text` contain any locale's string for `key`? `text` must already be normalised. */
export const hasText = (text: string, key: TextKey): boolean => strings(key).some((s) => text.includes(s));

/** Is `block` (normalised) exactly one of the strings for `key` (for titles, to avoid body-text hits)? */
export const isText = (block: string, key: TextKey): boolean => strings(key).includes(block);

/** What a content script can know of the worker's skeleton without its table (see mayNameRox). */
// The skeleton's invisible characters, and the combining marks `confusables` strips by range (some of them
// unassigned in older Unicode data, so not \p{Mn} everywhere).
export const REMOVED = /[\p{Cf}\p{Mn}\p{Me}\0-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u034f\u115f\u1160\u3164\uffa0\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/u;
/** Rox's app and publisher names as the skeleton joins them (lookalike.ts compares within 3 edits). */
const TARGETS = [ROX_APP.name, ROX_APP.publisher].map((n) => foldAscii(n.toLowerCase()).replace(/[^a-z0-9]/g, ''));
const MAX_EDITS = 3;
/** How many letters and digits a near miss of Rox's names has (the pre-tests in page.ts use these bounds). */
export const NEAR_MISS_LENGTH = { min: Math.min(...TARGETS.map((t) => t.length)) - MAX_EDITS, max: Math.max(...TARGETS.map((t) => t.length)) + MAX_EDITS };

/**
 * Within MAX_EDITS of a target, where a `?` (a character outside ASCII the content script cannot map) may
 * stand for none, one or MAX_SKELETON characters of it at no cost.
 */
function nearTarget(tokens: string, target: string): boolean {
  let prev = Array.from({ length: target.length + 1 }, (_, j) => j);
  for (let i = 1; i <= tokens.length; i++) {
    const tok = tokens[i - 1];
    const cur = [tok === '?' ? prev[0]! : i];
    for (let j = 1; j <= target.length; j++) {
      if (tok === '?') {
        let best = prev[j]!;
        for (let k = 1; k <= MAX_SKELETON && k <= j; k++) best = Math.min(best, prev[j - k]!);
        cur[j] = Math.min(best, cur[j - 1]! + 1);
      } else cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (tok === target[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[target.length]! <= MAX_EDITS;
}

/**
 * Could this text name Rox? The content scripts' pre-filter: it must say yes to everything the worker's
 * look-alike check (src/guard/lookalike.ts, resemblesRox) flags, without that check's confusable table
 * (tests/unit/rox-chars.test.ts holds it to that). After NFKC, with invisible characters gone:
 * - a word starting with r, o, x, each as an ASCII letter (0 for o) or a character the table turns into
 *   that letter (src/detect/rox-chars.ts, generated from the same table);
 * - Rox's app or publisher name within three edits, joined, starting with r (any other character outside
 *   ASCII counts as a wildcard there);
 * - any bidi control; Rox's application id.
 */
export function mayNameRox(text: string): boolean {
  const raw = text.slice(0, 500);
  if (/[\u202A-\u202E\u2066-\u2069]/.test(raw)) return true;
  const t = raw.normalize('NFKC');
  const lower = t.toLowerCase();
  if (lower.includes(ROX_CLIENT_ID.toLowerCase())) return true;
  // Words: ASCII letters and digits folded as the skeleton folds them, r / o / x where the table says so,
  // '?' for any other letter or digit, a space for the rest.
  let words = '';
  // Joined (for the edit distance): the same without separators, '?' for a character it cannot place;
  // dead once the skeleton cannot start with r.
  let joined = '';
  let dead = false;
  let known = 0;
  let wild = 0;
  const add = (c: string, exact: boolean) => {
    if (dead) return;
    if (!joined && c !== 'r') dead = true;
    else {
      joined += c;
      if (exact) known++;
      else wild++;
    }
  };
  for (const c of t) {
    if (REMOVED.test(c)) continue;
    if (c.charCodeAt(0) < 0x80) {
      const lc = c.toLowerCase();
      const f = ASCII_FOLDS[lc] ?? lc;
      if (/[a-z0-9]/.test(f)) {
        words += f;
        add(f, true);
      } else words += ' ';
      continue;
    }
    const rox = R_CHARS.test(c) ? 'r' : O_CHARS.test(c) ? 'o' : X_CHARS.test(c) ? 'x' : '';
    if (rox) {
      words += rox;
      if (WIDE.test(c)) add('?', false);
      else add(rox, true);
    } else if (DROPPED.test(c)) continue;
    else if (SEPARATING.test(c)) words += ' ';
    else if (/[\p{L}\p{N}]/u.test(c)) {
      // A letter or digit the table maps elsewhere (never to r). One with an ASCII base letter (é: e) is
      // that letter, unless the table says otherwise (UNLIKE).
      words += '?';
      const base = c.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
      const f = ASCII_FOLDS[base] ?? base;
      if (/^[a-z0-9]$/.test(f) && !UNLIKE.test(c)) add(f, true);
      else add('?', false);
    } else if (/\s/u.test(c)) words += ' ';
    else {
      // A symbol or mark: a letter other than r, or nothing (so it cannot start the skeleton).
      words += ' ';
      if (joined && !dead) add('?', false);
    }
  }
  if (/(^|[^a-z0-9?])rox/.test(words)) return true;
  return !dead && TARGETS.some((target) => known <= target.length + MAX_EDITS && known + wild * MAX_SKELETON >= target.length - MAX_EDITS && nearTarget(joined, target));
}
