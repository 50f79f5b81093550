/**
 * The Entra admin center and the Azure portal, and the React views they frame: Admin consent requests
 * (seed step 4) and Rox's Permissions blade (step 6). Each frame's script reads its own
 * document; the worker decides whose rows and blade they are.
 */
import { detectAdminPage } from '../detect/admin';
import { ADMIN_STEPS } from '../steps/admin-steps';
import { startEngine } from './engine';
import { createUi } from './ui';

startEngine({ detect: detectAdminPage, mayBeOurs: () => false, loadUi: async () => createUi(ADMIN_STEPS) });
