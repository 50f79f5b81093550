/**
 * The Rox app and its Microsoft integrations: what the genuine app looks like on Microsoft's pages.
 * The guard compares every consent or approval page that mentions Rox against this catalog.
 *
 * Display texts are Microsoft Graph's permission names: the admin-facing ones (the seed guide shows them on
 * "Approval required") and the user-facing ones (a user's own consent prompt may show those). The real
 * client id is not public: the build injects it from ROX_CLIENT_ID.
 */

export * from './app';

export interface Permission {
  /** OAuth scope value, e.g. "Calendars.Read". Also the "Claim value" column in Entra. */
  scope: string;
  /** Microsoft's admin display text for the permission (en): admins' prompts and Rox's guide show it. */
  display: string;
  /** Graph's user consent display text (en): a user's own consent prompt may show this one instead. */
  userDisplay: string;
  /** Message key of the plain-language explanation in _locales. */
  plainKey: string;
}

/** Scopes every sign-in may carry (MSAL adds openid/profile/offline_access by itself). */
export const SIGN_IN_PERMISSIONS: readonly Permission[] = [
  { scope: 'openid', display: 'Sign users in', userDisplay: 'Sign you in', plainKey: 'permOpenid' },
  { scope: 'profile', display: "View users' basic profile", userDisplay: 'View your basic profile', plainKey: 'permProfile' },
  { scope: 'email', display: "View users' email address", userDisplay: 'View your email address', plainKey: 'permEmail' },
  { scope: 'offline_access', display: 'Maintain access to data you have given it access to', userDisplay: 'Maintain access to data you have given it access to', plainKey: 'permOfflineAccess' },
  { scope: 'User.Read', display: 'Sign in and read user profile', userDisplay: 'Sign you in and read your profile', plainKey: 'permUserRead' },
];

export interface Integration {
  id: 'outlook-calendar' | 'outlook-mail';
  /** Message key of the integration's name in _locales. */
  nameKey: string;
  /** English name, as Rox's Integrations page shows it. */
  name: string;
  permissions: readonly Permission[];
}

const CALENDAR: readonly Permission[] = [
  { scope: 'Calendars.Read', display: 'Read user calendars', userDisplay: 'Read your calendars', plainKey: 'permCalendarsRead' },
  { scope: 'Calendars.ReadWrite', display: 'Have full access to user calendars', userDisplay: 'Have full access to your calendars', plainKey: 'permCalendarsReadWrite' },
];

const MAIL: readonly Permission[] = [
  { scope: 'Mail.Read', display: 'Read user mail', userDisplay: 'Read your mail', plainKey: 'permMailRead' },
  { scope: 'Mail.ReadWrite', display: 'Read and write access to user mail', userDisplay: 'Read and write access to your mail', plainKey: 'permMailReadWrite' },
  { scope: 'Mail.Send', display: 'Send mail as a user', userDisplay: 'Send mail as you', plainKey: 'permMailSend' },
];

const pick = (...scopes: string[]) => SIGN_IN_PERMISSIONS.filter((p) => scopes.includes(p.scope));

export const INTEGRATIONS: readonly Integration[] = [
  {
    id: 'outlook-calendar',
    nameKey: 'integrationOutlookCalendar',
    name: 'Outlook Calendar',
    permissions: [...CALENDAR, ...pick('User.Read', 'offline_access')],
  },
  {
    id: 'outlook-mail',
    nameKey: 'integrationOutlookMail',
    name: 'Outlook Mail',
    permissions: [...MAIL, ...pick('User.Read', 'offline_access')],
  },
];

export type IntegrationId = Integration['id'];

const norm = (s: string) => s.trim().toLowerCase();
/** Graph scopes may be written as full URIs: https://graph.microsoft.com/Calendars.Read */
export const normalizeScope = (s: string) => norm(s.replace(/^https:\/\/graph\.microsoft\.com\//i, ''));

export function integrationById(id: string): Integration | undefined {
  return INTEGRATIONS.find((i) => i.id === id);
}

/** The integration a set of requested scopes belongs to: the one whose own (non sign-in) scopes appear. */
export function integrationForScopes(scopes: readonly string[]): Integration | undefined {
  const wanted = new Set(scopes.map(normalizeScope));
  return INTEGRATIONS.find((i) =>
    i.permissions.some((p) => !SIGN_IN_PERMISSIONS.includes(p) && wanted.has(normalizeScope(p.scope))),
  );
}

/** Every scope the genuine app may ask for in one integration, sign-in scopes included. */
export function allowedScopes(integration: Integration): Set<string> {
  return new Set([...integration.permissions, ...SIGN_IN_PERMISSIONS].map((p) => normalizeScope(p.scope)));
}

/** Every permission display text the genuine app may show, across integrations. */
export function allowedDisplays(integration?: Integration): Set<string> {
  const list = integration ? [...integration.permissions, ...SIGN_IN_PERMISSIONS] : [...INTEGRATIONS.flatMap((i) => i.permissions), ...SIGN_IN_PERMISSIONS];
  return new Set(list.flatMap((p) => [norm(p.display), norm(p.userDisplay)]));
}

