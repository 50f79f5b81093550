/**
 * login.microsoftonline.com: recognise Approval required / Request sent / Need admin approval / consent /
 * error pages about Rox. This script is only the detectors and the engine: every other page here (sign-in,
 * password, MFA, other apps) stops at the detectors' first cheap look. The panel (./signin-ui.tsx) is
 * injected by the worker into the pages that get one.
 */
import { detectSignInPage, mayBeOurs } from '../detect/signin';
import { send } from '../platform/content';
import { startEngine } from './engine';
import { registeredUi } from './ui-registry';

startEngine({
  detect: detectSignInPage,
  mayBeOurs,
  noteHistory: true,
  loadUi: async () => registeredUi() ?? ((await send('inject-ui', {})).ok ? registeredUi() : undefined),
});
