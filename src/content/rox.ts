/** Rox's own pages: the Integrations page (steps 1 and 7) and the Microsoft callback. Every page here is ours. */
import { isRoxHost } from '../catalog/app';
import { isRoxCallback, isRoxIntegrations } from '../detect/rox';
import type { PageInput } from '../detect/types';
import { ROX_STEPS } from '../steps/rox-steps';
import { startEngine } from './engine';
import { createUi } from './ui';

/**
 * This script runs only where the manifest (rox.com) or the worker's registration (an extra Rox origin the
 * user granted access to, src/background/rox-origins.ts) puts it: elsewhere than rox.com it is registered.
 */
const registered = !isRoxHost(location.hostname);
const detect = (input: PageInput) => isRoxIntegrations(input, registered) ?? isRoxCallback(input, registered);

startEngine({ detect, mayBeOurs: () => false, loadUi: async () => createUi(ROX_STEPS) });
