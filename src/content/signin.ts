/**
 * login.microsoftonline.com: recognise Approval required / Request sent / Need admin approval / consent /
 * error pages about Rox. This script is only the detectors and the engine: every other page here (sign-in,
 * password, MFA, other apps) stops at the gate's first cheap look, with nothing of ours left running. The
 * panel (./signin-ui.tsx) is injected by the worker into the pages that get one.
 */
import { detectSignInPage, mayBeOurs, signInGate } from '../detect/signin';
import { send } from '../platform/content';
import { startEngine } from './engine';
import { registeredUi } from './ui-registry';

startEngine({
  detect: detectSignInPage,
  mayBeOurs,
  gate: signInGate,
  // The one listener a settled page keeps: a page restored from the back-forward cache must tell the worker
  // it was reached by Back / Forward (its request comes back, not the tab's latest), ours or not.
  wake: ['pageshow'],
  noteHistory: true,
  loadUi: async () => registeredUi() ?? ((await send('inject-ui', {})).ok ? registeredUi() : undefined),
});
