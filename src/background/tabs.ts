/**
 * What each tab's earlier Microsoft pages said: the authorize request that started the sign-in (later
 * pages such as /common/reprocess no longer carry it), the last page kind and account. Kept in
 * storage.session (memory only, cleared when the browser closes) and dropped when the tab closes.
 * Reads and writes go through one queue, so a tab-URL update and a page report cannot interleave their
 * read-modify-write and lose each other's fields.
 */
import { browser } from '../platform/browser';
import type { PageKind } from '../detect/types';
import type { AuthorizeParams } from '../shared/authorize';

export interface TabMemory {
  authorize?: AuthorizeParams;
  lastKind?: PageKind;
  upn?: string;
  justification?: string;
}

const key = (tabId: number) => `tab:${tabId}`;
let queue: Promise<unknown> = Promise.resolve();
const serial = <T>(work: () => Promise<T>): Promise<T> => {
  const next = queue.then(work, work);
  queue = next.catch(() => undefined);
  return next;
};

const read = async (tabId: number): Promise<TabMemory> => ((await browser.storage.session.get(key(tabId)))[key(tabId)] as TabMemory | undefined) ?? {};

export const recall = (tabId: number): Promise<TabMemory> => serial(() => read(tabId));

export const remember = (tabId: number, patch: TabMemory): Promise<TabMemory> =>
  serial(async () => {
    const next = { ...(await read(tabId)), ...patch };
    await browser.storage.session.set({ [key(tabId)]: next });
    return next;
  });

export const forgetTab = (tabId: number): Promise<void> => serial(() => browser.storage.session.remove(key(tabId)));
