/**
 * The content-script engine shared by every site: detect, report to the worker, and hand the match and the
 * worker's answer (the guard's verdict, the flow) to the panel. It carries no UI: the panel (./ui.tsx) is
 * loaded only for a page that is ours. Detection re-runs at most once per animation frame after DOM
 * mutations, and on SPA navigation (hash or history: watched afresh); it stops watching mutations once the
 * page has stayed unrecognised for SETTLE_MS, and everything when the page is left.
 */
import type { PageInput, PageMatch, TabContext } from '../detect/types';
import { send } from '../platform/content';
import type { PageReport } from '../shared/messages';
import type { Ui } from './ui-registry';

const SETTLE_MS = 15_000;

/** What a content script tells the worker of a match: facts only, never page HTML, a code or a token. */
export function reportOf(m: PageMatch, at: URL = new URL(location.href)): PageReport {
  return {
    kind: m.kind,
    // Never the query or fragment: a Rox callback's carries Microsoft's authorization code.
    url: (at.origin + at.pathname).slice(0, 4096),
    lang: m.lang,
    config: m.config,
    appName: m.appName,
    publisher: m.publisher,
    verified: m.verified,
    permissions: m.permissions,
    upn: m.upn,
    errorCode: m.errorCode,
    outcome: m.rox?.outcome,
    integration: m.rox?.integration,
    ...(m.admin ? { admin: m.admin } : {}),
    ...(m.requests ? { requests: m.requests } : {}),
    ...(m.settings ? { settings: m.settings } : {}),
    ...(m.apps ? { apps: m.apps } : {}),
  };
}

export interface EngineOptions {
  detect(input: PageInput): PageMatch | null;
  /** The detectors' cheap first look: could this page be ours? Only then is this tab's context fetched. */
  mayBeOurs(input: PageInput): boolean;
  /** The panel, loaded on first use (undefined: it could not be loaded; the page then stays as it is). */
  loadUi(): Promise<Ui | undefined>;
  /**
   * Tell the worker whenever this page was reached by Back / Forward / reload, ours or not: the tab then
   * goes on with the request this page was shown with, not the tab's latest (sites that report provenance).
   */
  noteHistory?: boolean;
  /** Load the panel while the worker judges the page (default), or only when it has something to show. */
  eagerUi?: boolean;
}

export function startEngine({ detect, mayBeOurs, loadUi, noteHistory = false, eagerUi = true }: EngineOptions): void {
  let context: TabContext | undefined;
  let contextAsked = false;
  let ui: Promise<Ui | undefined> | undefined;
  let shown = '';
  /** The panel is on the page (a new route forgets what was shown, but the panel goes only if no match). */
  let visible = false;
  let frame = 0;
  let retries = 0;
  let retryTimer = 0;
  let settleTimer = 0;
  // How this document was reached: the worker judges a page reached by Back / Forward / reload by the
  // request it was first shown with, not by the tab's latest one.
  let navigation = (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.type;

  const askContext = () => {
    if (contextAsked) return;
    contextAsked = true;
    void send('get-tab-context', { navigation }).then((reply) => {
      context = reply.ok ? reply.value : undefined;
      schedule();
    });
  };

  const hide = () => {
    shown = '';
    visible = false;
    void ui?.then((u) => u?.hide());
  };

  const run = () => {
    frame = 0;
    const input: PageInput = { url: new URL(location.href), doc: document, context };
    const match = detect(input);
    if (!match) {
      if (shown || visible) hide();
      // A page about Rox that the detectors could not place yet: ask what this tab showed before
      // (the authorize request, the last page), once, and look again.
      if (mayBeOurs(input)) askContext();
      return;
    }
    clearTimeout(settleTimer);
    // What the page shows (all that is reported, and the elements a step needs); a change re-reports and
    // re-renders, anything else is a no-op.
    const report = reportOf(match);
    const identity = [location.href, !!match.justificationBox, !!match.reviewButton, match.rowElements?.length ?? 0, JSON.stringify(report)].join('|');
    if (identity === shown) return;
    shown = identity;
    // The panel loads while the worker judges the page (eager: a sign-in page that got this far is almost
    // always ours, and latency counts), or only once the worker says there is something to show.
    if (eagerUi) ui ??= loadUi();
    void send('page-detected', { ...report, navigation }).then(async (reply) => {
      if (identity !== shown) return;
      // Refused or unanswered: nothing from an earlier page state may stay up.
      if (!reply.ok) {
        visible = false;
        return void (await ui)?.hide();
      }
      // The worker cannot decide yet (a frame reported before its top frame): ask again, a few times.
      if (reply.value.retry && retries < 5) {
        retries++;
        retryTimer = window.setTimeout(() => {
          shown = '';
          schedule();
        }, 200 * retries);
      }
      // A page the worker found to have nothing to do with Rox (no verdict, no check of Rox's grant, no
      // admin help): silence.
      const r = reply.value;
      if (!r.verdict && !r.grant && !r.requestKinds && !r.lookalike && !r.hint && !match.kind.startsWith('rox-')) {
        visible = false;
        return void (await ui)?.hide();
      }
      const panel = await (ui ??= loadUi());
      if (identity !== shown) return;
      if (!panel) return void (visible = false);
      visible = true;
      panel.show(match, r, identity);
    });
  };

  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(run);
  };

  const observer = new MutationObserver(schedule);
  /** Watch the page's changes until it has been ours, or has settled unrecognised for SETTLE_MS. */
  const watch = () => {
    observer.observe(document.body ?? document.documentElement, { childList: true, subtree: true, characterData: true });
    clearTimeout(settleTimer);
    settleTimer = window.setTimeout(() => {
      if (!shown) observer.disconnect();
    }, SETTLE_MS);
  };
  // An app that routes by hash or history (the admin center): a new route is a new page, watched afresh.
  const onNavigate = () => {
    shown = '';
    retries = 0;
    watch();
    schedule();
  };
  const stop = () => {
    observer.disconnect();
    clearTimeout(settleTimer);
    clearTimeout(retryTimer);
    cancelAnimationFrame(frame);
    removeEventListener('hashchange', onNavigate);
    removeEventListener('popstate', onNavigate);
  };
  const start = () => {
    if (noteHistory && (navigation === 'back_forward' || navigation === 'reload')) askContext();
    addEventListener('hashchange', onNavigate);
    addEventListener('popstate', onNavigate);
    watch();
    run();
  };
  addEventListener('pagehide', () => {
    stop();
    hide();
  });
  // Back / Forward from the back-forward cache restores the page without running this script again: look
  // again (an impostor's page gets its warning back), as a page reached by Back / Forward.
  addEventListener('pageshow', (e) => {
    if (!e.persisted) return;
    navigation = 'back_forward';
    context = undefined;
    contextAsked = false;
    start();
  });
  start();
}
