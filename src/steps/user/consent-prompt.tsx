/** Microsoft's consent prompt (a user who may consent, or an admin): a light hint beside the guard's verdict. */
import { t } from '../../platform/content';
import type { Step, StepProps } from '../types';

function Body({ match }: StepProps) {
  return (
    <div>
      <p>{t(match.kind === 'admin-consent' ? 'consentAdminHint' : 'consentUserHint')}</p>
      <ul>
        <li>{t('consentCheckPublisher')}</li>
        <li>{t('consentCheckPermissions')}</li>
      </ul>
    </div>
  );
}

export const step: Step = { id: 'consent-prompt', seedStep: 2, include: ['user-consent', 'admin-consent'], titleKey: 'titleConsent', warnKey: 'consentDoNotAccept', Body };
