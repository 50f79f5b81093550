/**
 * "Need admin approval" (the admin consent workflow is off) and the consent error pages: no request can
 * be sent from here, so hand the user a message for their admin with the tenant's admin consent URL.
 */
import { CopyButton } from '../../overlay/components';
import { t } from '../../platform/browser';
import { adminConsentUrl, integrationName, integrationOf, mailto } from '../shared';
import type { Step, StepProps } from '../types';

function Body({ match, flow }: StepProps) {
  const integration = integrationOf(match, flow?.integration);
  const url = adminConsentUrl(match.authorize?.tenant ?? flow?.tenant);
  const scopes = integration ? integration.permissions.map((p) => p.scope).join(', ') : '';
  const message = t('adminMessageGrant', [integrationName(integration), match.upn ?? flow?.account ?? '', url, scopes]);
  const code = match.errorCode ?? '';
  return (
    <div>
      <p>{match.kind === 'consent-error' ? t(`error_${code}`) : t('needAdminExplain')}</p>
      {code && <p class="note">{t('errorCodeLabel', [`AADSTS${code}`])}</p>}
      <h3>{t('tellAdmin')}</h3>
      <p class="quote">{message}</p>
      <div class="actions">
        <CopyButton text={message} label={t('copyMessage')} />
        <a class="button" href={mailto(t('adminMessageSubject'), message)} target="_blank" rel="noopener noreferrer">
          {t('emailAdmin')}
        </a>
      </div>
      <p>{t('needAdminThen')}</p>
    </div>
  );
}

export const step: Step = { id: 'need-admin-approval', seedStep: 2, include: ['need-admin-approval', 'consent-error'], titleKey: 'titleNeedAdmin', Body };
