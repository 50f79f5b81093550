/**
 * Service worker: the typed message router, the flow store's writer, the expiry alarm and the badge.
 * It can be killed at any time: state is in storage, listeners are registered at top level.
 */
import { INTEGRATIONS, integrationById, integrationForScopes, isRoxClientId, isRoxHost, ROX_CLIENT_ID, SIGN_IN_PERMISSIONS } from '../catalog';
import type { Flow, FlowEvent, PageEventKind } from '../flow/model';
import { verdictFor } from '../guard';
import { browser } from '../platform/browser';
import { CONTENT_MESSAGES, parseMessage, type Message, type PageReply, type PageReport, type TabContextReply } from '../shared/messages';
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

/** Plain-language message key per Microsoft permission text, for the steps' "what Rox asks for". */
const PLAIN: Record<string, string> = Object.fromEntries(
  [...INTEGRATIONS.flatMap((i) => i.permissions), ...SIGN_IN_PERMISSIONS].map((p) => [p.display.toLowerCase(), p.plainKey]),
);

/** Records what a page showed in the flow store, and answers with the guard's verdict and the step's data. */
async function onPage(report: PageReport, tabId: number | undefined): Promise<PageReply> {
  const memory = tabId !== undefined ? await recall(tabId) : {};
  const authorize = report.authorize ?? memory.authorize;
  const upn = report.upn ?? memory.upn;
  const at = Date.now();
  if (tabId !== undefined)
    await remember(tabId, { lastKind: report.kind, upn, ...(report.justification ? { justification: report.justification } : {}) });

  const { stored } = await load();
  const verdict = verdictFor({ kind: report.kind, appName: report.appName, publisher: report.publisher, verified: report.verified ?? null, permissions: report.permissions ?? [], authorize }, stored.prefs.managedClientIds);
  let integrationId = report.integration ?? integrationForScopes(authorize?.scopes ?? [])?.id;
  let changed: Flow[] = [];

  if (report.kind === 'rox-integrations' && report.integration) {
    const event: FlowEvent = { type: 'page', kind: 'connect-started', at, data: { clientId: ROX_CLIENT_ID, integration: report.integration, returnUrl: report.url } };
    changed = await apply({ clientId: ROX_CLIENT_ID, integration: report.integration }, event);
  } else if (report.kind === 'rox-callback' && integrationId) {
    const kind = report.outcome === 'connected' ? 'connected' : 'connect-failed';
    changed = await apply({ account: upn, clientId: ROX_CLIENT_ID, integration: integrationId }, { type: 'page', kind, at, data: { clientId: ROX_CLIENT_ID, integration: integrationId, errorCode: report.errorCode } });
  } else {
    const kind = PAGE_EVENTS[report.kind];
    // Only the genuine app gets a flow: an impostor's pages are warned about, never tracked.
    if (kind && authorize && isRoxClientId(authorize.clientId, stored.prefs.managedClientIds)) {
      integrationId ??= 'unknown';
      const data = {
        account: upn,
        clientId: authorize.clientId,
        integration: integrationId,
        tenant: authorize.tenant,
        scopes: authorize.scopes,
        errorCode: report.errorCode,
        justification: report.justification ?? memory.justification,
      };
      changed = await apply({ account: upn, clientId: authorize.clientId, integration: integrationId }, { type: 'page', kind, at, data });
    }
  }
  const flows = Object.values((await load()).stored.flows);
  const flow =
    changed[0] ??
    flows
      .filter((f) => (!integrationId || f.integration === integrationId) && (!upn || !f.account || f.account.toLowerCase() === upn.toLowerCase()))
      .sort((a, b) => b.updatedAt - a.updatedAt)[0];
  const integration = integrationById(integrationId ?? flow?.integration ?? '');
  return {
    verdict,
    integration: integration && { id: integration.id, nameKey: integration.nameKey, scopes: integration.permissions.map((p) => p.scope) },
    plain: PLAIN,
    flow,
    prefs: stored.prefs,
  };
}

async function handle(msg: Message, sender: Runtime.MessageSender): Promise<unknown> {
  const tabId = sender.tab?.id;
  switch (msg.type) {
    case 'authorize-seen':
      if (tabId !== undefined) await remember(tabId, { authorize: msg.authorize, lastKind: undefined, ...(msg.authorize.loginHint ? { upn: msg.authorize.loginHint } : {}) });
      return { ok: true };
    case 'page-detected':
      return onPage(msg.report, tabId);
    case 'get-tab-context': {
      const memory = tabId !== undefined ? await recall(tabId) : {};
      const reply: TabContextReply = { authorize: memory.authorize, lastKind: memory.lastKind };
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
