/**
 * Service worker: the typed message router, the flow store's writer, the expiry alarm and the badge.
 * It can be killed at any time: state is in storage, listeners are registered at top level.
 */
import { INTEGRATIONS, integrationById, integrationForScopes, isRoxClientId, isRoxHost, ROX_CLIENT_ID, SIGN_IN_PERMISSIONS } from '../catalog';
import type { Flow, FlowEvent, PageEventKind } from '../flow/model';
import { verdictFor } from '../guard';
import { browser } from '../platform/browser';
import { CONTENT_MESSAGES, parseMessage, type Message, type PageReply, type PageReport, type TabContextReply } from '../shared/messages';
import { apply, applyToAll, forget, load, setMinimised, type Stored } from './store';
import { forgetTab, recall, remember } from './tabs';
import type { Runtime } from 'webextension-polyfill';
import { authorizeParams } from '../shared/authorize';

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
  // Not awaited before answering: the overlay waits for this reply (50 ms budget).
  if (tabId !== undefined)
    void remember(tabId, { lastKind: report.kind, upn, ...(report.justification ? { justification: report.justification } : {}) }).catch(() => undefined);

  const stored0 = (await load()).stored;
  const managed = stored0.prefs.managedClientIds;
  const verdict = verdictFor({ kind: report.kind, appName: report.appName, publisher: report.publisher, verified: report.verified ?? null, permissions: report.permissions ?? [], authorize }, managed);
  let integrationId = report.integration ?? integrationForScopes(authorize?.scopes ?? [])?.id;
  let result: { changed: Flow[]; stored: Stored } = { changed: [], stored: stored0 };

  if (report.kind === 'rox-integrations' && report.integration) {
    const event: FlowEvent = { type: 'page', kind: 'connect-started', at, data: { clientId: ROX_CLIENT_ID, integration: report.integration, returnUrl: report.url } };
    result = await apply({ clientId: ROX_CLIENT_ID, integration: report.integration }, event);
  } else if (report.kind === 'rox-callback' && integrationId) {
    const kind = report.outcome === 'connected' ? 'connected' : 'connect-failed';
    result = await apply({ account: upn, clientId: ROX_CLIENT_ID, integration: integrationId }, { type: 'page', kind, at, data: { clientId: ROX_CLIENT_ID, integration: integrationId, errorCode: report.errorCode } });
  } else {
    const kind = PAGE_EVENTS[report.kind];
    // Only the genuine app gets a flow: an impostor's pages are warned about, never tracked.
    if (kind && authorize && isRoxClientId(authorize.clientId, managed)) {
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
      result = await apply({ account: upn, clientId: authorize.clientId, integration: integrationId }, { type: 'page', kind, at, data });
    }
  }
  const flow =
    result.changed[0] ??
    Object.values(result.stored.flows)
      .filter((f) => (!integrationId || f.integration === integrationId) && (!upn || !f.account || f.account.toLowerCase() === upn.toLowerCase()))
      .sort((a, b) => b.updatedAt - a.updatedAt)[0];
  const integration = integrationById(integrationId ?? flow?.integration ?? '');
  return {
    verdict,
    integration: integration && { id: integration.id, nameKey: integration.nameKey, scopes: integration.permissions.map((p) => p.scope) },
    plain: PLAIN,
    flow,
    prefs: result.stored.prefs,
  };
}

async function handle(msg: Message, sender: Runtime.MessageSender): Promise<unknown> {
  const tabId = sender.tab?.id;
  switch (msg.type) {
    case 'page-detected':
      return onPage(msg.report, tabId);
    case 'get-tab-context': {
      // The page's own authorize request, when its URL carries one (the tab-URL listener may not have run yet).
      const memory = tabId === undefined ? {} : msg.authorize ? await remember(tabId, { authorize: msg.authorize }) : await recall(tabId);
      const reply: TabContextReply = { authorize: memory.authorize, lastKind: memory.lastKind };
      return reply;
    }
    case 'get-flows': {
      const { stored, problem } = await load();
      return { flows: Object.values(stored.flows).sort((a, b) => b.updatedAt - a.updatedAt), problem };
    }
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

// The authorize request that starts a sign-in, from the tab's URL (Chromium and Firefox report URLs of
// hosts the extension has permissions for). Later pages (/common/reprocess) no longer carry it.
browser.tabs.onUpdated.addListener((tabId, change) => {
  if (!change.url?.startsWith('https://login.microsoftonline.com/')) return;
  const authorize = authorizeParams(new URL(change.url));
  if (authorize) void remember(tabId, { authorize, lastKind: undefined, ...(authorize.loginHint ? { upn: authorize.loginHint } : {}) });
});

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
