/**
 * Every guided step, per site. Two lists in two modules, so the sign-in host's content script never
 * bundles Rox's steps (nor the catalog tables they use). A meta test checks each step is registered,
 * has fixtures and has its strings.
 */
export { SIGN_IN_STEPS } from './signin-steps';
export { ROX_STEPS } from './rox-steps';
export { ADMIN_STEPS } from './admin-steps';
