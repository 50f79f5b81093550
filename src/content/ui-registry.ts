/**
 * Where an injected panel script leaves its Ui for the engine. Content scripts of one extension share one
 * isolated world per frame (the page cannot see or replace this global), so the engine finds it there.
 */
import type { PageMatch } from '../detect/types';
import type { PageReply } from '../shared/messages';

export interface Ui {
  /** Shows the step for `match` with the worker's reply; `key` changes when what the page shows changes. */
  show(match: PageMatch, reply: PageReply, key: string): void;
  hide(): void;
}

const KEY = Symbol.for('rox-consent-companion.ui');

export function registerUi(ui: Ui): void {
  (globalThis as Record<symbol, unknown>)[KEY] ??= ui;
}

export const registeredUi = (): Ui | undefined => (globalThis as Record<symbol, Ui | undefined>)[KEY];
