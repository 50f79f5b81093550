/**
 * login.microsoftonline.com: recognise Approval required / Request sent / Need admin approval / consent /
 * error pages about Rox. Every other page here (sign-in, password, MFA, other apps) stops at the
 * detectors' first cheap look and never loads the messaging layer. (The authorize request that started a
 * sign-in is noted by the background from the tab's URL, not from here.)
 */
import { detectSignInPage, mayBeOurs } from '../detect/signin';
import { SIGN_IN_STEPS } from '../steps/signin-steps';
import { startCompanion } from './companion';

startCompanion({ detect: detectSignInPage, mayBeOurs, steps: SIGN_IN_STEPS });
