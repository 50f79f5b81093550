/**
 * The panel a content script shows once a page is ours: Preact, the overlay host and the site's steps.
 * On the sign-in host this is a separate file the worker injects only into pages that get a panel
 * (`inject-ui`), so the thousands of sign-in pages that are not ours never load it; on Rox's own pages it
 * is bundled with the engine. Each step renders inside its own error boundary so a broken step cannot break
 * the page or the others.
 */
import { Component, render } from 'preact';
import type { PageMatch } from '../detect/types';
import { Panel } from '../overlay/components';
import { createOverlayHost, type OverlayHost } from '../overlay/host';
import { send, t } from '../platform/content';
import type { Verdict } from '../guard';
import type { PageReply } from '../shared/messages';
import type { Step, StepProps } from '../steps/types';
import type { Ui } from './ui-registry';

class Boundary extends Component<{ id: string }, { failed?: boolean }> {
  override componentDidCatch(error: unknown) {
    this.setState({ failed: true });
    console.warn(this.props.id, error);
  }
  override render() {
    return this.state.failed ? null : this.props.children;
  }
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
        whatToDoKey={step.whatToDoKey}
        minimised={this.state.minimised}
        avoid={props.match.actions}
        onMinimise={(minimised) => {
          this.setState({ minimised });
          if (props.flow) void send('set-minimised', { key: props.flow.key, minimised });
        }}
      >
        <Boundary id={step.id}>{props.help ? <Body {...props} /> : step.Warning ? <step.Warning {...props} /> : <p>{t(step.warnKey)}</p>}</Boundary>
      </Panel>
    );
  }
}

const LOOKALIKE: Verdict = { level: 'suspicious', rox: false, reasons: ['client-id-unknown'], unchecked: [], extras: [], missing: [] };

/** The panel for `steps`: shows the step for a match with the worker's reply, or nothing. */
export function createUi(steps: readonly Step[]): Ui {
  let host: OverlayHost | undefined;
  return {
    show(match: PageMatch, reply: PageReply, key: string) {
      const step = steps.find((s) => s.include.includes(match.kind));
      if (!step) return this.hide();
      host ??= createOverlayHost();
      // Rox-specific help only where the client id is proven Rox's and no check failed (or on Rox's pages). An
      // admin-center page about a look-alike is red, like a suspicious verdict, whatever else the reply says.
      const verdict = reply.verdict ?? (reply.lookalike ? LOOKALIKE : null);
      const props: StepProps = { ...reply, verdict, match, help: !verdict || (verdict.rox && verdict.level !== 'suspicious') };
      render(<Companion key={key} step={step} props={props} />, host.mount);
      // What changed, said through the live region: the step's heading, or the warning.
      host.announce(props.verdict?.level === 'suspicious' ? `${t('verdictSuspicious')} ${t(step.titleKey)}` : t(step.titleKey));
    },
    hide() {
      // Unmounted first, so every step's listeners and observers go with the panel.
      if (host) render(null, host.mount);
      host?.destroy();
      host = undefined;
    },
  };
}
