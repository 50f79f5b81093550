/**
 * Service worker entry: wires the worker service (./worker) to the browser. Every listener is registered
 * here, at the top level, in the worker's first turn; nothing lives only in memory (state is in storage).
 */
import type { Runtime } from 'webextension-polyfill';
import { integrationById, ROX_APP } from '../catalog';
import { browser, ensureOffscreen, t } from '../platform/browser';
import { PROBE_TARGET, type ProbeCall } from '../probe/protocol';
import { isWaiting, type ProbeHost } from './checker';
import { FLOWS_KEY } from './store';
import { route } from './router';
import { createWorker, roxPage } from './worker';
import { dropAllRoxOrigins, grantedOrigins, registeredRoxOrigins, syncRoxOrigins } from './rox-origins';
import { siteOfOrigin } from '../sites';
import { leaveStrings, uiStrings, UI_STRINGS_KEY } from './ui-strings';

const EXPIRY_ALARM = 'flow-expiry';

/**
 * Managed policy (storage.managed): the only source of extra trusted Rox client ids (content scripts can write
 * storage.local); src/settings/effective.ts validates it and merges it over the user's choices. Read once when
 * the worker starts and again whenever the policy changes: the browser's first answer can take seconds
 * (4.5 s measured in Chromium 156 with no policy), and the worker's queue must not wait for it on every use.
 */
let managedRead: Promise<unknown> | undefined;
function managedPolicy(): Promise<unknown> {
  managedRead ??= browser.storage.managed.get().catch(() => ({})); // No policy (or no managed storage, as in Firefox without one).
  return managedRead;
}
void managedPolicy();

/** Where MSAL runs for the approval check: Chrome's offscreen document, or (Firefox) this background page. */
const probeHost: ProbeHost = {
  async start(req) {
    if (await ensureOffscreen(PROBE_PAGE, 'MSAL builds the silent approval check and reads its answer; it needs a page.')) return callProbe({ target: PROBE_TARGET, op: 'start', req });
    return (await import('../probe/msal-probe')).startProbe(req);
  },
  async finish(state, responseUrl) {
    if (await ensureOffscreen(PROBE_PAGE, 'MSAL reads the approval check answer.')) return callProbe({ target: PROBE_TARGET, op: 'finish', state, responseUrl });
    return (await import('../probe/msal-probe')).finishProbe(state, responseUrl);
  },
  async abandon(state) {
    if (await ensureOffscreen(PROBE_PAGE, 'MSAL forgets an unanswered approval check.')) return void (await callProbe({ target: PROBE_TARGET, op: 'abandon', state }));
    return (await import('../probe/msal-probe')).abandonProbe(state);
  },
};
const PROBE_PAGE = 'src/probe/probe.html';
async function callProbe<T>(call: ProbeCall): Promise<T> {
  const answer = (await browser.runtime.sendMessage(call)) as T | undefined;
  if (answer === undefined) throw new Error('probe page did not answer');
  return answer;
}

async function openRox(url: string): Promise<void> {
  const [open] = await browser.tabs.query({ url: ['https://rox.com/*', 'https://*.rox.com/*'] });
  if (open?.id !== undefined) {
    await browser.tabs.update(open.id, { active: true, ...(open.url?.startsWith(url) ? {} : { url }) });
    if (open.windowId !== undefined) await browser.windows.update(open.windowId, { focused: true });
  } else await browser.tabs.create({ url });
}

const worker = createWorker({
  local: browser.storage.local,
  session: browser.storage.session,
  now: Date.now,
  settings: async () => ({ trustedClientIds: (await worker.settings.effective()).values.trustedClientIds, probeRedirect: browser.identity.getRedirectURL() }),
  managed: managedPolicy,
  options: {
    syncRoxOrigins,
    grantedOrigins,
    forgetAll: async () => {
      await browser.storage.local.clear();
      await browser.storage.session.clear();
      await dropAllRoxOrigins();
      for (const id of Object.keys(await browser.notifications.getAll())) await browser.notifications.clear(id);
    },
  },
  injectScript: async (tabId, frameId, file) => {
    // The panel's strings first (its first getMessage would cost a synchronous fetch of the bundle).
    const target = { tabId, frameIds: [frameId] };
    await browser.scripting.executeScript({ target, func: leaveStrings, args: [UI_STRINGS_KEY, await uiStrings()] }).catch(() => undefined);
    await browser.scripting.executeScript({ target, files: [file] });
  },
  probe: {
    host: probeHost,
    redirectUri: browser.identity.getRedirectURL(),
    launch: (url, interactive) => browser.identity.launchWebAuthFlow({ url, interactive }),
  },
  approved: async (flow) => {
    if (!(await worker.settings.effective()).values.notifications) return;
    const integration = integrationById(flow.integration);
    await browser.notifications.create(`${APPROVED_NOTIFICATION}${flow.key}`, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('icons/icon-128.png'),
      title: t('notifyApprovedTitle'),
      message: t('notifyApprovedBody', [integration ? t(integration.nameKey) : ROX_APP.name]),
    });
  },
  openRox,
});

const APPROVED_NOTIFICATION = 'approved|';
// The approval notification opens Rox where the flow started, for the user to click Connect again.
browser.notifications.onClicked.addListener((id) => {
  if (!id.startsWith(APPROVED_NOTIFICATION)) return;
  void worker.flows.load().then(({ stored }) => openRox(roxPage(stored.flows[id.slice(APPROVED_NOTIFICATION.length)])));
  void browser.notifications.clear(id);
});

browser.runtime.onMessage.addListener(async (raw: unknown, sender: Runtime.MessageSender) => {
  const base = browser.runtime.getURL('');
  // An extra Rox origin's page: its messages count while Rox's script is registered there (rox-origins.ts).
  const extra = !sender.url?.startsWith(base) && !siteOfOrigin(originOf(sender.url));
  return route(raw, sender, { id: browser.runtime.id, base, ...(extra ? { roxOrigins: await registeredRoxOrigins() } : {}) }, worker.handle);
});

/** Extra Rox origins: registered again whenever the settings, the policy or the granted access change. */
const syncOrigins = () => void worker.settings.effective().then((e) => syncRoxOrigins(e.values.roxOrigins)).catch(() => undefined);
browser.permissions.onAdded.addListener(syncOrigins);
browser.permissions.onRemoved.addListener(syncOrigins);
// Managed policy applies live: a change is read afresh (managedPolicy); the registration follows it here.
browser.storage.onChanged.addListener((_changes, area) => {
  if (area !== 'managed') return;
  managedRead = undefined;
  syncOrigins();
});

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

const CHECK_ALARM = 'approval-check';
/**
 * Test builds only (ROX_TEST_HOOKS=1 at build time): storage.local[TEST_PERIOD_KEY] shortens the check
 * period (minutes) so an end-to-end test sees a background check. A production build ignores it.
 */
const TEST_PERIOD_KEY = 'test:checkPeriodMinutes';
declare const __ROX_TEST_HOOKS__: boolean;
async function testPeriod(): Promise<number | undefined> {
  if (!__ROX_TEST_HOOKS__) return undefined;
  const minutes = (await browser.storage.local.get(TEST_PERIOD_KEY))[TEST_PERIOD_KEY];
  return typeof minutes === 'number' && minutes > 0 ? minutes * 60_000 : undefined;
}

/** The expiry tick (hourly) and the approval check (every 10 minutes; each flow keeps its own schedule). */
async function ensureAlarms(recreate = false) {
  if (!(await browser.alarms.get(EXPIRY_ALARM))) await browser.alarms.create(EXPIRY_ALARM, { periodInMinutes: 60, delayInMinutes: 1 });
  const period = await testPeriod();
  if (recreate || !(await browser.alarms.get(CHECK_ALARM))) await browser.alarms.create(CHECK_ALARM, { periodInMinutes: period ? period / 60_000 : 10, delayInMinutes: period ? period / 60_000 : 1 });
}

browser.runtime.onInstalled.addListener(() => (void ensureAlarms(), syncOrigins()));
browser.runtime.onStartup.addListener(() => (void ensureAlarms(), syncOrigins()));
browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === EXPIRY_ALARM) void worker.tick();
  // Background checks follow the settings (managed policy may turn them off); Check now always works.
  if (alarm.name === CHECK_ALARM)
    void Promise.all([testPeriod(), worker.settings.effective()]).then(([period, { values }]) => {
      if (values.approvalChecks) return worker.checker?.checkDue(period, values.checkIntervalMinutes * 60_000);
    });
});

// Badge: approved flows (go back to Rox and click Connect) in green; otherwise waiting ones in grey.
browser.storage.onChanged.addListener((changes, area) => {
  if (__ROX_TEST_HOOKS__ && area === 'local' && TEST_PERIOD_KEY in changes) void ensureAlarms(true);
  if (area !== 'local' || !(FLOWS_KEY in changes)) return;
  worker.flows.invalidate(changes[FLOWS_KEY]?.newValue);
  void worker.flows.load().then(({ stored }) => {
    const flows = Object.values(stored.flows);
    const approved = flows.filter((f) => f.state === 'approved').length;
    const waiting = flows.filter(isWaiting).length;
    void browser.action.setBadgeText({ text: approved ? String(approved) : waiting ? String(waiting) : '' });
    void browser.action.setBadgeBackgroundColor({ color: approved ? '#107c10' : '#5c5c66' });
    void browser.action.setTitle({ title: approved ? t('badgeApproved', [String(approved)]) : waiting ? t('badgeWaiting', [String(waiting)]) : t('extName') });
  });
});
