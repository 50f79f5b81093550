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
// with who initiated it (Chromium: initiator; Firefox: originUrl). The hosts are the extension's own host
// permissions; the listener only observes (no blocking).
const originOf = (url: string | undefined) => {
  try {
    return url ? new URL(url).origin : '';
  } catch {
    return '';
  }
};
browser.webRequest.onBeforeRequest.addListener(
  (details) => {
    if (details.tabId < 0) return;
    const { initiator } = details as { initiator?: string };
    void worker.navigated(details.tabId, { url: details.url, requestId: details.requestId, initiator: initiator ?? originOf(details.originUrl), method: details.method });
  },
  { urls: ['https://login.microsoftonline.com/*', 'https://rox.com/*', 'https://*.rox.com/*'], types: ['main_frame'] },
);

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
