/**
 * The worker's page service: a content script reported a page; note the tab's navigation, work out which
 * request (if any) proves where the page came from, ask the guard, move the flow, and answer with what the
 * step needs. Facts about the request come from the sender's URL and the tab's own memory, never from
 * what the content script claims (docs/microsoft-pages.md, "Provenance").
 * Takes its storage, settings and clock as dependencies, so it is unit-tested without a browser.
 */
import { INTEGRATIONS, integrationById, integrationForScopes, isRoxClientId, isRoxHost, ROX_CLIENT_ID, SIGN_IN_PERMISSIONS } from '../catalog';
import type { Flow, FlowEvent, PageEventKind } from '../flow/model';
import { newestFirst } from '../flow/storage';
import { adminRoute } from '../detect/admin-routes';
import { admin } from '../sites/admin';
import { verdictFor, type GuardSettings, type Verdict } from '../guard';
import { checkGrant } from '../guard/grant';
import { isRoxName, resemblesRox } from '../guard/lookalike';
import type { PageReply, PageReport, TabContextReply } from '../shared/messages';
import type { FlowStore } from './store';
import { afterNavigation, afterReport, emptyMemory, FRESH_MS, previousApproval, provenRequest, requestFailed, requestLeft, requestStarted, unseenSiteLoaded, urlKey, type Hop, type NavigationType, type RecordedRequest, type TabMemory, type TabStore } from './tabs';

export interface PageDeps {
  tabs: TabStore;
  flows: FlowStore;
  now(): number;
  /** Trusted extra client ids (managed policy only) and the probe's redirect URL. */
  settings(): Promise<GuardSettings>;
}


export interface PageInput {
  report: PageReport;
  tabId: number | undefined;
  /** `sender.url`: the page's real address (the report's own `url` is not trusted). */
  senderUrl: string;
  /** `sender.tab.url`: the top frame's address (a React view frame's blade is named there). */
  tabUrl?: string;
}

/** The admin center's page kinds (the admin site's, src/sites/admin.ts). */
const ADMIN_CENTER_KINDS: ReadonlySet<PageReport['kind']> = new Set(admin.kinds);

/** The red verdict of an admin-center page about an app that looks like Rox's and is not provably Rox's. */
const ADMIN_LOOKALIKE: Verdict = { level: 'suspicious', rox: false, reasons: ['client-id-unknown'], unchecked: [], extras: [], missing: [] };
const ADMIN_HOST = /^https:\/\/(entra\.microsoft\.com|portal\.azure\.com)(\/|$)/;
const RETRY: Pick<PageReply, 'retry'> = { retry: true };

/**
 * The admin center (seed steps 4 to 6). Whose a request or a blade is comes from application ids only: a
 * request row's, its Details pane's (and the selected row's), and an app's Permissions blade's route (the
 * top frame's address, checked against the blade's title there, also for a React view's frame). Names are
 * the app owner's text: they only ever make a warning ("looks like Rox, is not Rox's"), never help. A React
 * view's frame counts only inside the admin center's own top page.
 */
async function adminPage(deps: PageDeps, { report, senderUrl, tabUrl, tabId }: PageInput): Promise<PageReply> {
  const settings = await deps.settings();
  const prefs = (await deps.flows.load()).stored.prefs;
  const trusted = settings.trustedClientIds ?? [];
  const silence: PageReply = { verdict: null, plain: PLAIN, prefs };
  const topFrame = ADMIN_HOST.test(senderUrl);
  if (!topFrame && !ADMIN_HOST.test(tabUrl ?? '')) return silence;
  const roxIds = [ROX_CLIENT_ID, ...trusted].map((id) => id.toLowerCase());
  // An app whose name copies Rox's name, or Rox's application id, is a look-alike.
  const looksLikeRox = (n: string | undefined) => !!n && (resemblesRox(n) || roxIds.some((id) => n.toLowerCase().includes(id)));
  // No id at all: whose it is cannot be told (no help, no alarm).
  const whose = (appIds: string[], names: (string | undefined)[]) =>
    !appIds.length
      ? ('other' as const)
      : appIds.every((id) => isRoxClientId(id, trusted))
        ? ('rox' as const)
        : names.some(looksLikeRox) || appIds.some((id) => isRoxClientId(id, trusted))
          ? ('lookalike' as const)
          : ('other' as const);
  const memory = tabId === undefined ? undefined : await deps.tabs.recall(tabId);
  const remember = (admin: NonNullable<TabMemory['admin']>) => (tabId === undefined ? undefined : deps.tabs.update(tabId, (m) => ({ ...m, admin: { ...m.admin, ...admin } })));

  if (report.kind === 'admin-consent-settings') return { ...silence, hint: true };

  // Enterprise applications: which object ids are which apps (for the Permissions blade); Rox's rows
  // outlined, look-alikes named. Nothing to say about a list with neither.
  if (report.kind === 'admin-apps') {
    const rows = report.apps?.rows ?? [];
    const objects = { ...memory?.admin?.objects };
    for (const r of rows) if (/^[\w-]{1,64}$/.test(r.objectId)) objects[r.objectId.toLowerCase()] = r.appId.toLowerCase();
    await remember({ objects: Object.fromEntries(Object.entries(objects).slice(-500)) });
    const requestKinds = rows.map((r) => whose([r.appId], [r.name]));
    return requestKinds.some((k) => k !== 'other') ? { ...silence, requestKinds } : silence;
  }

  // Admin consent requests: Rox's rows by application id; a row that looks like Rox under another id is a look-alike.
  if (report.kind === 'admin-requests') {
    const rows = report.requests?.rows ?? [];
    const requestKinds = rows.map((r) => whose([r.appId], [r.name]));
    const details = report.requests?.details;
    if (!details) return { ...silence, requestKinds };
    // The pane's own application id (App details; remembered for its other tabs) and the selected row's:
    // all must be Rox's. A pane whose app cannot be tied to an id is never Rox's.
    if (details.tab === 'app' && details.appId) await remember({ pane: { url: senderUrl, appId: details.appId } });
    const seen = details.tab !== 'app' && memory?.admin?.pane?.url === senderUrl ? memory.admin.pane.appId : '';
    const selected = rows.filter((r) => r.selected);
    const row = selected.length === 1 ? selected[0]!.appId : '';
    // The pane must carry an id of its own (App details now, or before on this same pane): the selected row
    // alone may not be the request the pane shows (a selection changed under an open pane).
    const own = details.tab === 'app' ? details.appId : seen;
    const ids = own ? [own, row].filter(Boolean) : [];
    const names = [details.appName, ...selected.map((r) => r.name)];
    let detailsKind = whose(ids, names);
    // Ids that disagree only through what an earlier pane showed: not provably anyone's (no help, no alarm).
    if (detailsKind === 'lookalike' && !names.some(looksLikeRox) && details.tab !== 'app' && row && isRoxClientId(row, trusted)) detailsKind = 'other';
    if (detailsKind !== 'lookalike') return { ...silence, requestKinds, detailsKind };
    const lookalike = { name: (details.appName || selected[0]?.name || '').slice(0, 300), appId: (ids.find((id) => !isRoxClientId(id, trusted)) ?? '').slice(0, 64) };
    return { ...silence, verdict: ADMIN_LOOKALIKE, requestKinds, detailsKind, lookalike };
  }

  // An app's Permissions blade: the route in the top frame's address names the app, its title must be
  // Rox's name there (a crafted link may pair Rox's id with another app's blade), and a React view's frame is
  // judged by what the top frame showed at that same address.
  // The tab's address (`sender.tab.url`) follows the admin center's hash routes; a frame's own `sender.url`
  // may still be the address its document was loaded at.
  const url = tabUrl && ADMIN_HOST.test(tabUrl) ? tabUrl : senderUrl;
  const route = safeRoute(url);
  if (route?.blade !== 'permissions') return silence;
  const appId = route.params.appId ?? '';
  const frameAppId = topFrame ? '' : (safeParam(senderUrl, 'appId') ?? '');
  const listedAs = memory?.admin?.objects?.[(route.params.objectId ?? '').toLowerCase()];
  const rox = !route.ambiguous && isRoxClientId(appId, trusted) && (!frameAppId || frameAppId.toLowerCase() === appId.toLowerCase()) && (listedAs === undefined || isRoxClientId(listedAs, trusted));
  if (topFrame && report.appName !== undefined) await remember({ title: { url, rox: rox && isRoxName(report.appName) } });
  const titleRox = topFrame ? report.appName !== undefined && isRoxName(report.appName) : memory?.admin?.title?.url === url ? memory.admin.title.rox : undefined;
  const name = report.appName;
  if (!rox || titleRox === false) {
    if (!topFrame || name === undefined) return silence;
    if (!looksLikeRox(name) && !(isRoxClientId(appId, trusted) || route.ambiguous)) return silence;
    return { ...silence, verdict: ADMIN_LOOKALIKE, lookalike: { name, appId: appId.slice(0, 64) } };
  }
  // Rox's id and no title seen yet for this address (the frame reported first): ask again shortly.
  if (titleRox === undefined) return { ...silence, ...RETRY };
  if (!report.admin) return silence;
  const grant = checkGrant(report.admin.rows);
  // The blade is addressed by its object id: "Done" only once Enterprise applications listed that object id
  // with Rox's application id (a link may pair Rox's id with another app's object id).
  const objectId = (route.params.objectId ?? '').toLowerCase();
  const tied = !!objectId && isRoxClientId(memory?.admin?.objects?.[objectId], trusted);
  return { ...silence, grant: report.admin.truncated || !tied ? { ...grant, done: false, ...(tied ? {} : { unconfirmed: true }) } : grant };
}

function safeParam(url: string, name: string): string | null {
  try {
    return new URL(url).searchParams.get(name);
  } catch {
    return null;
  }
}

function safeRoute(url: string) {
  try {
    return adminRoute(new URL(url));
  } catch {
    return null;
  }
}

const PAGE_EVENTS: Partial<Record<PageReport['kind'], PageEventKind>> = {
  'approval-required': 'approval-required',
  'request-sent': 'request-sent',
  'need-admin-approval': 'need-admin-approval',
  'consent-error': 'consent-error',
};

/** Plain-language message key per Microsoft permission text, for the steps' "what Rox asks for". */
const PLAIN: Record<string, string> = Object.fromEntries(
  [...INTEGRATIONS.flatMap((i) => i.permissions), ...SIGN_IN_PERMISSIONS].flatMap((p) => [
    [p.display.toLowerCase(), p.plainKey],
    [p.userDisplay.toLowerCase(), p.plainKey],
  ]),
);

const CALLBACK_PATH = '/integrations/microsoft/callback';

/**
 * A Rox callback may mark a flow connected only when this tab's own Rox sign-in led to it: the user clicked
 * Connect in this tab recently, the tab's current request is Rox's (client id, redirect URI equal to the
 * callback's address) with the same `state` (the worker saw every hop, server redirects included), and
 * Rox's own page says it connected. A crafted link to the callback carrying any code proves nothing.
 */
export function callbackOutcome(
  senderUrl: string,
  request: RecordedRequest | undefined,
  connect: TabMemory['connect'],
  trusted: readonly string[],
  now: number,
  pageSays: PageReport['outcome'],
): { outcome: 'connected' | 'failed'; integration: string } | undefined {
  let url: URL;
  try {
    url = new URL(senderUrl);
  } catch {
    return undefined;
  }
  const state = url.searchParams.get('state');
  if (url.protocol !== 'https:' || !isRoxHost(url.hostname) || url.pathname !== CALLBACK_PATH || !state) return undefined;
  if (!request || !connect || now - connect.at > FRESH_MS || now < connect.at) return undefined;
  const p = request.params;
  if (!isRoxClientId(p.clientId, trusted) || p.ambiguous || p.state !== state || p.redirectUri !== `${url.origin}${url.pathname}`) return undefined;
  const integration = integrationForScopes(p.scopes)?.id ?? connect.integration;
  if (integration !== connect.integration) return undefined;
  if (url.searchParams.has('error') || pageSays === 'failed') return { outcome: 'failed', integration };
  return url.searchParams.has('code') && pageSays === 'connected' ? { outcome: 'connected', integration } : undefined;
}

/** The flow a page concerns: the one just changed, else the newest of this integration and account. */
export function flowFor(flows: readonly Flow[], integrationId: string | undefined, upn: string | undefined): Flow | undefined {
  return newestFirst(flows.filter((f) => (!integrationId || f.integration === integrationId) && (!upn || !f.account || f.account.toLowerCase() === upn.toLowerCase())))[0];
}

export async function handlePage(deps: PageDeps, input: PageInput): Promise<PageReply> {
  if (ADMIN_CENTER_KINDS.has(input.report.kind)) return adminPage(deps, input);
  const { report, tabId, senderUrl } = input;
  // What proves where this page came from: the tab's own navigation record (never the report's claims),
  // read in its turn on the worker's queue (before anything else is awaited, so no later event overtakes it).
  const memoryRead = tabId === undefined ? Promise.resolve(emptyMemory()) : pageMemory(deps, tabId, senderUrl, report.navigation);
  const settings = await deps.settings();
  const trusted = settings.trustedClientIds ?? [];
  const memory = await memoryRead;
  // Now, not when the report arrived: the queue may have applied this page's own navigation since (a
  // request recorded after `at` would not be fresh at `at`).
  const at = deps.now();
  const request = provenRequest(memory, at);
  const previous = report.kind === 'request-sent' ? previousApproval(memory, request, at) : undefined;
  // Request sent carries nothing of its own: it inherits the Approval required page just before it.
  const authorize = report.kind === 'request-sent' ? (previous ? request?.params : undefined) : request?.params;
  const upn = report.upn ?? memory.upn;

  const verdict: Verdict | null = verdictFor(
    {
      kind: report.kind,
      appName: report.appName,
      publisher: report.publisher,
      verified: report.verified ?? null,
      permissions: report.permissions ?? [],
      lang: report.lang,
      config: report.config,
      authorize,
      inherited: previous?.verdict ?? undefined,
    },
    settings,
  );
  // The last page recognised in this tab (Request sent keeps the Approval required page it inherits from).
  if (tabId !== undefined)
    await deps.tabs.update(tabId, (m) => ({ ...m, upn, ...(report.kind === 'request-sent' ? {} : { last: { kind: report.kind, at, request: request?.id ?? null, verdict } }) }));

  let integrationId = report.kind.startsWith('rox-') ? report.integration : integrationForScopes(authorize?.scopes ?? [])?.id;
  let changed: Flow | undefined;
  let stored = (await deps.flows.load()).stored;
  const apply = async (sel: Parameters<FlowStore['apply']>[0], event: FlowEvent) => {
    const r = await deps.flows.apply(sel, event);
    changed = r.changed[0];
    stored = r.stored;
  };

  if (report.kind === 'rox-callback') {
    const answer = callbackOutcome(senderUrl, request, memory.connect, trusted, at, report.outcome);
    integrationId = answer?.integration;
    const clientId = request?.params.clientId ?? ROX_CLIENT_ID;
    // The flows that wait for this connection; a callback never creates one, nor names the account.
    const waiting = Object.values(stored.flows).some((f) => f.integration === integrationId && f.clientId === clientId && f.state !== 'connected');
    if (answer && waiting) {
      const kind = answer.outcome === 'connected' ? 'connected' : 'connect-failed';
      const errorCode = new URL(senderUrl).searchParams.get('error')?.slice(0, 64);
      await apply({ clientId, integration: answer.integration }, { type: 'page', kind, at, data: { clientId, integration: answer.integration, errorCode } });
    }
  } else {
    const kind = PAGE_EVENTS[report.kind];
    // Only the proven, unflagged app gets a flow: an impostor's pages are warned about, never tracked.
    if (kind && authorize && verdict?.rox && verdict.level !== 'suspicious') {
      integrationId ??= 'unknown';
      await apply(
        { account: upn, clientId: authorize.clientId, integration: integrationId },
        {
          type: 'page',
          kind,
          at,
          data: { account: upn, clientId: authorize.clientId, integration: integrationId, tenant: authorize.tenant, scopes: authorize.scopes, errorCode: report.errorCode, justification: memory.justification },
        },
      );
    }
  }
  const flow = changed ?? flowFor(Object.values(stored.flows), integrationId, upn);
  const integration = integrationById(integrationId ?? flow?.integration ?? '');
  return {
    verdict,
    integration: integration && { id: integration.id, nameKey: integration.nameKey, scopes: integration.permissions.map((p) => p.scope) },
    plain: PLAIN,
    flow,
    prefs: stored.prefs,
  };
}

/** The tab's memory as a page of it sees it: one reached by Back / Forward / reload brings its own request back. */
function pageMemory(deps: Pick<PageDeps, 'tabs'>, tabId: number, senderUrl: string, type: NavigationType | undefined): Promise<TabMemory> {
  return deps.tabs.update(tabId, async (m) => afterReport(m, await urlKey(senderUrl), type));
}

/** A content script asks what this tab showed before its page: the proven request and the last page kind. */
export async function tabContext(deps: Pick<PageDeps, 'tabs' | 'now'>, tabId: number | undefined, senderUrl: string, type: NavigationType | undefined): Promise<TabContextReply> {
  if (tabId === undefined) return {};
  const memory = await pageMemory(deps, tabId, senderUrl, type);
  const at = deps.now();
  return { authorize: provenRequest(memory, at)?.params, lastKind: memory.last && at - memory.last.at <= FRESH_MS ? memory.last.kind : undefined };
}

/**
 * A tab's top-level navigation as webRequest reports it, on the sign-in host and Rox. Hops are held until
 * the page's response starts, so a navigation that is cancelled, fails or answers with no page (204)
 * changes nothing; a redirect to a site the extension cannot see marks the rest of the chain as not
 * Microsoft's own.
 */
export type NavigationEvent =
  | { type: 'request'; requestId: string; hop: Hop }
  | { type: 'left'; requestId: string }
  | { type: 'response'; requestId: string; statusCode: number }
  | { type: 'failed'; requestId: string }
  /** The tab loaded a page of a site the extension cannot see. */
  | { type: 'unseen-site' };

export function noteNavigation(deps: Pick<PageDeps, 'tabs' | 'now'>, tabId: number, event: NavigationEvent): Promise<unknown> {
  return deps.tabs.update(tabId, async (m) => {
    switch (event.type) {
      case 'request':
        return requestStarted(m, event.requestId, event.hop);
      case 'left':
        return requestLeft(m, event.requestId);
      case 'failed':
        return requestFailed(m, event.requestId);
      case 'unseen-site':
        return unseenSiteLoaded(m);
      case 'response': {
        const pending = m.pending?.requestId === event.requestId ? m.pending : undefined;
        if (!pending) return m;
        let next: TabMemory = { ...m, pending: undefined };
        // A page the tab shows; 204 / 205 leave the current page in place.
        if (event.statusCode < 200 || event.statusCode > 299 || event.statusCode === 204 || event.statusCode === 205) return next;
        const at = deps.now();
        for (const hop of pending.hops) next = afterNavigation(next, { ...hop, key: await urlKey(hop.url), requestId: event.requestId }, at);
        return next;
      }
    }
  });
}
