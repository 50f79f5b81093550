/** Microsoft's sign-in host: consent prompts, Approval required, Request sent, Need admin approval, errors. */
import type { Site } from './types';

export const signIn = {
  id: 'signin',
  matches: ['https://login.microsoftonline.com/*'],
  allFrames: false,
  kinds: ['approval-required', 'request-sent', 'need-admin-approval', 'user-consent', 'admin-consent', 'consent-error'],
  messages: ['page-detected', 'get-tab-context', 'inject-ui', 'set-minimised', 'justification-submitted'],
  contentScript: 'src/content/signin.ts',
  ui: 'src/content/signin-ui.tsx',
  detectors: 'src/detect/signin.ts',
  steps: 'src/steps/signin-steps.ts',
} as const satisfies Site;
