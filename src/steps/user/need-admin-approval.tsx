/**
 * "Need admin approval" (the admin consent workflow is off) and the consent error pages: no request can
 * be sent from here, so hand the user a message for their admin with the tenant's admin consent URL.
 */
import { AdminMessage } from '../../overlay/components';
import { t } from '../../platform/content';
import { adminConsentUrl, integrationName } from '../shared';
import type { Step, StepProps } from '../types';

function Body({ match, flow, integration }: StepProps) {
  const url = adminConsentUrl(match.authorize?.tenant ?? flow?.tenant);
  const scopes = integration ? integration.scopes.join(', ') : '';
  const code = match.errorCode;
  return (
    <div>
      <p>{match.kind === 'consent-error' ? t(`error_${code}`) : t('needAdminExplain')}</p>
      {code && <p class="note">{t('errorCodeLabel', [`AADSTS${code}`])}</p>}
      <AdminMessage message={t('adminMessageGrant', [integrationName(integration), match.upn ?? flow?.account ?? '', url, scopes])} />
      <p>{t('needAdminThen')}</p>
    </div>
  );
}

export const step: Step = { id: 'need-admin-approval', seedStep: 2, include: ['need-admin-approval', 'consent-error'], titleKey: 'titleNeedAdmin', warnKey: 'notRoxDoNot', Body };
