/** Seed step 3, Microsoft's "Request sent": what happens next, and a message for the admin. */
import { AdminMessage } from '../../overlay/components';
import { t } from '../../platform/content';
import { ENTRA_REQUESTS_URL, integrationName } from '../shared';
import type { Step, StepProps } from '../types';

function Body({ match, flow, integration }: StepProps) {
  const name = integrationName(integration);
  return (
    <div>
      <p>{t('sentExplain')}</p>
      <ul>
        <li>{t('sentNext1')}</li>
        <li>{t('sentNext2')}</li>
        <li>{t('sentNext3')}</li>
      </ul>
      <AdminMessage message={t('adminMessageRequest', [name, match.upn ?? flow?.account ?? '', ENTRA_REQUESTS_URL])} />
      <p class="note">{t('sentPopupPointer')}</p>
    </div>
  );
}

export const step: Step = { id: 'request-sent', seedStep: 3, include: ['request-sent'], titleKey: 'titleRequestSent', warnKey: 'notRoxDoNot', Body };
