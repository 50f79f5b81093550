/** The admin center's panel, injected by the worker (`inject-ui`) only into the frames that get one. */
import { ADMIN_STEPS } from '../steps/admin-steps';
import { createUi } from './ui';
import { registerUi } from './ui-registry';

registerUi(createUi(ADMIN_STEPS));
