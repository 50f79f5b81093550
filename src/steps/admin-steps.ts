/** The steps shown in the Entra admin center and the Azure portal. */
import { step as adminApps } from './admin/admin-apps';
import { step as adminConsentSettings } from './admin/admin-consent-settings';
import { step as adminPermissions } from './admin/admin-permissions';
import { step as adminRequests } from './admin/admin-requests';
import type { Step } from './types';

export const ADMIN_STEPS: readonly Step[] = [adminRequests, adminApps, adminPermissions, adminConsentSettings];
