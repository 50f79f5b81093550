/** Seed step 3, Microsoft's "Request sent": what happens next, and a message for the admin. */
import { CopyButton } from '../../overlay/components';
import { t } from '../../platform/browser';
import { ENTRA_REQUESTS_URL, integrationName, integrationOf, mailto } from '../shared';
import type { Step, StepProps } from '../types';

function Body({ match, flow }: StepProps) {
  const name = integrationName(integrationOf(match, flow?.integration));
  const message = t('adminMessageRequest', [name, match.upn ?? flow?.account ?? '', ENTRA_REQUESTS_URL]);
  return (
    <div>
      <p>{t('sentExplain')}</p>
      <ul>
        <li>{t('sentNext1')}</li>
        <li>{t('sentNext2')}</li>
        <li>{t('sentNext3')}</li>
      </ul>
      <h3>{t('tellAdmin')}</h3>
      <p class="quote">{message}</p>
      <div class="actions">
        <CopyButton text={message} label={t('copyMessage')} />
        <a class="button" href={mailto(t('adminMessageSubject'), message)} target="_blank" rel="noopener noreferrer">
          {t('emailAdmin')}
        </a>
      </div>
      <p class="note">{t('sentPopupPointer')}</p>
    </div>
  );
}

export const step: Step = { id: 'request-sent', seedStep: 3, include: ['request-sent'], titleKey: 'titleRequestSent', Body };
