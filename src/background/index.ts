/**
 * Service worker: the typed message router, the flow store's writer, the expiry alarm and the badge.
 * It can be killed at any time: state is in storage, listeners are registered at top level.
 */
import { integrationForScopes, isRoxClientId, ROX_CLIENT_ID } from '../catalog';
import type { FlowEvent, PageEventKind } from '../flow/model';
import { browser } from '../platform/browser';
import { CONTENT_MESSAGES, parseMessage, type Message, type PageReport, type TabContextReply } from '../shared/messages';
import { isRoxHost } from '../catalog';
import { apply, applyToAll, forget, load, setMinimised } from './store';
import { forgetTab, recall, remember } from './tabs';
import type { Runtime } from 'webextension-polyfill';

const EXPIRY_ALARM = 'flow-expiry';

function senderOrigin(sender: Runtime.MessageSender): string {
  try {
    return new URL(sender.url ?? '').origin;
  } catch {
    return '';
  }
}

/** Own extension only; content-script messages only from the origins allowed for their type. */
export function senderAllowed(msg: Message, sender: Runtime.MessageSender): boolean {
  if (sender.id !== browser.runtime.id) return false;
  const origin = senderOrigin(sender);
  // Extension pages (popup, options, probe), whether in the toolbar popup or a tab.
  if (origin === new URL(browser.runtime.getURL('')).origin) return true;
  if (!sender.tab) return false;
  const allowed = CONTENT_MESSAGES[msg.type];
  if (!allowed) return false;
  return allowed.includes(origin) || (allowed.includes('rox') && origin.startsWith('https://') && isRoxHost(new URL(origin).hostname));
}

const PAGE_EVENTS: Partial<Record<PageReport['kind'], PageEventKind>> = {
  'approval-required': 'approval-required',
  'request-sent': 'request-sent',
  'need-admin-approval': 'need-admin-approval',
  'consent-error': 'consent-error',
};

async function onPage(report: PageReport, tabId: number | undefined): Promise<void> {
  const memory = tabId !== undefined ? await recall(tabId) : {};
  const authorize = report.authorize ?? memory.authorize;
  const upn = report.upn ?? memory.upn;
  const at = Date.now();
  if (tabId !== undefined)
    await remember(tabId, { lastKind: report.kind, upn, ...(report.justification ? { justification: report.justification } : {}) });

  const { stored } = await load();
  if (report.kind === 'rox-integrations' && report.integration) {
    const event: FlowEvent = { type: 'page', kind: 'connect-started', at, data: { clientId: ROX_CLIENT_ID, integration: report.integration, returnUrl: report.url } };
    await apply({ clientId: ROX_CLIENT_ID, integration: report.integration }, event);
    return;
  }
  if (report.kind === 'rox-callback') {
    const integration = report.integration ?? integrationForScopes(authorize?.scopes ?? [])?.id;
    if (!integration) return;
    const kind = report.outcome === 'connected' ? 'connected' : 'connect-failed';
    await apply({ account: upn, clientId: ROX_CLIENT_ID, integration }, { type: 'page', kind, at, data: { clientId: ROX_CLIENT_ID, integration, errorCode: report.errorCode } });
    return;
  }
  const kind = PAGE_EVENTS[report.kind];
  // Only the genuine app gets a flow: an impostor's pages are warned about, never tracked.
  if (!kind || !authorize || !isRoxClientId(authorize.clientId, stored.prefs.managedClientIds)) return;
  const integration = integrationForScopes(authorize.scopes)?.id ?? 'unknown';
  const data = {
    account: upn,
    clientId: authorize.clientId,
    integration,
    tenant: authorize.tenant,
    scopes: authorize.scopes,
    errorCode: report.errorCode,
    justification: report.justification ?? memory.justification,
  };
  await apply({ account: upn, clientId: authorize.clientId, integration }, { type: 'page', kind, at, data });
}

async function handle(msg: Message, sender: Runtime.MessageSender): Promise<unknown> {
  const tabId = sender.tab?.id;
  switch (msg.type) {
    case 'authorize-seen':
      if (tabId !== undefined) await remember(tabId, { authorize: msg.authorize, lastKind: undefined, ...(msg.authorize.loginHint ? { upn: msg.authorize.loginHint } : {}) });
      return { ok: true };
    case 'page-detected':
      await onPage(msg.report, tabId);
      return { ok: true };
    case 'get-tab-context': {
      const memory = tabId !== undefined ? await recall(tabId) : {};
      const { stored } = await load();
      const flows = Object.values(stored.flows);
      const flow =
        flows.find((f) => memory.authorize && f.clientId === memory.authorize.clientId && (!memory.upn || f.account === memory.upn.toLowerCase() || f.account === memory.upn)) ??
        flows.sort((a, b) => b.updatedAt - a.updatedAt)[0];
      const reply: TabContextReply = { authorize: memory.authorize, lastKind: memory.lastKind, flow, prefs: stored.prefs };
      return reply;
    }
    case 'get-flows': {
      const { stored, problem } = await load();
      return { flows: Object.values(stored.flows).sort((a, b) => b.updatedAt - a.updatedAt), problem };
    }
    case 'get-prefs':
      return (await load()).stored.prefs;
    case 'set-minimised':
      await setMinimised(msg.key, msg.minimised);
      return { ok: true };
    case 'forget-flow':
      await forget(msg.key);
      return { ok: true };
  }
}

browser.runtime.onMessage.addListener((raw: unknown, sender: Runtime.MessageSender) => {
  const msg = parseMessage(raw);
  if (!msg) return Promise.resolve({ error: 'bad-message' });
  if (!senderAllowed(msg, sender)) return Promise.resolve({ error: 'forbidden' });
  return handle(msg, sender).catch((e: unknown) => ({ error: String(e instanceof Error ? e.message : e).slice(0, 200) }));
});

browser.tabs.onRemoved.addListener((tabId) => void forgetTab(tabId));

async function ensureAlarm() {
  if (!(await browser.alarms.get(EXPIRY_ALARM))) await browser.alarms.create(EXPIRY_ALARM, { periodInMinutes: 60, delayInMinutes: 1 });
}
browser.runtime.onInstalled.addListener(() => void ensureAlarm());
browser.runtime.onStartup.addListener(() => void ensureAlarm());
browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === EXPIRY_ALARM) void applyToAll({ type: 'tick', at: Date.now() });
});

// Badge: how many flows wait for the user (approved: go back to Rox and click Connect).
browser.storage.onChanged.addListener((_changes, area) => {
  if (area !== 'local') return;
  void load().then(({ stored }) => {
    const n = Object.values(stored.flows).filter((f) => f.state === 'approved').length;
    void browser.action.setBadgeText({ text: n ? String(n) : '' });
  });
});
