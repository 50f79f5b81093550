/**
 * The content-script engine shared by every site: detect, report to the worker, and hand the match and the
 * worker's answer (the guard's verdict, the flow) to the panel. It carries no UI: the panel (./ui.tsx) is
 * loaded only for a page that is ours.
 *
 * Most pages it runs on are not ours, and there it must cost next to nothing and leave nothing behind
 * (issue 10, "Budgets"). So it works in three stages:
 * 1. The site's gate, before any machinery: a few querySelector checks, the address, one cheap text scan.
 *    'no' (rendered, and nothing here is about Rox): stop at once. 'wait' (not rendered yet): watch the page
 *    only until it is, then ask the gate again. 'early' (the address says Rox): ask the worker for this tab's
 *    context and load the panel now, before Microsoft's late render, so that the panel follows it within a
 *    frame or so.
 * 2. Active: detection re-runs after DOM mutations (at most once per animation frame; mutations the site calls
 *    quiet, e.g. a grid column no detector reads, are ignored) and on SPA navigation.
 * 3. Settled: a page with no panel up stops once it has stayed so for a short while (SETTLE_MS after the
 *    worker found nothing to show, NO_MATCH_MS when nothing matched at all): every observer, timer and
 *    listener goes, except the one listener the site names to wake it (`wake`): on the sign-in host
 *    `pageshow` (a page restored from the back-forward cache must tell the worker so, see below), on the
 *    admin center's top frame `hashchange` (a single-page app: a new route is a new page). A page with a
 *    panel keeps watching until it is left.
 */
import type { Gate, PageInput, PageMatch, TabContext } from '../detect/types';
import { send } from '../platform/content';
import type { PageReport } from '../shared/messages';
import type { Ui } from './ui-registry';

/** How long a page with a match but nothing to show is still watched (Microsoft's page may change in place). */
export const SETTLE_MS = 1_000;
/** How long a page that passed the gate but matched nothing is watched (a late render, a slow blade). */
export const NO_MATCH_MS = 10_000;
/** How long a page the gate rules out must stay unchanged before nothing more of ours runs there. */
export const NO_QUIET_MS = 300;

/** Events that wake a settled page. */
export type Wake = 'hashchange' | 'popstate' | 'pageshow';

type NavigationType = 'navigate' | 'reload' | 'back_forward' | 'prerender';

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
  /** The site's first look, before any machinery (default: 'maybe', run the detectors). */
  gate?(url: URL, doc: Document): Gate;
  /** What wakes a settled page (default: hashchange, popstate and a restore from the back-forward cache). */
  wake?: readonly Wake[];
  /** A mutation of this node cannot change what the detectors read: it schedules nothing. */
  quiet?(node: Node): boolean;
  /**
   * Tell the worker whenever this page was reached by Back / Forward / reload, ours or not: the tab then
   * goes on with the request this page was shown with, not the tab's latest (sites that report provenance).
   */
  noteHistory?: boolean;
  /** Load the panel while the worker judges the page (default), or only when it has something to show. */
  eagerUi?: boolean;
  /**
   * Stop soon after the worker found nothing to show on a page that matched (default), or for the matches
   * this says so of. Off where a matched page changes in place and may then be about Rox (the admin
   * center's lists: a search, a scroll).
   */
  settleWhenSilent?: boolean | ((match: PageMatch) => boolean);
  /**
   * Look again this long after a change (one look per burst of changes), instead of at the next animation
   * frame: for sites where latency counts less than the cost of looking (the admin center's blades render in
   * many small steps).
   */
  coalesceMs?: number;
}

const DEFAULT_WAKE: readonly Wake[] = ['hashchange', 'popstate', 'pageshow'];

/** The panel's own host coming or going (no detector reads it): no reason to look at the page again. */
const HOST = 'ROX-CONSENT-COMPANION';
const ownHost = (r: MutationRecord): boolean => {
  if (r.type !== 'childList' || (!r.addedNodes.length && !r.removedNodes.length)) return false;
  for (const n of r.addedNodes) if (n.nodeName !== HOST) return false;
  for (const n of r.removedNodes) if (n.nodeName !== HOST) return false;
  return true;
};

export function startEngine({ detect, mayBeOurs, loadUi, gate, wake = DEFAULT_WAKE, quiet, noteHistory = false, eagerUi = true, settleWhenSilent: silentSettles = true, coalesceMs = 0 }: EngineOptions): void {
  let context: TabContext | undefined;
  let contextAsked = false;
  let ui: Promise<Ui | undefined> | undefined;
  let shown = '';
  /** The panel is on the page (a new route forgets what was shown, but the panel goes only if no match). */
  let visible = false;
  let active = false;
  let waiting = false;
  let inFlight = 0;
  let frame = 0;
  let retries = 0;
  let retryTimer = 0;
  let settleTimer = 0;
  let noTimer = 0;
  let settleDue = 0;
  let observer: MutationObserver | undefined;
  /** The gate said 'early': a render is looked at at once, not a frame later. */
  let immediate = false;
  // How this document was reached (read when first needed): the worker judges a page reached by Back /
  // Forward / reload by the request it was first shown with, not by the tab's latest one.
  let navigation: NavigationType | undefined | null = null;
  const navigationType = (): NavigationType | undefined => {
    if (navigation !== null) return navigation;
    // The legacy PerformanceNavigation where the browser has it: far cheaper to read than the entry.
    const legacy = (performance as { navigation?: { type: number } }).navigation?.type;
    navigation =
      legacy === 1 ? 'reload' : legacy === 2 ? 'back_forward' : legacy === 0 && !(document as { prerendering?: boolean }).prerendering ? 'navigate'
      : (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.type;
    return navigation;
  };

  const askContext = () => {
    if (contextAsked) return;
    contextAsked = true;
    inFlight++;
    void send('get-tab-context', { navigation: navigationType() }).then((reply) => {
      inFlight--;
      context = reply.ok ? reply.value : undefined;
      if (active) schedule();
    });
  };

  const hide = () => {
    shown = '';
    visible = false;
    void ui?.then((u) => u?.hide());
  };

  /** Stop once the page has had no panel for `ms` (a timer already running is not pushed back). */
  const settleIn = (ms: number) => {
    const due = performance.now() + ms;
    if (settleTimer && settleDue <= due) return;
    clearTimeout(settleTimer);
    settleDue = due;
    settleTimer = window.setTimeout(() => {
      settleTimer = 0;
      if (visible) return;
      // A reply, a retry or a run still to come: look again a little later.
      if (inFlight || retryTimer || frame) return settleIn(SETTLE_MS);
      settle();
    }, ms);
  };
  const keepWatching = () => {
    clearTimeout(settleTimer);
    settleTimer = 0;
  };

  const run = () => {
    frame = 0;
    if (!active) return;
    const input: PageInput = { url: new URL(location.href), doc: document, context };
    const match = detect(input);
    if (!match) {
      if (shown || visible) hide();
      // A page about Rox that the detectors could not place yet: ask what this tab showed before
      // (the authorize request, the last page), once, and look again.
      if (mayBeOurs(input)) askContext();
      settleIn(NO_MATCH_MS);
      return;
    }
    // What the page shows (all that is reported, and the elements a step needs); a change re-reports and
    // re-renders, anything else is a no-op.
    const report = reportOf(match, input.url);
    const settleWhenSilent = typeof silentSettles === 'function' ? silentSettles(match) : silentSettles;
    const identity = [location.href, !!match.justificationBox, !!match.reviewButton, match.rowElements?.length ?? 0, JSON.stringify(report)].join('|');
    if (identity === shown) return;
    shown = identity;
    keepWatching();
    // The panel loads while the worker judges the page (eager: a sign-in page that got this far is almost
    // always ours, and latency counts), or only once the worker says there is something to show.
    if (eagerUi) ui ??= loadUi();
    inFlight++;
    void send('page-detected', { ...report, navigation: navigationType() }).then(async (reply) => {
      inFlight--;
      if (identity !== shown) return;
      // Refused or unanswered: nothing from an earlier page state may stay up.
      if (!reply.ok) {
        visible = false;
        if (settleWhenSilent) settleIn(SETTLE_MS);
        return void (await ui)?.hide();
      }
      // The worker cannot decide yet (a frame reported before its top frame): ask again, a few times.
      if (reply.value.retry && retries < 5) {
        retries++;
        retryTimer = window.setTimeout(() => {
          retryTimer = 0;
          shown = '';
          schedule();
        }, 200 * retries);
      }
      // A page the worker found to have nothing to do with Rox (no verdict, no check of Rox's grant, no
      // admin help): silence, and soon no engine either.
      const r = reply.value;
      if (!r.verdict && !r.grant && !r.requestKinds && !r.lookalike && !r.hint && !match.kind.startsWith('rox-')) {
        visible = false;
        if (settleWhenSilent) settleIn(SETTLE_MS);
        return void (await ui)?.hide();
      }
      const panel = await (ui ??= loadUi());
      if (identity !== shown) return;
      if (!panel) {
        visible = false;
        return void settleIn(SETTLE_MS);
      }
      visible = true;
      keepWatching();
      panel.show(match, r, identity);
    });
  };

  const schedule = () => {
    if (!frame && active) frame = coalesceMs ? window.setTimeout(run, coalesceMs) : requestAnimationFrame(run);
  };
  const unschedule = () => (coalesceMs ? clearTimeout(frame) : cancelAnimationFrame(frame));

  const onMutations = (records: MutationRecord[]) => {
    if (waiting) return void look();
    if (frame || !active) return;
    if (records.every(ownHost) || (quiet && records.every((r) => quiet(r.target)))) return;
    // Nothing shown yet (a late render just happened): look now, not a frame later, so the worker's answer
    // and the panel follow Microsoft's text as closely as they can.
    if (immediate && !shown) run();
    else schedule();
  };
  const observe = () => {
    observer ??= new MutationObserver(onMutations);
    // The document itself, not its body: no element wrapper is made in this world until something is read.
    observer.observe(document, { childList: true, subtree: true, characterData: true });
  };

  // An app that routes by hash or history (the admin center): a new route is a new page, watched afresh.
  const onNavigate = () => {
    shown = '';
    retries = 0;
    keepWatching();
    // A route the gate rules out (the admin center's other blades): nothing to look at until the next one.
    if (gate?.(new URL(location.href), document) === 'no') {
      hide();
      return settle();
    }
    schedule();
  };
  const onPageHide = () => {
    teardown();
    hide();
    // Kept in the back-forward cache, it may come back: then it looks again.
    listen(wake.includes('pageshow') ? wake : [...wake, 'pageshow'], true);
  };
  /** Back / Forward from the back-forward cache restores the page without running this script again. */
  const onPageShow = (e: PageTransitionEvent) => {
    if (!e.persisted) return;
    navigation = 'back_forward';
    context = undefined;
    contextAsked = false;
    teardown();
    boot();
  };
  /** A settled page woken by its site's event (a new route, a restore). */
  const onWake = (e: Event) => {
    if (e.type === 'pageshow') return onPageShow(e as PageTransitionEvent);
    listen(wake, false);
    shown = '';
    retries = 0;
    boot();
  };

  let listening: readonly Wake[] = [];
  /** The settled page's wake listeners (on: only these; off: none). */
  const listen = (events: readonly Wake[], on: boolean) => {
    for (const type of listening) removeEventListener(type, onWake as EventListener);
    listening = on ? events : [];
    for (const type of listening) addEventListener(type, onWake as EventListener);
  };

  const teardown = () => {
    active = false;
    waiting = false;
    clearTimeout(noTimer);
    noTimer = 0;
    observer?.disconnect();
    keepWatching();
    clearTimeout(retryTimer);
    retryTimer = 0;
    unschedule();
    frame = 0;
    removeEventListener('hashchange', onNavigate);
    removeEventListener('popstate', onNavigate);
    removeEventListener('pagehide', onPageHide);
    removeEventListener('pageshow', onPageShow);
  };
  /** Nothing of ours keeps running here: only the site's wake listener stays. */
  const settle = () => {
    teardown();
    listen(wake, true);
  };

  const activate = (early: boolean) => {
    waiting = false;
    active = true;
    immediate = early;
    listen(wake, false);
    addEventListener('hashchange', onNavigate);
    addEventListener('popstate', onNavigate);
    addEventListener('pagehide', onPageHide);
    addEventListener('pageshow', onPageShow);
    // The address names Rox's app: this tab's context is fetched while Microsoft renders.
    if (early) askContext();
    // The gate let this page through ('early', or its text may name Rox): the panel loads while the first
    // detection runs, not after it (the worker's injection and the detection overlap).
    if (eagerUi) ui ??= loadUi();
    observe();
    run();
  };

  /**
   * The gate again (while waiting for the page to render). A 'no' counts only once the page has been quiet
   * for NO_QUIET_MS: a page renders in steps (its form a task before its text), and a look-alike's name may
   * come in the last one.
   */
  const look = () => {
    const g = gate ? gate(new URL(location.href), document) : 'maybe';
    clearTimeout(noTimer);
    noTimer = 0;
    if (g === 'wait') return;
    if (g === 'no') {
      noTimer = window.setTimeout(() => {
        noTimer = 0;
        if (!waiting) return;
        waiting = false;
        clearTimeout(settleTimer);
        settleTimer = 0;
        settle();
      }, NO_QUIET_MS);
      return;
    }
    waiting = false;
    clearTimeout(settleTimer);
    settleTimer = 0;
    activate(g === 'early');
  };

  const boot = () => {
    if (noteHistory) {
      const type = navigationType();
      if (type === 'back_forward' || type === 'reload') askContext();
    }
    const g = gate ? gate(new URL(location.href), document) : 'maybe';
    if (g !== 'wait' && g !== 'no') return activate(g === 'early');
    // Not rendered yet, or ruled out before the page has been quiet: watch (bounded), then ask the gate again.
    waiting = true;
    observe();
    settleTimer = window.setTimeout(() => {
      settleTimer = 0;
      if (waiting) settle();
    }, NO_MATCH_MS);
    if (g === 'no') look();
  };
  boot();
}
