/**
 * Microsoft Graph's delegated permissions as the sandbox's Microsoft shows them: the sandbox's OWN table,
 * written from Microsoft's public Graph permissions reference, never imported from src/ (so the pages the
 * extension is tested on do not echo the extension's own catalog). Sources and assumptions:
 * docs/microsoft-pages.md, "Graph permission texts".
 *
 * Each permission has two pairs of texts, as Graph publishes them: the admin consent display name and
 * description ("Read user calendars" / "Allows the app to read events in user calendars.") and the user
 * consent ones ("Read your calendars" / "Allows the app to read events in your calendars."). Which pair the
 * Approval required page shows is unknown; the sandbox shows the admin pair unless a page variant asks for
 * the user pair [S].
 *
 * German: Microsoft's German texts are NOT confirmed by any public capture here. The table below holds
 * plausible German strings (ASCII on purpose for the permissions Rox asks for, so a test can prove that a
 * German page is not mistaken for an English one just because its letters are ASCII) [S].
 * Japanese and French pages show pseudo-localised texts (strings.ts) [S].
 */
import { pseudo, type SandboxLocale } from './strings.js';

export interface PermissionTexts {
  /** User consent display name and description. */
  label: string;
  description: string;
  /** Admin consent display name and description. */
  adminLabel: string;
  adminDescription: string;
}

export interface GraphPermission extends PermissionTexts {
  /** OAuth scope value, as the authorize request and Entra's "Claim value" column show it. */
  scope: string;
}

/** English, from Microsoft's Graph permissions reference (delegated permissions) [C]. */
export const GRAPH_PERMISSIONS: readonly GraphPermission[] = [
  {
    scope: 'openid',
    adminLabel: 'Sign users in',
    adminDescription: 'Allows users to sign in to the app with their work or school accounts and allows the app to see basic user profile information.',
    label: 'Sign you in',
    description: 'Allows you to sign in to the app with your work or school account and allows the app to read your basic profile information.',
  },
  {
    scope: 'profile',
    adminLabel: "View users' basic profile",
    adminDescription: "Allows the app to see your users' basic profile (e.g., name, picture, user name, email address)",
    label: 'View your basic profile',
    description: 'Allows the app to see your basic profile (e.g., name, picture, user name, email address)',
  },
  {
    scope: 'email',
    adminLabel: "View users' email address",
    adminDescription: "Allows the app to read your users' primary email address",
    label: 'View your email address',
    description: 'Allows the app to read your primary email address',
  },
  {
    scope: 'offline_access',
    adminLabel: 'Maintain access to data you have given it access to',
    adminDescription:
      'Allows the app to see and update the data you gave it access to, even when users are not currently using the app. This does not give the app any additional permissions.',
    label: 'Maintain access to data you have given it access to',
    description:
      'Allows the app to see and update the data you gave it access to, even when you are not currently using the app. This does not give the app any additional permissions.',
  },
  {
    scope: 'User.Read',
    adminLabel: 'Sign in and read user profile',
    adminDescription:
      'Allows users to sign-in to the app, and allows the app to read the profile of signed-in users. It also allows the app to read basic company information of signed-in users.',
    label: 'Sign you in and read your profile',
    description:
      'Allows you to sign in to the app with your organizational account and let the app read your profile. It also allows the app to read basic company information.',
  },
  {
    scope: 'User.Read.All',
    adminLabel: "Read all users' full profiles",
    adminDescription:
      'Allows the app to read the full set of profile properties, reports, and managers of other users in your organization, on behalf of the signed-in user.',
    label: "Read all users' full profiles",
    description: 'Allows the app to read the full set of profile properties, reports, and managers of other users in your organization, on your behalf.',
  },
  {
    scope: 'Directory.Read.All',
    adminLabel: 'Read directory data',
    adminDescription: "Allows the app to read data in your organization's directory, such as users, groups and apps.",
    label: 'Read directory data',
    description: "Allows the app to read data in your organization's directory.",
  },
  {
    scope: 'Calendars.Read',
    adminLabel: 'Read user calendars',
    adminDescription: 'Allows the app to read events in user calendars.',
    label: 'Read your calendars',
    description: 'Allows the app to read events in your calendars.',
  },
  {
    scope: 'Calendars.ReadWrite',
    adminLabel: 'Have full access to user calendars',
    adminDescription: 'Allows the app to create, read, update, and delete events in user calendars.',
    label: 'Have full access to your calendars',
    description: 'Allows the app to read, update, create and delete events in your calendars.',
  },
  {
    scope: 'Mail.Read',
    adminLabel: 'Read user mail',
    adminDescription: 'Allows the app to read the signed-in user\'s mailbox.',
    label: 'Read your mail',
    description: 'Allows the app to read email in your mailbox.',
  },
  {
    scope: 'Mail.ReadWrite',
    adminLabel: 'Read and write access to user mail',
    adminDescription: 'Allows the app to create, read, update, and delete email in user mailboxes. Does not include permission to send mail.',
    label: 'Read and write access to your mail',
    description: 'Allows the app to read, update, create and delete email in your mailbox. Does not include permission to send mail.',
  },
  {
    scope: 'Mail.Send',
    adminLabel: 'Send mail as a user',
    adminDescription: 'Allows the app to send mail as users in the organization.',
    label: 'Send mail as you',
    description: 'Allows the app to send mail as you.',
  },
  {
    scope: 'Contacts.Read',
    adminLabel: 'Read user contacts',
    adminDescription: 'Allows the app to read user contacts.',
    label: 'Read your contacts',
    description: 'Allows the app to read contacts in your contact folders.',
  },
  {
    scope: 'Files.ReadWrite.All',
    adminLabel: 'Have full access to all files user can access',
    adminDescription: 'Allows the app to read, create, update and delete all files the signed-in user can access.',
    label: 'Have full access to all files you have access to',
    description: 'Allows the app to read, create, update and delete all files you can access.',
  },
  {
    scope: 'Notes.Read',
    adminLabel: 'Read user OneNote notebooks',
    adminDescription: 'Allows the app to read OneNote notebooks on behalf of the signed-in user.',
    label: 'Read your OneNote notebooks',
    description: 'Allows the app to read OneNote notebooks on your behalf.',
  },
  {
    scope: 'Notes.ReadWrite',
    adminLabel: 'Read and write user OneNote notebooks',
    adminDescription: 'Allows the app to read, share, and modify OneNote notebooks on behalf of the signed-in user.',
    label: 'Read and write your OneNote notebooks',
    description: 'Allows the app to read, share, and modify OneNote notebooks on your behalf.',
  },
];

/**
 * German texts: UNCONFIRMED, plausible strings only [S]. The labels of the permissions Rox asks for are plain
 * ASCII on purpose (see the file comment). Keyed by lower-case scope.
 */
const DE: Record<string, PermissionTexts> = {
  openid: {
    adminLabel: 'Benutzer anmelden',
    adminDescription: 'Ermöglicht Benutzern die Anmeldung bei der App mit ihrem Geschäfts- oder Schulkonto.',
    label: 'Sie anmelden',
    description: 'Ermöglicht Ihnen die Anmeldung bei der App mit Ihrem Geschäfts- oder Schulkonto.',
  },
  profile: {
    adminLabel: 'Grundlegendes Profil von Benutzern anzeigen',
    adminDescription: 'Ermöglicht der App, das grundlegende Profil Ihrer Benutzer anzuzeigen (Name, Bild, Benutzername, E-Mail-Adresse).',
    label: 'Ihr grundlegendes Profil anzeigen',
    description: 'Ermöglicht der App, Ihr grundlegendes Profil anzuzeigen (Name, Bild, Benutzername, E-Mail-Adresse).',
  },
  email: {
    adminLabel: 'E-Mail-Adresse von Benutzern anzeigen',
    adminDescription: 'Ermöglicht der App, die primäre E-Mail-Adresse Ihrer Benutzer zu lesen.',
    label: 'Ihre E-Mail-Adresse anzeigen',
    description: 'Ermöglicht der App, Ihre primäre E-Mail-Adresse zu lesen.',
  },
  offline_access: {
    adminLabel: 'Zugriff auf Daten beibehalten, auf die Sie Zugriff erteilt haben',
    adminDescription: 'Ermöglicht der App, die Daten, auf die Sie Zugriff gewährt haben, auch dann zu sehen und zu aktualisieren, wenn Benutzer die App nicht verwenden.',
    label: 'Zugriff auf Daten beibehalten, auf die Sie Zugriff erteilt haben',
    description: 'Ermöglicht der App, die Daten, auf die Sie Zugriff gewährt haben, auch dann zu sehen und zu aktualisieren, wenn Sie die App nicht verwenden.',
  },
  'user.read': {
    adminLabel: 'Anmelden und Benutzerprofil lesen',
    adminDescription: 'Ermöglicht Benutzern die Anmeldung bei der App und der App das Lesen des Profils angemeldeter Benutzer.',
    label: 'Sie anmelden und Ihr Profil lesen',
    description: 'Ermöglicht Ihnen die Anmeldung bei der App mit Ihrem Organisationskonto und der App das Lesen Ihres Profils.',
  },
  'user.read.all': {
    adminLabel: 'Vollständige Profile aller Benutzer lesen',
    adminDescription: 'Ermöglicht der App, im Namen des angemeldeten Benutzers alle Profileigenschaften anderer Benutzer in Ihrer Organisation zu lesen.',
    label: 'Vollständige Profile aller Benutzer lesen',
    description: 'Ermöglicht der App, in Ihrem Namen alle Profileigenschaften anderer Benutzer in Ihrer Organisation zu lesen.',
  },
  'directory.read.all': {
    adminLabel: 'Verzeichnisdaten lesen',
    adminDescription: 'Ermöglicht der App, Daten im Verzeichnis Ihrer Organisation zu lesen, etwa Benutzer, Gruppen und Apps.',
    label: 'Verzeichnisdaten lesen',
    description: 'Ermöglicht der App, Daten im Verzeichnis Ihrer Organisation zu lesen.',
  },
  'calendars.read': {
    adminLabel: 'Benutzerkalender lesen',
    adminDescription: 'Ermöglicht der App, Ereignisse in Benutzerkalendern zu lesen.',
    label: 'Ihre Kalender lesen',
    description: 'Ermöglicht der App, Ereignisse in Ihren Kalendern zu lesen.',
  },
  'calendars.readwrite': {
    adminLabel: 'Vollzugriff auf Benutzerkalender',
    adminDescription: 'Ermöglicht der App, Ereignisse in Benutzerkalendern zu erstellen, zu lesen, zu aktualisieren und zu löschen.',
    label: 'Vollzugriff auf Ihre Kalender',
    description: 'Ermöglicht der App, Ereignisse in Ihren Kalendern zu lesen, zu aktualisieren, zu erstellen und zu löschen.',
  },
  'mail.read': {
    adminLabel: 'Benutzer-E-Mails lesen',
    adminDescription: 'Ermöglicht der App, das Postfach des angemeldeten Benutzers zu lesen.',
    label: 'Ihre E-Mails lesen',
    description: 'Ermöglicht der App, E-Mails in Ihrem Postfach zu lesen.',
  },
  'mail.readwrite': {
    adminLabel: 'Lese- und Schreibzugriff auf Benutzer-E-Mails',
    adminDescription: 'Ermöglicht der App, E-Mails in Benutzerpostfächern zu erstellen, zu lesen, zu aktualisieren und zu löschen. Das Senden von E-Mails ist nicht enthalten.',
    label: 'Lese- und Schreibzugriff auf Ihre E-Mails',
    description: 'Ermöglicht der App, E-Mails in Ihrem Postfach zu lesen, zu aktualisieren, zu erstellen und zu löschen. Das Senden von E-Mails ist nicht enthalten.',
  },
  'mail.send': {
    adminLabel: 'E-Mails als Benutzer senden',
    adminDescription: 'Ermöglicht der App, E-Mails als Benutzer in der Organisation zu senden.',
    label: 'E-Mails in Ihrem Namen senden',
    description: 'Ermöglicht der App, E-Mails in Ihrem Namen zu senden.',
  },
  'contacts.read': {
    adminLabel: 'Benutzerkontakte lesen',
    adminDescription: 'Ermöglicht der App, Benutzerkontakte zu lesen.',
    label: 'Ihre Kontakte lesen',
    description: 'Ermöglicht der App, Kontakte in Ihren Kontaktordnern zu lesen.',
  },
  'files.readwrite.all': {
    adminLabel: 'Vollzugriff auf alle Dateien, auf die der Benutzer zugreifen kann',
    adminDescription: 'Ermöglicht der App, alle Dateien, auf die der angemeldete Benutzer zugreifen kann, zu lesen, zu erstellen, zu aktualisieren und zu löschen.',
    label: 'Vollzugriff auf alle Dateien, auf die Sie zugreifen können',
    description: 'Ermöglicht der App, alle Dateien, auf die Sie zugreifen können, zu lesen, zu erstellen, zu aktualisieren und zu löschen.',
  },
  'notes.read': {
    adminLabel: 'OneNote-Notizbücher des Benutzers lesen',
    adminDescription: 'Ermöglicht der App, OneNote-Notizbücher im Namen des angemeldeten Benutzers zu lesen.',
    label: 'Ihre OneNote-Notizbücher lesen',
    description: 'Ermöglicht der App, OneNote-Notizbücher in Ihrem Namen zu lesen.',
  },
  'notes.readwrite': {
    adminLabel: 'OneNote-Notizbücher des Benutzers lesen und schreiben',
    adminDescription: 'Ermöglicht der App, OneNote-Notizbücher im Namen des angemeldeten Benutzers zu lesen, freizugeben und zu ändern.',
    label: 'Ihre OneNote-Notizbücher lesen und schreiben',
    description: 'Ermöglicht der App, OneNote-Notizbücher in Ihrem Namen zu lesen, freizugeben und zu ändern.',
  },
};

/** Graph scopes may be written as full URIs: https://graph.microsoft.com/Calendars.Read */
export const normalizeScope = (s: string) => s.trim().replace(/^https:\/\/graph\.microsoft\.com\//i, '').toLowerCase();

const BY_SCOPE = new Map(GRAPH_PERMISSIONS.map((p) => [normalizeScope(p.scope), p]));

export function graphPermission(scope: string): GraphPermission | undefined {
  return BY_SCOPE.get(normalizeScope(scope));
}

/**
 * A permission's four texts in a page language. An unknown scope is listed verbatim (Microsoft shows the
 * scope value when it has no display text [S]); ja and fr get pseudo-localised texts.
 */
export function permissionTexts(scope: string, locale: SandboxLocale = 'en-US'): PermissionTexts {
  const p = graphPermission(scope);
  if (!p) return { label: scope, description: '', adminLabel: scope, adminDescription: '' };
  if (locale === 'en-US' || locale === 'en-GB') return p;
  if (locale === 'de') return DE[normalizeScope(scope)] ?? p;
  return { label: pseudo(p.label), description: pseudo(p.description), adminLabel: pseudo(p.adminLabel), adminDescription: pseudo(p.adminDescription) };
}

/** English admin display name of a scope (Entra's Permission column; Rox's own review page). */
export const adminLabel = (scope: string): string => graphPermission(scope)?.adminLabel ?? scope;

export type LabelSet = 'admin' | 'user';

/**
 * The permissions a page lists for the requested scopes, in request order. Microsoft does not list "Sign
 * users in" (openid) on these pages [I].
 */
export function listedPermissions(scopes: readonly string[], locale: SandboxLocale = 'en-US', labels: LabelSet = 'admin'): { label: string; description: string }[] {
  return scopes
    .filter((s) => s.toLowerCase() !== 'openid')
    .map((s) => {
      const t = permissionTexts(s, locale);
      return labels === 'admin' ? { label: t.adminLabel, description: t.adminDescription } : { label: t.label, description: t.description };
    });
}

/** `$Config.arrScopes` items as ConvergedConsent pages carry them [C]: `{label, description, adminLabel, adminDescription}`. */
export function configScopes(scopes: readonly string[], locale: SandboxLocale = 'en-US'): PermissionTexts[] {
  return scopes.filter((s) => s.toLowerCase() !== 'openid').map((s) => {
    const { label, description, adminLabel, adminDescription } = permissionTexts(s, locale);
    return { label, description, adminLabel, adminDescription };
  });
}
