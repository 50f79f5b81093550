/**
 * Does an app name (or publisher text) look like Rox's? Runs in the worker only: the confusable table is
 * too big for content scripts. Names are compared on a skeleton in the spirit of Unicode TR39: NFKC,
 * format / bidi / combining characters removed, confusable characters mapped to their Latin prototype
 * (the `confusables` package), case folded, and the digit/letter swaps TR39 also folds (0->o, 1/l/|->i).
 * Then near misses count too: "rox" as a word, a word starting with "rox" beside Rox's other words, or a
 * name starting with R a few edits away from Rox's.
 */
import { remove as removeConfusables } from 'confusables';
import { ROX_APP } from '../catalog/app';
import { foldAscii } from './folds';

/** Format (Cf: zero-width, bidi controls, soft hyphen), combining marks and other invisible characters. */
const INVISIBLE = /[\p{Cf}\p{Mn}\p{Me}\u034f\u115f\u1160\u3164\uffa0]/gu;

export function skeleton(text: string): string {
  const visible = text.slice(0, 500).normalize('NFKC').replace(INVISIBLE, '');
  return foldAscii(removeConfusables(visible).normalize('NFKC').toLowerCase())
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Levenshtein distance, stopping early once it exceeds `max`. */
export function editDistance(a: string, b: string, max = 8): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]!);
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

const ROX_NAME = skeleton(ROX_APP.name);
const ROX_PUBLISHER = skeleton(ROX_APP.publisher);
const ROX_WORDS = new Set([...ROX_NAME.split(' '), ...ROX_PUBLISHER.split(' ')].filter((w) => w !== 'rox'));

/** Is the name exactly Rox's app name, character for character (after whitespace and case)? */
export const isRoxName = (name: string | undefined): boolean => !!name && name.replace(/\s+/g, ' ').trim().toLowerCase() === ROX_APP.name.toLowerCase();

/**
 * Whether `text` would make a reader think of Rox: the genuine name itself, a confusable spelling of it,
 * "Rox" as a word, a word beginning with "rox" next to Rox's other words ("RoxData 365 Integration"), or a
 * name within three edits of Rox's app or publisher name.
 */
export function resemblesRox(text: string | undefined | null): boolean {
  if (!text) return false;
  // A right-to-left override shows reversed letters in reading order: "\u202Enoitargetni 563 xoR" reads
  // "Rox 365 Integration". Judge the reversed text too.
  if (RTL_OVERRIDE.test(text) && resemblesName([...text.slice(0, 500)].reverse().join(''))) return true;
  return resemblesName(text);
}

const RTL_OVERRIDE = /[\u202B\u202E\u2067]/;

function resemblesName(text: string): boolean {
  const s = skeleton(text);
  if (!s) return false;
  if (s === ROX_NAME || s === ROX_PUBLISHER) return true;
  const words = s.split(' ');
  if (words.includes('rox')) return true;
  if (words.some((w) => w.startsWith('rox')) && words.some((w) => ROX_WORDS.has(w) || /^rox/.test(w) && ROX_WORDS.has(w.slice(3)))) return true;
  // Near misses that keep Rox's first letter ("Rax 365 Integration", "Rox 365 Integratoin"); "Box 365
  // Integration" is another company's name, not a look-alike.
  const joined = s.replace(/ /g, '');
  return joined.startsWith('r') && [ROX_NAME, ROX_PUBLISHER].some((r) => editDistance(joined, r.replace(/ /g, ''), 3) <= 3);
}
