/** The sign-in host's panel, injected by the worker (`inject-ui`) only into pages that get one. */
import { SIGN_IN_STEPS } from '../steps/signin-steps';
import { createUi } from './ui';
import { registerUi } from './ui-registry';

registerUi(createUi(SIGN_IN_STEPS));
