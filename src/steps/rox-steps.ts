/** The steps shown on Rox's own pages. */
import { step as roxCallback } from './user/rox-callback';
import { step as roxIntegrations } from './user/rox-integrations';
import type { Step } from './types';

export const ROX_STEPS: readonly Step[] = [roxIntegrations, roxCallback];
