/**
 * login.microsoftonline.com. On an authorize URL: tell the background the request's parameters (from the
 * URL only). Then recognise Approval required / Request sent / Need admin approval / consent / error
 * pages; every other page here (sign-in, password, MFA…) gets nothing after one cheap look.
 */
import { detectSignInPage } from '../detect/signin';
import { browser } from '../platform/browser';
import { authorizeParams } from '../shared/authorize';
import { SIGN_IN_STEPS } from '../steps/signin-steps';
import { startCompanion } from './companion';

const authorize = authorizeParams(new URL(location.href));
if (authorize) void browser.runtime.sendMessage({ type: 'authorize-seen', authorize }).catch(() => undefined);

startCompanion({ detect: detectSignInPage, steps: SIGN_IN_STEPS });
