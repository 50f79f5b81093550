/** Rox's own pages: the Integrations page (steps 1 and 7) and the Microsoft callback. */
import { isRoxCallback, isRoxIntegrations } from '../detect/rox';
import type { PageInput } from '../detect/types';
import { ROX_STEPS } from '../steps/rox-steps';
import { startCompanion } from './companion';

const detect = (input: PageInput) => isRoxIntegrations(input) ?? isRoxCallback(input);

startCompanion({ detect, mayBeOurs: () => false, steps: ROX_STEPS });
