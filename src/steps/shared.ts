/** Small helpers shared by steps: names, the admin's deep links, the justification text. */
import { ROX_APP } from '../catalog/app';
export { adminConsentUrl, ENTRA_REQUESTS_URL } from '../shared/links';
import type { Prefs } from '../flow/storage';
import { justificationFrom } from '../shared/justification';
import { t } from '../platform/content';
import type { IntegrationInfo } from '../shared/messages';

export const integrationName = (i: IntegrationInfo | undefined) => t(i ? i.nameKey : 'integrationMicrosoft365');

export function justificationText(prefs: Prefs, integration: IntegrationInfo | undefined): string {
  const name = integrationName(integration);
  return justificationFrom(prefs.justificationTemplate, name, t('justificationTemplate', [name, ROX_APP.name]));
}
