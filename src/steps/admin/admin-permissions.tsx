/**
 * Seed step 6 on the Permissions blade of Rox's app (Admin consent tab): tick each Microsoft Graph permission
 * the integration needs as listed and Delegated, name what is missing, of another type or unexpected, and,
 * when all is well, a "Done" state with a message the admin can send back to the requester.
 */
import { CopyButton } from '../../overlay/components';
import { t } from '../../platform/content';
import { ADMIN_WARNING } from '../admin-shared';
import type { Step, StepProps } from '../types';

function Body({ grant }: StepProps) {
  if (!grant) return null;
  const integration = t(grant.integration === 'outlook-mail' ? 'integrationOutlookMail' : grant.integration === 'outlook-calendar' ? 'integrationOutlookCalendar' : 'integrationMicrosoft365');
  const message = t('adminPermsMessage', [integration]);
  return (
    <div>
      <p>{t('adminPermsExplain')}</p>
      <ul class="checklist" aria-label={t('consentChecklistLabel')}>
        {grant.verified.map((c) => (
          <li key={c} class="check ok">
            <span aria-hidden="true">✓</span> <span class="sr">{t('checkMark_ok')}</span> {t('adminPermsVerified', [c])}
          </li>
        ))}
        {grant.missing.map((c) => (
          <li key={c} class="check bad">
            <span aria-hidden="true">✗</span> <span class="sr">{t('checkMark_bad')}</span> {t('adminPermsMissing', [c])}
          </li>
        ))}
        {grant.wrongType.map((c) => (
          <li key={c} class="check bad">
            <span aria-hidden="true">✗</span> <span class="sr">{t('checkMark_bad')}</span> {t('adminPermsWrongType', [c])}
          </li>
        ))}
        {grant.unexpected.map((c) => (
          <li key={c} class="check unknown">
            <span aria-hidden="true">?</span> <span class="sr">{t('checkMark_unknown')}</span> {t('adminPermsUnexpected', [c])}
          </li>
        ))}
      </ul>
      {grant.done ? (
        <div class="note" role="status">
          <p>{t('adminPermsDone')}</p>
          <p class="q">{message}</p>
          <CopyButton text={message} label={t('copyMessage')} />
        </div>
      ) : grant.unconfirmed && !grant.missing.length && !grant.wrongType.length && !grant.unexpected.length ? (
        <p class="note">{t('adminPermsUnconfirmed')}</p>
      ) : (
        <p class="note">{t('adminPermsNotDone')}</p>
      )}
    </div>
  );
}

export const step: Step = { id: 'admin-permissions', seedStep: 6, include: ['admin-permissions'], titleKey: 'titleAdminPermissions', ...ADMIN_WARNING, Body };
