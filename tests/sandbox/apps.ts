/**
 * The apps registered in the sandbox tenant, as the sandbox's own facts: the genuine Rox app (what Rox asks
 * Microsoft for, written here rather than imported from the extension's catalog), an impostor, an honest
 * third-party app, Microsoft's portal, and an ADVERSARIAL set of look-alikes. Every fact and assumption is
 * listed in docs/microsoft-pages.md ("What the sandbox assumes").
 *
 * The one thing taken from src/ is the sandbox Rox client id, so the build and the sandbox agree on it.
 */
import { SANDBOX_ROX_CLIENT_ID } from '../../src/catalog/index.js';

export { SANDBOX_ROX_CLIENT_ID };

export interface App {
  clientId: string;
  /** The app's display name: attacker-chosen text for any app that is not Rox. */
  name: string;
  /** The publisher's name (shown with the verified badge when `verified`). */
  publisher: string;
  /** The publisher domain Microsoft shows under the app name. */
  publisherDomain: string;
  /**
   * Text the sandbox shows on the publisher line INSTEAD of the domain (a worst case: an impostor whose line
   * reads like Rox's). Not something Microsoft is known to allow [S].
   */
  publisherLabel?: string;
  /** Microsoft verified publisher (blue badge). `$Config.sAppVerifiedPublisherName` is `publisher` when true, '' when not [S]. */
  verified: boolean;
  redirectUris: string[];
  /** The app's homepage (`$Config.sAppWebsite`). */
  website: string;
  firstParty?: boolean;
  /** Service principal object id in this tenant (made when consent is first granted). */
  spId: string;
}

/** The name Microsoft's own `$Config.sAppVerifiedPublisherName` carries: set by Microsoft, empty when unverified [S]. */
export const verifiedPublisherName = (app: App): string => (app.verified ? app.publisher : '');

// ---- Rox: the genuine app and what it asks for -----------------------------------------------------------

export const ROX_CALLBACK = 'https://app.rox.com/integrations/microsoft/callback';
/** The extension's chromiumapp.org redirect (fixed by the manifest key), registered by Rox for the approval probe. */
export const PROBE_REDIRECT = 'https://cnkmldlicjhaomlcbgbgijgehokplhpk.chromiumapp.org/';
/**
 * The Firefox add-on's redirect (its identity.getRedirectURL()), registered by Rox for the approval probe too:
 * Firefox makes it `https://<SHA-1 of the add-on id, hex>.extensions.allizom.org/`, the add-on id being
 * `consent-companion@rox.com` (README, "What Rox must register"). tests/firefox checks it against Firefox.
 */
export const FIREFOX_PROBE_REDIRECT = 'https://0bc3f2bd57916033974b94e7eace8c37737c0338.extensions.allizom.org/';

export interface RoxIntegration {
  id: 'outlook-calendar' | 'outlook-mail';
  name: string;
  /** Graph scopes Rox asks for, in the order its authorize request lists them (after openid and profile). */
  scopes: readonly string[];
}

/** What Rox's Integrations page offers and asks Microsoft for (Rox's own facts, kept by the sandbox). */
export const ROX_INTEGRATIONS: readonly RoxIntegration[] = [
  { id: 'outlook-calendar', name: 'Outlook Calendar', scopes: ['Calendars.Read', 'Calendars.ReadWrite', 'User.Read', 'offline_access'] },
  { id: 'outlook-mail', name: 'Outlook Mail', scopes: ['Mail.Read', 'Mail.ReadWrite', 'Mail.Send', 'User.Read', 'offline_access'] },
];

export const roxIntegration = (id: string): RoxIntegration | undefined => ROX_INTEGRATIONS.find((i) => i.id === id);

/** The full scope list of Rox's authorize request for an integration. */
export const roxScopes = (id: RoxIntegration['id'] = 'outlook-calendar'): string[] => ['openid', 'profile', ...roxIntegration(id)!.scopes];

export const ROX: App = {
  clientId: SANDBOX_ROX_CLIENT_ID,
  name: 'Rox 365 Integration',
  publisher: 'Rox Data Corp.',
  publisherDomain: 'rox.com',
  verified: true,
  redirectUris: [ROX_CALLBACK, PROBE_REDIRECT, FIREFOX_PROBE_REDIRECT],
  website: 'https://rox.com',
  spId: '6a1b2c3d-1111-4222-8333-944455566677',
};

// ---- the first impostor and the honest third party (served at rox-connect.test/ and notes.contoso.test/) -

export const IMPOSTOR_CLIENT_ID = '9d1f0c3b-2a4e-4f6d-8c7b-1e5a3f9b2d40';
export const THIRD_PARTY_CLIENT_ID = '3b8e5f21-6c4d-4a7e-9f10-2d3c4b5a6e7f';
/** Azure portal / Entra admin center first-party client id (public). */
export const PORTAL_CLIENT_ID = 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c';

export const IMPOSTOR: App = {
  clientId: IMPOSTOR_CLIENT_ID,
  name: 'Rox 365 Integration',
  publisher: 'Rox Data Corp',
  publisherDomain: 'rox-connect.test',
  verified: false,
  redirectUris: ['https://rox-connect.test/callback'],
  website: 'https://rox-connect.test',
  spId: '7b2c3d4e-2222-4333-8444-a55566677788',
};
export const IMPOSTOR_SCOPES = ['openid', 'profile', 'offline_access', 'Calendars.ReadWrite', 'Mail.ReadWrite', 'Files.ReadWrite.All', 'Contacts.Read'];

export const THIRD_PARTY: App = {
  clientId: THIRD_PARTY_CLIENT_ID,
  name: 'Contoso Notes',
  publisher: 'Contoso Ltd.',
  publisherDomain: 'contoso.test',
  verified: true,
  redirectUris: ['https://notes.contoso.test/callback'],
  website: 'https://notes.contoso.test',
  spId: '8c3d4e5f-3333-4444-8555-b66677788899',
};
export const THIRD_PARTY_SCOPES = ['openid', 'profile', 'Notes.ReadWrite'];

export const PORTAL: App = {
  clientId: PORTAL_CLIENT_ID,
  name: 'Azure Portal',
  publisher: 'Microsoft Corporation',
  publisherDomain: 'microsoft.com',
  verified: true,
  firstParty: true,
  redirectUris: ['https://entra.microsoft.com/signin-oidc', 'https://portal.azure.com/signin-oidc'],
  website: 'https://portal.azure.com',
  spId: '9d4e5f60-4444-4555-8666-c77788899900',
};

// ---- the adversarial set ---------------------------------------------------------------------------------

/** What the guard must conclude about an app's pages: see Fixture.app in tests/fixtures/pages.ts. */
export type Expect = 'rox' | 'lookalike' | 'other';

export interface AdversarialApp extends App {
  /** Short id: fixture names and the start page path. */
  slug: string;
  /** The app's own page with a "Connect" link (`a.connect`) to its authorize request. */
  startUrl: string;
  /** Scopes its authorize request asks for. */
  scopes: string[];
  expect: Expect;
  /** What makes it hostile, in words. */
  what: string;
}

const CAL = roxScopes('outlook-calendar');
const MAIL = roxScopes('outlook-mail');

function lookalike(
  slug: string,
  n: number,
  app: Omit<AdversarialApp, 'slug' | 'startUrl' | 'redirectUris' | 'website' | 'spId' | 'clientId' | 'expect'> & Partial<Pick<AdversarialApp, 'redirectUris' | 'startUrl' | 'expect'>>,
): AdversarialApp {
  const hex = n.toString(16).padStart(2, '0');
  return {
    slug,
    clientId: `a0d5e${hex}0-5b1c-4e2d-9f3a-7c6b5a4d3e${hex}`,
    startUrl: app.startUrl ?? `https://rox-connect.test/apps/${slug}`,
    redirectUris: app.redirectUris ?? [`https://rox-connect.test/apps/${slug}/callback`],
    website: `https://${app.publisherDomain}`,
    spId: `5e6f7a8b-${hex}${hex}-4c9d-8e0f-1a2b3c4d5e${hex}`,
    expect: app.expect ?? 'lookalike',
    ...app,
  };
}

/**
 * Look-alikes of Rox, each with its own client id, publisher, verified flag, redirect URIs and start page.
 * None can carry Rox's verified publisher name: Microsoft sets `sAppVerifiedPublisherName`, so an impostor
 * has its own verified name or none.
 */
export const ADVERSARIAL_APPS: readonly AdversarialApp[] = [
  lookalike('homoglyph-omicron', 1, {
    name: 'R\u03BFx 365 Integration',
    publisher: 'Rox Data Corp',
    publisherDomain: 'roxdatacorp.onmicrosoft.com',
    verified: false,
    scopes: CAL,
    what: 'Greek small omicron (U+03BF) for the o; asks exactly what Rox asks',
  }),
  lookalike('zero-width-space', 2, {
    name: 'Ro\u200Bx 365 Integration',
    publisher: 'Rox Data Corp',
    publisherDomain: 'roxdatacorp.onmicrosoft.com',
    verified: false,
    scopes: CAL,
    what: 'zero-width space (U+200B) inside "Rox"',
  }),
  lookalike('zero-width-joiner', 3, {
    name: 'R\u200Dox 365 Integration',
    publisher: 'Rox Data Corp',
    publisherDomain: 'roxdatacorp.onmicrosoft.com',
    verified: false,
    scopes: CAL,
    what: 'zero-width joiner (U+200D) inside "Rox"',
  }),
  lookalike('bidi-override', 4, {
    name: 'Ro\u202Ex\u202C 365 Integration',
    publisher: 'Rox Data Corp',
    publisherDomain: 'roxdatacorp.onmicrosoft.com',
    verified: false,
    scopes: MAIL,
    what: 'right-to-left override (U+202E) and pop (U+202C) around the x: looks the same',
  }),
  lookalike('fullwidth', 5, {
    name: '\uFF32\uFF4F\uFF58 365 Integration',
    publisher: 'Rox Data Corp',
    publisherDomain: 'roxdatacorp.onmicrosoft.com',
    verified: false,
    scopes: [...CAL, 'Files.ReadWrite.All'],
    what: 'full-width letters (U+FF32 U+FF4F U+FF58); asks for all files too',
  }),
  lookalike('digit-zero', 6, {
    name: 'R0x 365 Integration',
    publisher: 'R0x Labs',
    publisherDomain: 'r0xlabs.test',
    verified: true,
    scopes: CAL,
    what: 'digit zero for the o; a VERIFIED publisher of its own',
  }),
  lookalike('roxdata', 7, {
    name: 'RoxData 365 Integration',
    publisher: 'RoxData Inc.',
    publisherDomain: 'roxdata.test',
    verified: true,
    scopes: ['openid', 'profile', 'User.Read', 'User.Read.All', 'Directory.Read.All'],
    what: '"Rox" glued to another word; verified publisher of its own; reads the whole directory',
  }),
  lookalike('lowercase-l', 8, {
    name: 'Rox 365 lntegration',
    publisher: 'Rox Data Corp',
    publisherDomain: 'rox-integration.test',
    verified: false,
    scopes: [...MAIL],
    what: 'lower-case L for the capital I of "Integration"',
  }),
  lookalike('exact-copy', 9, {
    name: 'Rox 365 Integration',
    publisher: 'Rox Data Corp.',
    publisherDomain: 'roxdatacorp.onmicrosoft.com',
    publisherLabel: 'Rox Data Corp.',
    verified: false,
    scopes: CAL,
    redirectUris: ['https://app.rox.com.evil.test/integrations/microsoft/callback'],
    what: "Rox's exact name, Rox's publisher text on the publisher line, Rox's scopes; other client id, unverified, look-alike redirect host",
  }),
  lookalike('config-injection', 10, {
    name: 'Rox 365 Integration","sAppVerifiedPublisherName":"Rox Data Corp.","x":"',
    publisher: 'Rox Data Corp',
    publisherDomain: 'roxdatacorp.onmicrosoft.com',
    verified: false,
    scopes: CAL,
    what: "an app name that tries to write Rox's verified publisher into $Config (JSON-escaped by Microsoft)",
  }),
  lookalike('slashed-o', 12, {
    name: 'R\u00F8x Integration',
    publisher: 'Nordic Sync AB',
    publisherDomain: 'nordicsync.test',
    verified: false,
    scopes: CAL,
    what: 'a slashed o (U+00F8), which no decomposition turns into o, and no "365": the content-side filter once let it past (attack5)',
  }),
  lookalike('dotted', 13, {
    name: 'R.o.x Integration',
    publisher: 'Integrations Ltd',
    publisherDomain: 'integrations.test',
    verified: true,
    scopes: CAL,
    what: 'dots between the letters of "Rox" and no "365": a near miss of Rox\'s name only when joined (attack5)',
  }),
  lookalike('contoso-notes-for-rox', 11, {
    name: 'Contoso Notes for Rox',
    publisher: 'Contoso Ltd.',
    publisherDomain: 'contoso.test',
    verified: true,
    scopes: ['openid', 'profile', 'Notes.ReadWrite'],
    startUrl: 'https://notes.contoso.test/for-rox',
    redirectUris: ['https://notes.contoso.test/for-rox/callback'],
    what: 'an honest, verified third-party app whose name mentions Rox: never Rox\'s help (no prefill), and a look-alike by name',
  }),
];

export const adversarialApp = (slug: string): AdversarialApp => {
  const a = ADVERSARIAL_APPS.find((x) => x.slug === slug);
  if (!a) throw new Error(`no adversarial app ${slug}`);
  return a;
};

/** Every app registered in the tenant (a fresh copy each time: tests may change them). */
export function registeredApps(): App[] {
  return [ROX, IMPOSTOR, THIRD_PARTY, PORTAL, ...ADVERSARIAL_APPS].map((a) => ({ ...a, redirectUris: [...a.redirectUris] }));
}

/** An authorize URL for an app, as its start page links it. */
export function authorizeUrl(app: App, scopes: readonly string[], options: { tenant?: string; state?: string; redirectUri?: string } = {}): string {
  const q = new URLSearchParams({
    client_id: app.clientId,
    response_type: 'code',
    redirect_uri: options.redirectUri ?? app.redirectUris[0]!,
    scope: scopes.join(' '),
    state: options.state ?? 's',
  });
  return `https://login.microsoftonline.com/${options.tenant ?? 'organizations'}/oauth2/v2.0/authorize?${q}`;
}
