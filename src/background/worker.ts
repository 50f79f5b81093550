/**
 * The worker as a service: its message handlers and event reactions over injected storage, settings and a
 * clock, with one serialized queue. Nothing here registers a listener; src/background/index.ts wires it
 * to the browser at the top level (MV3 needs listeners registered in the worker's first turn).
 */
import type { Runtime } from 'webextension-polyfill';
import { integrationById, isRoxHost, ROX_CLIENT_ID, ROX_INTEGRATIONS_URL } from '../catalog';
import type { Flow, FlowEvent } from '../flow/model';
import type { GuardSettings } from '../guard';
import { newestFirst } from '../flow/storage';
import { hostOf, withoutQuery } from '../shared/authorize';
import type { Message, MessageData, MessageReply, MessageType } from '../shared/messages';
import { siteOfOrigin, uiScript } from '../sites';
import { handlePage, noteNavigation, tabContext, type NavigationEvent } from './pages';
import { createChecker, type Checker, type CheckEnv } from './checker';
import { createQueue } from './queue';
import { createFlowStore, type FlowStore } from './store';
import { effectiveSettings } from '../settings/effective';
import { createSettings, type SettingsEnv, type SettingsService } from './settings';
import { createTabStore, type Area, type Hop, type TabStore } from './tabs';

export interface WorkerEnv {
  /** storage.local: the flow store. */
  local: Area;
  /** storage.session: per-tab memory (gone when the browser closes). */
  session: Area;
  now(): number;
  settings(): Promise<GuardSettings>;
  /** Runs an extension file as a content script in one frame of a tab (scripting.executeScript). */
  injectScript(tabId: number, frameId: number, file: string): Promise<void>;
  /** The approval check's page side and launchWebAuthFlow (see checker.ts); absent: no checks (unit tests). */
  probe?: Pick<CheckEnv, 'host' | 'launch' | 'redirectUri'>;
  /** A flow became approved (the notification). */
  approved?(flow: Flow): Promise<void>;
  /** Focus an open Rox tab, or open `url` (a Rox page). */
  openRox?(url: string): Promise<void>;
  /** storage.managed (managed policy); absent: no policy (unit tests). */
  managed?(): Promise<unknown>;
  /** Extra Rox origins and "Forget all data" (src/background/settings.ts). */
  options?: Pick<SettingsEnv, 'syncRoxOrigins' | 'grantedOrigins' | 'forgetAll'>;
}

export interface Worker {
  flows: FlowStore;
  tabs: TabStore;
  checker?: Checker;
  /** The effective settings (managed > user > default) and the options page's service. */
  settings: SettingsService;
  handle(msg: Message, sender: Runtime.MessageSender): Promise<unknown>;
  /** A tab's top-level navigation events on the sign-in host and Rox (webRequest), and unseen sites. */
  navigation(tabId: number, event: NavigationEvent): Promise<unknown>;
  /** One whole top-level request whose page loads (tests and tools): its start and its response. */
  navigated(tabId: number, nav: Hop & { requestId: string }): Promise<unknown>;
  tabClosed(tabId: number): Promise<void>;
  tick(): Promise<void>;
}

/** The injected panel of the site the sender's page belongs to (the router has checked the sender). */
function senderSite(sender: Runtime.MessageSender): string | undefined {
  try {
    const site = siteOfOrigin(new URL(sender.url ?? '').origin);
    return site && uiScript(site);
  } catch {
    return undefined;
  }
}

/** Where "Return to Rox" goes: the page the flow started from when it is Rox's, else Rox's Integrations page. */
export function roxPage(flow: Flow | undefined): string {
  const url = flow?.returnUrl ?? '';
  return url.startsWith('https://') && isRoxHost(hostOf(url)) ? url : ROX_INTEGRATIONS_URL;
}

type Handlers = { [K in MessageType]: (data: MessageData<K>, sender: Runtime.MessageSender) => Promise<MessageReply<K>> };

export function createWorker(env: WorkerEnv): Worker {
  const serial = createQueue();
  const managed = async () => {
    try {
      return (await env.managed?.()) ?? {};
    } catch {
      return {};
    }
  };
  // The expiry that applies: managed policy's over the user's.
  const flows = createFlowStore(env.local, serial, async (prefs) => effectiveSettings(prefs as unknown as Record<string, unknown>, await managed()).values.expiryDays);
  const tabs = createTabStore(env.session, serial);
  const deps = { flows, tabs, now: env.now, settings: env.settings };
  const settings = createSettings({ flows, tabs, now: env.now, managed, ...env.options });
  const checker = env.probe && createChecker({ ...env.probe, flows, now: env.now, approved: env.approved ?? (async () => undefined) });

  const handlers: Handlers = {
    'page-detected': async (report, sender) => {
      const reply = await handlePage(deps, { report, tabId: sender.tab?.id, senderUrl: sender.url ?? '', tabUrl: sender.tab?.url });
      // The template and expiry that apply (managed policy over the user's choice).
      const { values } = await settings.effective();
      return { ...reply, prefs: { ...reply.prefs, justificationTemplate: values.justificationTemplate, expiryDays: values.expiryDays } };
    },
    'get-tab-context': ({ navigation }, sender) => tabContext(deps, sender.tab?.id, sender.url ?? '', navigation),
    'set-minimised': async ({ key, minimised }) => {
      await flows.setMinimised(key, minimised);
      return null;
    },
    'connect-clicked': async ({ integration }, sender) => {
      if (!integrationById(integration)) throw new Error('unknown-integration');
      // Where to come back to: the Integrations page, without its query.
      const returnUrl = withoutQuery(sender.url ?? '');
      const event: FlowEvent = { type: 'page', kind: 'connect-started', at: env.now(), data: { clientId: ROX_CLIENT_ID, integration, returnUrl } };
      await flows.apply({ clientId: ROX_CLIENT_ID, integration }, event);
      // Stands in for the Rox request when Microsoft answers at once (see callbackOutcome).
      const tabId = sender.tab?.id;
      if (tabId !== undefined) await tabs.update(tabId, (m) => ({ ...m, connect: { integration, at: env.now() } }));
      return null;
    },
    'inject-ui': async (_data, sender) => {
      const file = senderSite(sender);
      if (!file || sender.tab?.id === undefined) throw new Error('no-ui');
      await env.injectScript(sender.tab.id, sender.frameId ?? 0, file);
      return null;
    },
    'justification-submitted': async ({ justification }, sender) => {
      // Recorded into the flow by the next page of this tab (Request sent).
      if (sender.tab?.id !== undefined) await tabs.update(sender.tab.id, (m) => ({ ...m, justification }));
      return null;
    },
    'get-flows': async () => {
      const { stored, problem, dropped } = await flows.load();
      const { values } = await settings.effective();
      // Said once: the popup that asked shows it.
      if (problem) await flows.noticeShown();
      return {
        flows: newestFirst(Object.values(stored.flows)),
        problem,
        ...(dropped ? { dropped } : {}),
        justificationTemplate: values.justificationTemplate,
        ...(values.adminContact ? { adminContact: values.adminContact } : {}),
        ...(values.tenantIds[0] ? { tenant: values.tenantIds[0] } : {}),
      };
    },
    'forget-flow': async ({ key }) => {
      await flows.forget(key);
      return null;
    },
    'check-now': async ({ key, interactive }) => {
      if (!checker) throw new Error('no-checker');
      return { result: await checker.check(key, interactive) };
    },
    'return-to-rox': async ({ key }) => {
      const flow = (await flows.load()).stored.flows[key];
      await env.openRox?.(roxPage(flow));
      return null;
    },
    'get-settings': () => settings.reply(),
    'save-settings': (typed) => settings.save(typed),
    'forget-all-data': async () => {
      await serial(() => settings.forgetAll());
      flows.invalidate(undefined);
      return null;
    },
    'get-diagnostics': ({ tabId }) => settings.diagnostics(tabId),
  };

  return {
    flows,
    tabs,
    checker,
    settings,
    handle: (msg, sender) => (handlers[msg.type] as (data: Message['data'], sender: Runtime.MessageSender) => Promise<unknown>)(msg.data, sender),
    navigation: (tabId, event) => noteNavigation(deps, tabId, event),
    navigated: async (tabId, { requestId, ...hop }) => {
      await noteNavigation(deps, tabId, { type: 'request', requestId, hop });
      return noteNavigation(deps, tabId, { type: 'response', requestId, statusCode: 200 });
    },
    tabClosed: (tabId) => tabs.forget(tabId),
    tick: () => flows.applyToAll({ type: 'tick', at: env.now() }),
  };
}
