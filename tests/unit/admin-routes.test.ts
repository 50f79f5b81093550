/**
 * Admin center routes: every example address matches its own blade and no other (the github-url-detection
 * pattern). When one fails, decide: is the parser wrong, or the example?
 */
import { describe, expect, it } from 'vitest';
import { adminRoute, type AdminBlade } from '../../src/detect/admin-routes';

const E = 'https://entra.microsoft.com';
const P = 'https://portal.azure.com';
const SP = '7a1d0c2e-4b3f-4e5a-9c8d-1f2e3d4c5b6a';
const APP = '5c9e8a2e-7f3b-4d1a-9b6e-2f4c8d1e0a17';

const EXAMPLES: Record<AdminBlade, string[]> = {
  'access-requests': [
    `${E}/#view/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/~/AccessRequests`,
    `${E}/#view/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/~/AccessRequests/menuId~/null`,
    `${P}/#view/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/~/AccessRequests/menuId~/null`,
    `${P}/#blade/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/AccessRequests/menuId/`,
    `${E}/fabrikam.onmicrosoft.com/#view/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/~/AccessRequests`,
    `${P}/?feature.tokencaching=true#view/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/~/AccessRequests`,
  ],
  apps: [`${E}/#view/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/~/AppAppsPreview/menuId~/null`],
  permissions: [
    `${E}/#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/Permissions/objectId/${SP}/appId/${APP}`,
    `${E}/#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/Permissions/objectId/${SP}/appId/${APP}/preferredSingleSignOnMode~/null/servicePrincipalType/Application/fromNav/`,
    `${P}/#blade/Microsoft_AAD_IAM/ManagedAppMenuBlade/Permissions/appId/${APP}/objectId/${SP}`,
    `${E}/#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/Permissions/objectId/${SP}`,
  ],
  'consent-settings': [`${E}/#view/Microsoft_AAD_IAM/ConsentPoliciesMenuBlade/~/AdminConsentSettings`],
};

describe('every example against every blade', () => {
  const all = Object.entries(EXAMPLES).flatMap(([blade, urls]) => urls.map((u) => [blade, u] as const));
  it.each(all)('%s: %s', (blade, url) => {
    expect(adminRoute(new URL(url))?.blade, `is the parser wrong, or the example for ${blade}?`).toBe(blade);
  });
});

describe('parameters by name, never by position', () => {
  it('reads objectId and appId whichever comes first, with tails', () => {
    for (const url of EXAMPLES.permissions.slice(0, 3)) expect(adminRoute(new URL(url))?.params).toMatchObject({ objectId: SP, appId: APP });
    expect(adminRoute(new URL(EXAMPLES.permissions[3]!))?.params).toEqual({ objectId: SP });
  });
  it('a JSON parameter (name~) is stored under its name', () => {
    expect(adminRoute(new URL(EXAMPLES['access-requests'][1]!))?.params).toEqual({ menuId: 'null' });
  });
  it('the tenant in the path', () => {
    expect(adminRoute(new URL(EXAMPLES['access-requests'][4]!))?.tenant).toBe('fabrikam.onmicrosoft.com');
  });
});

describe('not the admin center, or not a known blade', () => {
  it.each([
    `${E}/#home`,
    `${E}/#view/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/~/Overview`,
    `${E}/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade`,
    `https://entra.microsoft.com.evil.test/#view/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/~/AccessRequests`,
    `http://entra.microsoft.com/#view/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/~/AccessRequests`,
    `https://login.microsoftonline.com/#view/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/~/AccessRequests`,
    `${E}/view/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/~/AccessRequests`,
  ])('%s: null', (url) => expect(adminRoute(new URL(url))).toBeNull());

  it('never throws on odd hashes, and bounds its work', () => {
    for (const hash of ['#view/%E0%A4%A/x', '#view//////', '#blade', `#view/${'a/'.repeat(10_000)}`, '#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/Permissions/__proto__/x/constructor/y'])
      expect(() => adminRoute(new URL(`${E}/${hash}`))).not.toThrow();
    const odd = adminRoute(new URL(`${E}/#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/Permissions/__proto__/x/appId/${APP}`));
    expect(Object.getPrototypeOf(odd?.params)).toBe(Object.prototype);
    expect(odd?.params.appId).toBe(APP);
  });
});
