/** The Microsoft addresses the popup and the steps send people to. Pure: no browser API, no `t`. */
import { ROX_CLIENT_ID } from '../catalog/app';

/** Entra admin center > Enterprise apps > Admin consent requests. */
export const ENTRA_REQUESTS_URL = 'https://entra.microsoft.com/#view/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/~/AccessRequests';

const MY_APPS = 'https://myapps.microsoft.com/';

/** The tenant when it names one organization (an id or a domain); `common` and friends name none. */
export function namedTenant(tenant: string | undefined): string | undefined {
  const t = tenant?.trim();
  return t && !/^(common|organizations|consumers)$/i.test(t) ? t : undefined;
}

/** The tenant's admin consent address for Rox's app ("organizations" when the tenant is not known). */
export function adminConsentUrl(tenant: string | undefined): string {
  return `https://login.microsoftonline.com/${encodeURIComponent(namedTenant(tenant) ?? 'organizations')}/adminconsent?client_id=${ROX_CLIENT_ID}`;
}

/** My Apps, scoped to the tenant when it is known: it lists the apps that have access to the account. */
export function myAppsUrl(tenant: string | undefined): string {
  const named = namedTenant(tenant);
  return named ? `${MY_APPS}?tenantid=${encodeURIComponent(named)}` : MY_APPS;
}

/** A mail with subject and body, to `to` (the admin contact IT set) or to nobody in particular (the user picks). */
export function mailtoUrl(subject: string, body: string, to = ''): string {
  return `mailto:${encodeURIComponent(to).replace(/%40/g, '@')}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
}
