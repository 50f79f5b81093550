/** Rox's own pages: the Integrations page (steps 1 and 7) and the Microsoft callback. Every page here is ours. */
import { isRoxCallback, isRoxIntegrations } from '../detect/rox';
import type { PageInput } from '../detect/types';
import { ROX_STEPS } from '../steps/rox-steps';
import { startEngine } from './engine';
import { createUi } from './ui';

const detect = (input: PageInput) => isRoxIntegrations(input) ?? isRoxCallback(input);

startEngine({ detect, mayBeOurs: () => false, loadUi: async () => createUi(ROX_STEPS) });
