/**
 * The content-script engine shared by every site: detect, then show the matching step in the overlay.
 * Detection re-runs at most once per animation frame after DOM mutations, and on SPA navigation; it stops
 * when the page is left, or once it has stayed unrecognised for SETTLE_MS after its last change.
 * Each step renders inside its own error boundary so a broken step cannot break the page or the others.
 */
import { Component, render, type ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { PageInput, PageMatch, TabContext } from '../detect/types';
import { DEFAULT_PREFS } from '../flow/storage';
import { verdictFor } from '../guard';
import { Panel } from '../overlay/components';
import { createOverlayHost, type OverlayHost } from '../overlay/host';
import { browser, t } from '../platform/browser';
import type { PageReport, TabContextReply } from '../shared/messages';
import type { Step, StepProps } from '../steps/types';

const SETTLE_MS = 15_000;

class Boundary extends Component<{ id: string; children?: ComponentChildren }, { failed: boolean }> {
  override state = { failed: false };
  override componentDidCatch(error: unknown) {
    this.setState({ failed: true });
    console.warn(`[Rox Consent Companion] step ${this.props.id} failed`, error);
  }
  override render() {
    return this.state.failed ? null : this.props.children;
  }
}

function send<T>(message: unknown): Promise<T | undefined> {
  return (browser.runtime.sendMessage(message) as Promise<T>).catch(() => undefined);
}

function reportOf(m: PageMatch, extra: Partial<PageReport> = {}): PageReport {
  return {
    kind: m.kind,
    url: location.href.slice(0, 4096),
    appName: m.appName?.slice(0, 300),
    upn: m.upn?.slice(0, 320),
    authorize: m.authorize,
    errorCode: m.errorCode,
    outcome: m.rox?.outcome,
    integration: m.rox?.integration,
    ...extra,
  };
}

function Companion({ step, props, initiallyMinimised, flowKey }: { step: Step; props: StepProps; initiallyMinimised: boolean; flowKey?: string }) {
  const [minimised, setMinimised] = useState(initiallyMinimised);
  const Body = step.Body;
  return (
    <Panel
      seedStep={step.seedStep}
      title={t(step.titleKey)}
      verdict={props.verdict}
      minimised={minimised}
      onMinimise={(v) => {
        setMinimised(v);
        if (flowKey) void send({ type: 'set-minimised', key: flowKey, minimised: v });
      }}
    >
      <Boundary id={step.id}>
        <Body {...props} />
      </Boundary>
    </Panel>
  );
}

export interface CompanionOptions {
  detect(input: PageInput): PageMatch | null;
  steps: readonly Step[];
  /** Whether to ask the background for this tab's context before detecting (needs a round trip). */
  needsContext: boolean;
}

export function startCompanion({ detect, steps, needsContext }: CompanionOptions): void {
  let reply: TabContextReply | undefined;
  let host: OverlayHost | undefined;
  let shown = '';
  let frame = 0;
  let settleTimer = 0;
  const reported = new Set<string>();

  const context = (): TabContext | undefined => (reply ? { authorize: reply.authorize, lastKind: reply.lastKind } : undefined);

  const run = () => {
    frame = 0;
    const match = detect({ url: new URL(location.href), doc: document, context: context() });
    if (!match) {
      if (shown) {
        host?.destroy();
        host = undefined;
        shown = '';
      }
      return;
    }
    clearTimeout(settleTimer);
    const step = steps.find((s) => s.include.includes(match.kind));
    const verdict = verdictFor(match, reply?.prefs.managedClientIds);
    const identity = `${match.kind}|${location.href}|${match.justificationBox ? 1 : 0}|${verdict?.level}`;
    if (!reported.has(match.kind)) {
      reported.add(match.kind);
      void send({ type: 'page-detected', report: reportOf(match) });
    }
    if (!step || identity === shown) return;
    shown = identity;
    host ??= createOverlayHost();
    const flow = reply?.flow;
    const props: StepProps = {
      match,
      flow,
      prefs: reply?.prefs ?? DEFAULT_PREFS,
      verdict,
      report: (extra) => void send({ type: 'page-detected', report: reportOf(match, extra) }),
    };
    render(<Companion key={identity} step={step} props={props} initiallyMinimised={verdict?.level !== 'suspicious' && !!flow?.minimised} flowKey={flow?.key} />, host.mount);
  };

  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(run);
  };

  const observer = new MutationObserver(schedule);
  const watch = () => {
    observer.observe(document.body ?? document.documentElement, { childList: true, subtree: true, characterData: true });
    settleTimer = window.setTimeout(() => !shown && stop(), SETTLE_MS);
  };
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
  addEventListener('hashchange', onNavigate);
  addEventListener('popstate', onNavigate);
  addEventListener('pagehide', () => {
    stop();
    host?.destroy();
  });

  const begin = () => {
    watch();
    run();
  };
  if (needsContext)
    void send<TabContextReply>({ type: 'get-tab-context' }).then((r) => {
      reply = r && typeof r === 'object' && 'prefs' in r ? r : undefined;
      begin();
    });
  else begin();
}
