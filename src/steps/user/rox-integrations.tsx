/**
 * Seed steps 1 and 7 on Rox's Integrations page: Microsoft may ask for admin approval; once the admin has
 * approved, "click Connect again" on the right tile. Connect clicks are only observed, never made.
 */
import { Component } from 'preact';
import { integrationById } from '../../catalog';
import { Highlight } from '../../overlay/components';
import { t } from '../../platform/content';
import type { Step, StepProps } from '../types';

/** The Connect clicks themselves are recorded by the content script (src/content/rox.ts), panel or none. */
class Body extends Component<StepProps> {
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
