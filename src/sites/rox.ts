/** Rox's own app (rox.com and its subdomains): the Integrations page and Microsoft's callback. */
import type { Site } from './types';

export const rox = {
  id: 'rox',
  matches: ['https://rox.com/*', 'https://*.rox.com/*'],
  allFrames: false,
  kinds: ['rox-integrations', 'rox-callback'],
  messages: ['page-detected', 'set-minimised', 'connect-clicked'],
  contentScript: 'src/content/rox.ts',
  detectors: 'src/detect/rox.ts',
  steps: 'src/steps/rox-steps.ts',
} as const satisfies Site;
