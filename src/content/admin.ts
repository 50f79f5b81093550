/**
 * The Entra admin center and the Azure portal, and the React views they frame: seed step 6 on Rox's
 * Permissions blade. Each frame's script reads its own document; the worker decides whose blade it is.
 */
import { isAdminPermissions } from '../detect/admin';
import { ADMIN_STEPS } from '../steps/admin-steps';
import { startEngine } from './engine';
import { createUi } from './ui';

startEngine({ detect: isAdminPermissions, mayBeOurs: () => false, loadUi: async () => createUi(ADMIN_STEPS) });
