/**
 * Seed steps 1 and 7 on Rox's Integrations page: Microsoft may ask for admin approval; once the admin has
 * approved, "click Connect again" on the right tile. Connect clicks are only observed, never made.
 */
import { Component } from 'preact';
import { integrationById } from '../../catalog';
import { Highlight } from '../../overlay/components';
import { send, t } from '../../platform/content';
import type { Step, StepProps } from '../types';

/** The OAuth `state` a Connect link carries, when it links straight to Microsoft's authorize URL. */
function linkState(connect: HTMLElement): string | undefined {
  const href = connect instanceof HTMLAnchorElement ? connect.href : '';
  const state = href ? new URL(href).searchParams.get('state') : null;
  return state && state.length <= 512 ? state : undefined;
}

class Body extends Component<StepProps> {
  private offs: (() => void)[] = [];

  override componentDidMount() {
    this.offs = (this.props.match.rox?.integrations ?? []).map(({ id, connect }) => {
      const onClick = () => void send('connect-clicked', { integration: id, state: linkState(connect) });
      connect.addEventListener('click', onClick, { passive: true });
      return () => connect.removeEventListener('click', onClick);
    });
  }

  override componentWillUnmount() {
    this.offs.forEach((off) => off());
  }

  override render() {
    const { match, flow } = this.props;
    const tiles = match.rox?.integrations ?? [];
    const approved = flow?.state === 'approved' ? tiles.find((x) => x.id === flow.integration) : undefined;
    if (approved) {
      const name = t(integrationById(approved.id)!.nameKey);
      return (
        <div>
          <p class="note" role="status">
            {t('roxApprovedConnectAgain', [name])}
          </p>
          <Highlight target={approved.connect} label={t('highlightConnectAgain')} />
        </div>
      );
    }
    return (
      <div>
        <p>{t('roxMayNeedApproval')}</p>
        <ul>
          {tiles.map(({ id }) => (
            <li key={id}>{t(integrationById(id)!.nameKey)}</li>
          ))}
        </ul>
      </div>
    );
  }
}

export const step: Step = { id: 'rox-integrations', seedStep: 1, include: ['rox-integrations'], titleKey: 'titleRoxIntegrations', warnKey: 'notRoxDoNot', Body };
