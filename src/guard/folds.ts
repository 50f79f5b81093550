/**
 * The digit and letter swaps the look-alike skeleton folds (after TR39: 0 -> o; 1, l, |, ! -> i). One table
 * for the worker's skeleton (lookalike.ts) and the content scripts' pre-filter (detect/text.ts, mayNameRox),
 * which must fold alike for the pre-filter to stay a superset of the skeleton check.
 */
export const ASCII_FOLDS: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', l: 'i', '|': 'i', '!': 'i' };

/** `text` with every foldable character folded. */
export const foldAscii = (text: string): string => text.replace(/[01l|!]/g, (c) => ASCII_FOLDS[c]!);
