/**
 * Admin consent settings (Enterprise apps > Consent and permissions): a short hint on what the admin consent
 * workflow does and who reviews requests, and what it means for Rox's users when it is off. About no app.
 */
import { t } from '../../platform/content';
import type { Step, StepProps } from '../types';

function Body({ match }: StepProps) {
  const workflow = match.settings?.workflow ?? null;
  return (
    <div>
      <p>{t('adminSettingsWhat')}</p>
      <p>{t('adminSettingsWho')}</p>
      {workflow === false && (
        <p class="note" role="status">
          {t('adminSettingsOff')}
        </p>
      )}
      {workflow === true && <p role="status">{t('adminSettingsOn')}</p>}
    </div>
  );
}

export const step: Step = { id: 'admin-consent-settings', seedStep: 4, include: ['admin-consent-settings'], titleKey: 'titleAdminSettings', warnKey: 'adminLookalikeWhatToDo', Body };
