/** The steps shown in the Entra admin center and the Azure portal. */
import { step as adminPermissions } from './admin/admin-permissions';
import type { Step } from './types';

export const ADMIN_STEPS: readonly Step[] = [adminPermissions];
