/**
 * What each tab's earlier Microsoft pages said: the authorize request that started the sign-in (later
 * pages such as /common/reprocess no longer carry it), the last page kind and account. Kept in
 * storage.session (memory only, cleared when the browser closes) and dropped when the tab closes.
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

export async function recall(tabId: number): Promise<TabMemory> {
  return ((await browser.storage.session.get(key(tabId)))[key(tabId)] as TabMemory | undefined) ?? {};
}

export async function remember(tabId: number, patch: TabMemory): Promise<TabMemory> {
  const next = { ...(await recall(tabId)), ...patch };
  await browser.storage.session.set({ [key(tabId)]: next });
  return next;
}

export function forgetTab(tabId: number): Promise<void> {
  return browser.storage.session.remove(key(tabId));
}
