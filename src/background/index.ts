/**
 * Service worker entry: wires the worker service (./worker) to the browser. Every listener is registered
 * here, at the top level, in the worker's first turn; nothing lives only in memory (state is in storage).
 */
import type { Runtime } from 'webextension-polyfill';
import { browser } from '../platform/browser';
import { FLOWS_KEY } from './store';
import { route } from './router';
import { createWorker } from './worker';

const EXPIRY_ALARM = 'flow-expiry';

/** Extra trusted Rox client ids come from managed policy only: content scripts can write storage.local. */
async function trustedClientIds(): Promise<string[]> {
  try {
    const { trustedClientIds: ids } = await browser.storage.managed.get('trustedClientIds');
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id)).slice(0, 20) : [];
  } catch {
    return []; // No policy (or no managed storage, as in Firefox without a policy).
  }
}

const worker = createWorker({
  local: browser.storage.local,
  session: browser.storage.session,
  now: Date.now,
  settings: async () => ({ trustedClientIds: await trustedClientIds(), probeRedirect: browser.identity.getRedirectURL() }),
  injectScript: async (tabId, frameId, file) => void (await browser.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, files: [file] })),
});

browser.runtime.onMessage.addListener((raw: unknown, sender: Runtime.MessageSender) => route(raw, sender, { id: browser.runtime.id, base: browser.runtime.getURL('') }, worker.handle));

browser.tabs.onRemoved.addListener((tabId) => void worker.tabClosed(tabId));

// Provenance: every top-level request of a tab to the sign-in host and to Rox, server redirects included,
// with who initiated it (Chromium: initiator; Firefox: originUrl), applied once its page's response starts.
// Observing only (no blocking), on the extension's own hosts.
const WATCHED = ['https://login.microsoftonline.com/*', 'https://rox.com/*', 'https://*.rox.com/*'];
const filter = { urls: WATCHED, types: ['main_frame' as const] };
const originOf = (url: string | undefined) => {
  try {
    return url ? new URL(url).origin : '';
  } catch {
    return '';
  }
};
const watched = (url: string) => {
  const host = originOf(url);
  return host === 'https://login.microsoftonline.com' || host === 'https://rox.com' || host.endsWith('.rox.com');
};
browser.webRequest.onBeforeRequest.addListener((d) => {
  if (d.tabId < 0) return;
  const { initiator } = d as { initiator?: string };
  void worker.navigation(d.tabId, { type: 'request', requestId: d.requestId, hop: { url: d.url, initiator: initiator ?? originOf(d.originUrl), method: d.method } });
}, filter);
browser.webRequest.onBeforeRedirect.addListener((d) => {
  if (d.tabId >= 0 && !watched(d.redirectUrl)) void worker.navigation(d.tabId, { type: 'left', requestId: d.requestId });
}, filter);
browser.webRequest.onResponseStarted.addListener((d) => {
  if (d.tabId >= 0) void worker.navigation(d.tabId, { type: 'response', requestId: d.requestId, statusCode: d.statusCode });
}, filter);
browser.webRequest.onErrorOccurred.addListener((d) => {
  if (d.tabId >= 0) void worker.navigation(d.tabId, { type: 'failed', requestId: d.requestId });
}, filter);

// A tab that loaded a page of a site the extension cannot see (no host permission: no URL) suspends its
// request; only a federated sign-in's return picks it up again.
browser.tabs.onUpdated.addListener((tabId, change, tab) => {
  if (change.status === 'complete' && !tab.url) void worker.navigation(tabId, { type: 'unseen-site' });
});

async function ensureAlarm() {
  if (!(await browser.alarms.get(EXPIRY_ALARM))) await browser.alarms.create(EXPIRY_ALARM, { periodInMinutes: 60, delayInMinutes: 1 });
}
browser.runtime.onInstalled.addListener(() => void ensureAlarm());
browser.runtime.onStartup.addListener(() => void ensureAlarm());
browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === EXPIRY_ALARM) void worker.tick();
});

// Badge: how many flows wait for the user (approved: go back to Rox and click Connect).
browser.storage.onChanged.addListener((changes, area) => {
  if (area !== 'local' || !(FLOWS_KEY in changes)) return;
  worker.flows.invalidate(changes[FLOWS_KEY]?.newValue);
  void worker.flows.load().then(({ stored }) => {
    const n = Object.values(stored.flows).filter((f) => f.state === 'approved').length;
    void browser.action.setBadgeText({ text: n ? String(n) : '' });
  });
});
