/**
 * The content-script engine shared by every site: detect, report to the background, and show the
 * matching step with the background's answer (the guard's verdict, the flow). Detection re-runs at most
 * once per animation frame after DOM mutations, and on SPA navigation; it stops when the page is left,
 * or once it has stayed unrecognised for SETTLE_MS after its last change.
 * Each step renders inside its own error boundary so a broken step cannot break the page or the others.
 */
import { Component, render } from 'preact';
import type { PageInput, PageMatch, TabContext } from '../detect/types';
import { Panel } from '../overlay/components';
import { createOverlayHost, type OverlayHost } from '../overlay/host';
import { send, t } from '../platform/content';
import type { PageReport } from '../shared/messages';
import type { Step, StepProps } from '../steps/types';

const SETTLE_MS = 15_000;

class Boundary extends Component<{ id: string }, { failed?: boolean }> {
  override componentDidCatch(error: unknown) {
    this.setState({ failed: true });
    console.warn(this.props.id, error);
  }
  override render() {
    return this.state.failed ? null : this.props.children;
  }
}

function reportOf(m: PageMatch): PageReport {
  return {
    kind: m.kind,
    // Never the query or fragment: a Rox callback's carries Microsoft's authorization code.
    url: (location.origin + location.pathname).slice(0, 4096),
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
  };
}

interface CompanionProps {
  step: Step;
  props: StepProps;
}

class Companion extends Component<CompanionProps, { minimised: boolean }> {
  constructor(p: CompanionProps) {
    super(p);
    this.state = { minimised: p.props.verdict?.level !== 'suspicious' && !!p.props.flow?.minimised };
  }
  override render() {
    const { step, props } = this.props;
    const Body = step.Body;
    return (
      <Panel
        seedStep={step.seedStep}
        title={t(step.titleKey)}
        help={props.help}
        verdict={props.verdict}
        minimised={this.state.minimised}
        onMinimise={(minimised) => {
          this.setState({ minimised });
          if (props.flow) void send('set-minimised', { key: props.flow.key, minimised });
        }}
      >
        <Boundary id={step.id}>{props.help ? <Body {...props} /> : <p>{t(step.warnKey)}</p>}</Boundary>
      </Panel>
    );
  }
}

export interface CompanionOptions {
  detect(input: PageInput): PageMatch | null;
  /** The detectors' cheap first look: could this page be ours? Only then is this tab's context fetched. */
  mayBeOurs(input: PageInput): boolean;
  steps: readonly Step[];
}

export function startCompanion({ detect, mayBeOurs, steps }: CompanionOptions): void {
  let context: TabContext | undefined;
  let contextAsked = false;
  let host: OverlayHost | undefined;
  let shown = '';
  let frame = 0;
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

  const run = () => {
    frame = 0;
    const input: PageInput = { url: new URL(location.href), doc: document, context };
    const match = detect(input);
    if (!match) {
      if (shown) {
        host?.destroy();
        host = undefined;
        shown = '';
      }
      // A page about Rox that the detectors could not place yet: ask what this tab showed before
      // (the authorize request, the last page), once, and look again.
      if (mayBeOurs(input)) askContext();
      return;
    }
    clearTimeout(settleTimer);
    // What the page shows; a change re-reports and re-renders, anything else is a no-op.
    const identity = [match.kind, location.href, !!match.justificationBox, match.appName, match.permissions.length].join('|');
    if (identity === shown) return;
    shown = identity;
    const report = { ...reportOf(match), navigation };
    void send('page-detected', report).then((reply) => {
      const step = steps.find((s) => s.include.includes(match.kind));
      if (!reply.ok || !step || identity !== shown) return;
      const { verdict } = reply.value;
      // A sign-in page the worker found to have nothing to do with Rox: silence.
      if (!verdict && !match.kind.startsWith('rox-')) {
        host?.destroy();
        host = undefined;
        return;
      }
      host ??= createOverlayHost();
      // Rox-specific help only where the client id is proven Rox's and no check failed.
      const props: StepProps = { ...reply.value, match, help: !verdict || (verdict.rox && verdict.level !== 'suspicious') };
      render(<Companion key={identity} step={step} props={props} />, host.mount);
    });
  };

  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(run);
  };

  const observer = new MutationObserver(schedule);
  const onNavigate = () => {
    shown = '';
    schedule();
  };
  const stop = () => {
    observer.disconnect();
    cancelAnimationFrame(frame);
    removeEventListener('hashchange', onNavigate);
    removeEventListener('popstate', onNavigate);
  };
  const start = () => {
    addEventListener('hashchange', onNavigate);
    addEventListener('popstate', onNavigate);
    observer.observe(document.body ?? document.documentElement, { childList: true, subtree: true, characterData: true });
    settleTimer = window.setTimeout(() => !shown && stop(), SETTLE_MS);
    run();
  };
  addEventListener('pagehide', () => {
    stop();
    host?.destroy();
    host = undefined;
    shown = '';
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
