/** Small helpers shared by steps: names, the admin's deep links, the justification text. */
import { integrationById, integrationForScopes, ROX_APP, ROX_CLIENT_ID, type Integration } from '../catalog';
import type { PageMatch } from '../detect/types';
import type { Prefs } from '../flow/storage';
import { t } from '../platform/browser';

export const ENTRA_REQUESTS_URL = 'https://entra.microsoft.com/#view/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/~/AccessRequests';

export function integrationOf(match: PageMatch, flowIntegration?: string): Integration | undefined {
  return integrationForScopes(match.authorize?.scopes ?? []) ?? (flowIntegration ? integrationById(flowIntegration) : undefined);
}

export const integrationName = (i: Integration | undefined) => (i ? t(i.nameKey) : t('integrationMicrosoft365'));

/** The tenant to send an admin to: the authorize request's tenant when it names one, else "organizations". */
export function adminConsentUrl(tenant: string | undefined): string {
  const named = tenant && !/^(common|organizations|consumers)$/i.test(tenant) ? tenant : 'organizations';
  return `https://login.microsoftonline.com/${encodeURIComponent(named)}/adminconsent?client_id=${ROX_CLIENT_ID}`;
}

export function justificationText(prefs: Prefs, integration: Integration | undefined): string {
  const name = integrationName(integration);
  const custom = prefs.justificationTemplate.trim();
  return (custom ? custom.replace(/\{integration\}/g, name) : t('justificationTemplate', [name, ROX_APP.name])).slice(0, 500);
}

export function mailto(subject: string, body: string): string {
  return `mailto:?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
}
