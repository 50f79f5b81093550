/**
 * The Entra admin center and the Azure portal (same routes), and the React views they frame from
 * *.reactblade.portal.azure.net: seed step 6, the Permissions blade. Runs in frames too (the React view is
 * a cross-origin frame; each frame's script reads its own document only).
 */
import type { Site } from './types';

export const admin = {
  id: 'admin',
  matches: ['https://entra.microsoft.com/*', 'https://portal.azure.com/*', 'https://*.reactblade.portal.azure.net/*'],
  allFrames: true,
  kinds: ['admin-permissions', 'admin-requests', 'admin-consent-settings', 'admin-apps'],
  messages: ['page-detected', 'inject-ui'],
  contentScript: 'src/content/admin.ts',
  ui: 'src/content/admin-ui.tsx',
  detectors: 'src/detect/admin.ts',
  steps: 'src/steps/admin-steps.ts',
} as const satisfies Site;
