/**
 * Page objects for the seed guide's journey: every selector lives here, so tests and the demo read like
 * the user's and the admin's steps. Selectors target Microsoft's known ids and visible text only.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { PASSWORD } from '../sandbox/tenant';

export const ROX = 'https://app.rox.com';

export class RoxApp {
  constructor(readonly page: Page) {}
  async openIntegrations() {
    await this.page.goto(`${ROX}/integrations`);
    await this.page.locator('[data-integration="outlook-calendar"]').waitFor();
  }
  /** Step 1: Connect on the tile, review the scopes, Connect again: lands on Microsoft, or straight back on Rox's callback. */
  async connect(integration = 'outlook-calendar') {
    await this.page.locator(`[data-integration="${integration}"] a.connect`).click();
    await this.page.locator('button.connect').click();
    await this.page.waitForURL((u) => u.hostname === 'login.microsoftonline.com' || u.pathname.endsWith('/callback'));
  }
  async connectedHeading() {
    return this.page.locator('h1').textContent();
  }
}

export class MicrosoftSignIn {
  constructor(readonly page: Page) {}
  /** E-mail, Next, password, Sign in: Microsoft's known ids #i0116, #idSIButton9, #i0118. */
  async signIn(upn: string) {
    await this.page.locator('#i0116').fill(upn);
    await this.page.locator('#idSIButton9').click();
    await this.page.locator('#i0118').fill(PASSWORD);
    await this.page.locator('#idSIButton9').click();
    await this.page.waitForURL((u) => u.pathname !== '/common/login');
  }
}

export class ApprovalRequiredPage {
  constructor(readonly page: Page) {}
  justification() {
    return this.page.locator('textarea');
  }
  async waitForIt() {
    await this.page.getByText('Approval required', { exact: true }).waitFor();
  }
  /** Step 2: the user clicks Request approval themselves. */
  async requestApproval() {
    await this.page.locator('input[type=submit][value="Request approval"]').click();
    await this.page.getByText('Request sent', { exact: true }).waitFor();
  }
}

export class EntraAdminCenter {
  constructor(readonly page: Page) {}
  static REQUESTS = 'https://entra.microsoft.com/#view/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/~/AccessRequests';

  async signInAsAdmin(upn = 'adele@fabrikam.com') {
    await this.page.goto(EntraAdminCenter.REQUESTS);
    await this.page.waitForURL((u) => u.hostname === 'login.microsoftonline.com');
    await new MicrosoftSignIn(this.page).signIn(upn);
    await this.page.waitForURL((u) => u.hostname === 'entra.microsoft.com');
  }
  blade() {
    return this.page.frameLocator('iframe.reactblade');
  }
  /** Step 4: My Pending, select the Rox request. */
  async openRoxRequest(appName = 'Rox 365 Integration') {
    const row = this.blade().locator('.request-row', { hasText: appName }).first();
    await row.click();
    await this.blade().getByRole('tab', { name: 'Requested by' }).waitFor();
  }
  async requester() {
    await this.blade().getByRole('tab', { name: 'Requested by' }).click();
    return {
      upn: await this.blade().locator('td.upn').first().textContent(),
      justification: await this.blade().locator('td.justification').first().textContent(),
    };
  }
  /** Step 5: Review permissions and consent opens Microsoft's consent dialog; the admin clicks Accept. */
  async reviewAndAccept(context: BrowserContext, beforeAccept?: (consent: Page) => Promise<void>) {
    const popupPromise = context.waitForEvent('page');
    await this.blade().getByRole('button', { name: 'Review permissions and consent' }).click();
    const consent = await popupPromise;
    await consent.getByText('Permissions requested', { exact: true }).waitFor();
    if (beforeAccept) await beforeAccept(consent);
    await consent.locator('#idSIButton9').click();
    await consent.waitForEvent('close', { timeout: 15_000 }).catch(() => undefined);
  }
  /** Step 6: Enterprise apps > Rox > Permissions > Admin consent. */
  async grantedPermissions(spId: string, appId: string): Promise<string[]> {
    await this.page.goto(`https://entra.microsoft.com/#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/Permissions/objectId/${spId}/appId/${appId}`);
    await this.page.locator('table.permissions tbody tr').first().waitFor();
    return this.page.locator('table.permissions tbody tr td:nth-child(2)').allTextContents();
  }
}

/** Steps 1 and 2 as the user does them: Connect in Rox, sign in, up to Microsoft's Approval required page. */
export async function toApprovalRequired(page: Page, integration = 'outlook-calendar', upn = 'megan@fabrikam.com'): Promise<ApprovalRequiredPage> {
  const rox = new RoxApp(page);
  await rox.openIntegrations();
  await rox.connect(integration);
  await new MicrosoftSignIn(page).signIn(upn);
  const approval = new ApprovalRequiredPage(page);
  await approval.waitForIt();
  return approval;
}
