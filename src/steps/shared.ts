/** Small helpers shared by steps: names, the admin's deep links, the justification text. */
import { ROX_APP, ROX_CLIENT_ID } from '../catalog/app';
import type { Prefs } from '../flow/storage';
import { t } from '../platform/content';
import type { IntegrationInfo } from '../shared/messages';

export const ENTRA_REQUESTS_URL = 'https://entra.microsoft.com/#view/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/~/AccessRequests';

export const integrationName = (i: IntegrationInfo | undefined) => t(i ? i.nameKey : 'integrationMicrosoft365');

/** The tenant to send an admin to: the authorize request's tenant when it names one, else "organizations". */
export function adminConsentUrl(tenant: string | undefined): string {
  const named = tenant && !/^(common|organizations|consumers)$/i.test(tenant) ? tenant : 'organizations';
  return `https://login.microsoftonline.com/${encodeURIComponent(named)}/adminconsent?client_id=${ROX_CLIENT_ID}`;
}

export function justificationText(prefs: Prefs, integration: IntegrationInfo | undefined): string {
  const name = integrationName(integration);
  const custom = prefs.justificationTemplate.trim();
  return (custom ? custom.replace(/\{integration\}/g, name) : t('justificationTemplate', [name, ROX_APP.name])).slice(0, 500);
}
