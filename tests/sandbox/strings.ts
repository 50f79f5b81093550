/**
 * The sandbox's copy of Microsoft's page text, per locale. English strings are the ones public sources
 * quote (docs/microsoft-pages.md). For de and ja only a few strings are known; every other
 * string is rendered PSEUDO-LOCALISED (accented look-alikes) so that no detector table can match it by
 * accident and nothing learns to rely on German or Japanese text that nobody here has seen.
 * `fr` is entirely pseudo-localised: it stands for "a language the extension's tables do not know".
 */

export type SandboxLocale = 'en-US' | 'en-GB' | 'de' | 'ja' | 'fr';

const EN = {
  signInTitle: 'Sign in',
  emailPlaceholder: 'Email, phone, or Skype',
  next: 'Next',
  enterPassword: 'Enter password',
  signIn: 'Sign in',
  staySignedIn: 'Stay signed in?',
  staySignedInBody: 'Do this to reduce the number of times you are asked to sign in.',
  dontShowAgain: "Don't show this again",
  yes: 'Yes',
  no: 'No',
  approvalRequired: 'Approval required',
  requiresApproval: "This app requires your admin's approval to:",
  permissionNote: 'This is a permission requested to access your data in {org}.',
  justificationPlaceholder: 'Enter justification for requesting this app',
  requestApproval: 'Request approval',
  anotherAccount: 'Sign in with another account',
  suspicious: 'Does this app look suspicious? Report it here',
  requestSent: 'Request sent',
  requestSentBody: 'Your request has been sent to your admin. You will be notified by email when your request has been reviewed.',
  backToApp: 'Back to app',
  needAdminApproval: 'Need admin approval',
  needAdminBody:
    '{app} needs permission to access resources in your organization that only an admin can grant. Please ask an admin to grant permission to this app before you can use it.',
  haveAdminAccount: 'Have an admin account? Sign in with that account',
  returnWithoutConsent: 'Return to the application without granting consent',
  permissionsRequested: 'Permissions requested',
  acceptForOrg: 'Accept for your organization',
  appInfo: 'App info',
  notPublishedByMs: 'This application is not published by Microsoft.',
  appWouldLike: 'This app would like to:',
  consentOnBehalf: 'Consent on behalf of your organization',
  adminAcceptText:
    'If you accept, this app will get access to the specified resources for all users in your organization. No one else will be prompted to review these permissions.',
  userAcceptText: 'Accepting these permissions means that you allow this app to use your data as specified in their terms of service and privacy statement.',
  cancel: 'Cancel',
  accept: 'Accept',
  unverified: 'unverified',
  verified: 'verified',
  errorTitle: "Sorry, but we're having trouble signing you in.",
  // Device code entry (/common/oauth2/deviceauth) and its last page [I].
  enterCode: 'Enter code',
  enterCodeBody: 'Enter the code displayed on your app or device.',
  codePlaceholder: 'Code',
  codeInvalid: "That code didn't work. Check the code and try again.",
  deviceDone: 'You have signed in to the {app} application on your device. You may now close this window.',
  deviceCancelled: 'You have declined to sign in to the application on your device. You may now close this window.',
};

export type StringKey = keyof typeof EN;

const GB: Partial<typeof EN> = {
  // en-GB spells "organisation" (seen on the Need admin approval page).
  needAdminBody:
    '{app} needs permission to access resources in your organisation that only an admin can grant. Please ask an admin to grant permission to this app before you can use it.',
  acceptForOrg: 'Accept for your organisation',
  consentOnBehalf: 'Consent on behalf of your organisation',
  adminAcceptText:
    'If you accept, this app will get access to the specified resources for all users in your organisation. No one else will be prompted to review these permissions.',
};

/** Only strings a public source quotes. */
const DE: Partial<typeof EN> = { needAdminApproval: 'Administratorgenehmigung erforderlich' };
const JA: Partial<typeof EN> = {
  needAdminApproval: '管理者の承認が必要です',
  consentOnBehalf: '組織の代理として同意する',
  accept: '承諾',
};

const ACCENTS: Record<string, string> = { a: 'à', e: 'é', i: 'î', o: 'ö', u: 'ü', c: 'ç', n: 'ñ', s: 'š', y: 'ý', A: 'Å', E: 'É', O: 'Ö', R: 'Ŕ', S: 'Š' };
/** Pseudo-localisation: same shape and length class, text no table knows. Placeholders stay intact. */
export function pseudo(text: string): string {
  return '⟦' + text.replace(/\{[a-z]+\}|./g, (ch) => (ch.length > 1 ? ch : (ACCENTS[ch] ?? ch))) + '⟧';
}

export function strings(locale: SandboxLocale): typeof EN {
  if (locale === 'en-US') return EN;
  if (locale === 'en-GB') return { ...EN, ...GB };
  const known = locale === 'de' ? DE : locale === 'ja' ? JA : {};
  const out = {} as typeof EN;
  for (const k of Object.keys(EN) as StringKey[]) out[k] = known[k] ?? pseudo(EN[k]);
  return out;
}

export const HTML_LANG: Record<SandboxLocale, string> = { 'en-US': 'en-US', 'en-GB': 'en-GB', de: 'de-DE', ja: 'ja-JP', fr: 'fr-FR' };

/** Pages follow the browser language (Accept-Language); `mkt=ll-CC` forces one. */
export function pickLocale(acceptLanguage: string | undefined, mkt?: string | null): SandboxLocale {
  const prefs = [mkt ?? '', ...(acceptLanguage ?? '').split(',').map((p) => p.split(';')[0]!.trim())].filter(Boolean);
  for (const p of prefs) {
    const l = p.toLowerCase();
    if (l === 'en-gb' || l.startsWith('en-gb')) return 'en-GB';
    if (l.startsWith('en')) return 'en-US';
    if (l.startsWith('de')) return 'de';
    if (l.startsWith('ja')) return 'ja';
    if (l.startsWith('fr')) return 'fr';
  }
  return 'en-US';
}

export const fill = (s: string, vars: Record<string, string>) => s.replace(/\{([a-z]+)\}/g, (m, k: string) => vars[k] ?? m);
