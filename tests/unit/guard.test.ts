/** The consent-phishing guard, table-driven over what a page shows and what request is proven for it. */
import { describe, expect, it } from 'vitest';
import { SANDBOX_ROX_CLIENT_ID } from '../../src/catalog';
import { verdictFor, type GuardInput } from '../../src/guard';
import { editDistance, resemblesRox, skeleton } from '../../src/guard/lookalike';

const PROBE = 'https://cnkmldlicjhaomlcbgbgijgehokplhpk.chromiumapp.org/';
const OTHER_ID = '9d1f0c3b-2a4e-4f6d-8c7b-1e5a3f9b2d40';
const genuine: GuardInput = {
  kind: 'approval-required',
  appName: 'Rox 365 Integration',
  publisher: 'rox.com',
  verified: true,
  lang: 'en',
  permissions: ['Read user calendars', 'Have full access to user calendars', "View users' basic profile"],
  authorize: { clientId: SANDBOX_ROX_CLIENT_ID, scopes: ['openid', 'profile', 'Calendars.Read', 'Calendars.ReadWrite', 'User.Read', 'offline_access'], redirectUri: 'https://app.rox.com/integrations/microsoft/callback', loginHint: '', tenant: 'organizations' },
};
const withAuth = (patch: object): GuardInput => ({ ...genuine, authorize: { ...genuine.authorize!, ...patch } });
const verdict = (m: GuardInput) => verdictFor(m, { probeRedirect: PROBE });

describe('verdictFor', () => {
  const cases: [string, GuardInput, string | null, string[]][] = [
    ['the genuine app', genuine, 'genuine', []],
    ['publisher shown by name', { ...genuine, publisher: 'Rox Data Corp.' }, 'genuine', []],
    ['Mail integration', { ...withAuth({ scopes: ['Mail.Read', 'Mail.Send', 'offline_access'] }), permissions: ['Read user mail', 'Send mail as a user'] }, 'genuine', []],
    ['another client id', withAuth({ clientId: OTHER_ID }), 'suspicious', ['client-id-unknown']],
    ['unverified publisher', { ...genuine, verified: false }, 'suspicious', ['publisher-unverified']],
    ['another publisher', { ...genuine, publisher: 'rox-connect.test' }, 'suspicious', ['publisher-mismatch']],
    ['a publisher that is only a subdomain of rox.com (free text, not a host)', { ...genuine, publisher: 'evil.rox.com' }, 'suspicious', ['publisher-mismatch']],
    ['foreign redirect host', withAuth({ redirectUri: 'https://rox-connect.test/callback' }), 'suspicious', ['redirect-foreign']],
    ['localhost redirect', withAuth({ redirectUri: 'http://localhost:8080/cb' }), 'suspicious', ['redirect-foreign']],
    ['plain http redirect to Rox', withAuth({ redirectUri: 'http://app.rox.com/cb' }), 'suspicious', ['redirect-foreign']],
    ['look-alike redirect host', withAuth({ redirectUri: 'https://app.rox.com.evil.test/cb' }), 'suspicious', ['redirect-foreign']],
    ["another extension's chromiumapp.org redirect", withAuth({ redirectUri: 'https://aaaabbbbccccddddeeeeffffgggghhhh.chromiumapp.org/' }), 'suspicious', ['redirect-foreign']],
    ['extra scopes', withAuth({ scopes: ['Calendars.Read', 'Files.ReadWrite.All'] }), 'suspicious', ['scopes-extra']],
    ['duplicated client_id / scope / redirect_uri', withAuth({ ambiguous: true }), 'suspicious', ['request-ambiguous']],
    ['extra listed permission', { ...genuine, permissions: [...genuine.permissions, "Read and write all users' full profiles"] }, 'suspicious', ['permissions-extra']],
    ["the extension's own probe redirect", withAuth({ redirectUri: PROBE }), 'genuine', []],
    ['no proven request: looks like Rox, not provably Rox: red', { ...genuine, authorize: undefined }, 'suspicious', ['client-id-unproven']],
    ['name differs under the Rox client id', { ...genuine, appName: 'Rox 365 Integration (beta)' }, 'suspicious', ['name-mismatch']],
    ['badge unreadable (another language): never green', { ...genuine, verified: null }, 'unconfirmed', []],
    ['another app, no Rox look-alike', { ...withAuth({ clientId: '3b8e5f21-6c4d-4a7e-9f10-2d3c4b5a6e7f' }), appName: 'Contoso Notes', publisher: 'contoso.com' }, null, []],
    ['a page kind the guard does not judge', { ...genuine, kind: 'rox-callback' }, null, []],
  ];
  it.each(cases)('%s', (_n, match, level, reasons) => {
    const v = verdict(match);
    expect(v?.level ?? null).toBe(level);
    for (const r of reasons) expect(v?.reasons).toContain(r);
  });

  it('the impostor gets every reason at once, with the extra scopes named', () => {
    const v = verdict({
      ...genuine,
      publisher: 'rox-connect.test',
      verified: false,
      authorize: { clientId: OTHER_ID, scopes: ['Calendars.ReadWrite', 'Files.ReadWrite.All'], redirectUri: 'https://rox-connect.test/callback', loginHint: '', tenant: 'organizations' },
    })!;
    expect(v.level).toBe('suspicious');
    expect(v.rox).toBe(false);
    expect(v.reasons).toEqual(expect.arrayContaining(['client-id-unknown', 'publisher-mismatch', 'publisher-unverified', 'redirect-foreign', 'scopes-extra']));
    expect(v.extras).toContain('Files.ReadWrite.All');
  });

  it('accepts an extra client id only from the trusted list it is given (managed policy)', () => {
    expect(verdictFor(withAuth({ clientId: 'abc' }), { trustedClientIds: ['ABC'] })?.level).toBe('genuine');
    expect(verdictFor(withAuth({ clientId: 'abc' }))?.level).toBe('suspicious');
  });

  it('marks Rox help allowed only for the proven Rox client id', () => {
    expect(verdict(genuine)?.rox).toBe(true);
    expect(verdict({ ...genuine, authorize: undefined })?.rox).toBe(false);
  });
});

describe('look-alike names (each a hostile case: red, never Rox help)', () => {
  const lookalikes = [
    'Rοx 365 Integration', // Greek omicron
    'Rоx 365 Integration', // Cyrillic o
    'Ro\u200Bx 365 Integration', // zero-width space
    'R\u200Dox 365 Integration', // zero-width joiner
    'Rox\u202E 365 Integration', // right-to-left override
    'Ｒｏｘ 365 Integration', // full-width
    'R0x 365 Integration',
    'RoxData 365 Integration',
    'Rox 365 lntegration', // lower-case L
    'Rox 365 Integratoin',
    'Rax 365 Integration',
    'ʀᴏx 365 Integration', // small capitals
    'Contoso Notes for Rox', // "Rox" as a word in another app's name
    'Rox Data Corp',
  ];
  it.each(lookalikes)('%s resembles Rox', (name) => expect(resemblesRox(name)).toBe(true));
  it.each(lookalikes)('%s under another client id is suspicious', (name) => {
    const v = verdict({ ...withAuth({ clientId: OTHER_ID }), appName: name, verified: false, publisher: 'contoso.com' });
    expect(v?.level).toBe('suspicious');
    expect(v?.rox).toBe(false);
  });
  it.each(lookalikes.filter((n) => n !== 'Rox Data Corp'))('%s with no proven request is suspicious too', (name) => {
    expect(verdict({ ...genuine, appName: name, authorize: undefined })?.level).toBe('suspicious');
  });
  it.each(lookalikes.filter((n) => n !== 'Rox Data Corp'))('%s under Rox\'s own client id is still a name mismatch', (name) => {
    expect(verdict({ ...genuine, appName: name })?.reasons).toContain('name-mismatch');
  });

  it.each(['Box 365 Integration', 'Roxanne Calendar Sync', 'Proxy Manager', 'Contoso Notes', 'Microsoft 365 Integration', 'Xero'])('%s is not a look-alike', (name) => {
    expect(resemblesRox(name)).toBe(false);
  });

  it('skeletons fold confusables, invisibles and width', () => {
    expect(skeleton('Ｒο\u200Bx  365')).toBe(skeleton('Rox 365'));
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('a'.repeat(40), 'b', 3)).toBe(4);
  });

  it('caps its work on a huge name', () => {
    expect(resemblesRox('x'.repeat(100_000) + ' Rox')).toBe(false); // beyond the 500 characters read
    expect(resemblesRox('Rox ' + 'x'.repeat(100_000))).toBe(true);
  });
});

describe("Microsoft's own facts ($Config) come first", () => {
  it('a verified publisher name that is Rox Data Corp. passes without a rendered badge', () => {
    expect(verdict({ ...genuine, publisher: undefined, verified: null, config: { verifiedPublisher: 'Rox Data Corp.' } })?.level).toBe('genuine');
  });
  it('an empty verified publisher name is unverified, whatever the page renders', () => {
    expect(verdict({ ...genuine, config: { verifiedPublisher: '' } })?.reasons).toContain('publisher-unverified');
  });
  it('another verified publisher is a mismatch', () => {
    expect(verdict({ ...genuine, config: { verifiedPublisher: 'Contoso Ltd' } })?.reasons).toContain('publisher-mismatch');
  });
  it('a registered reply URL on a foreign host is a foreign redirect', () => {
    expect(verdict({ ...genuine, config: { replyUrls: ['https://app.rox.com/cb', 'https://collector.evil.test/cb'] } })?.reasons).toContain('redirect-foreign');
  });
  it('$Config scope labels are compared like the rendered list', () => {
    expect(verdict({ ...genuine, config: { scopeLabels: ['Read all files that user can access'] } })?.reasons).toContain('permissions-extra');
  });
  it("$Config's app name that resembles Rox makes another app's page suspicious", () => {
    expect(verdict({ ...withAuth({ clientId: OTHER_ID }), appName: 'Notes', publisher: 'contoso.com', config: { appName: 'Rοx 365 Integration' } })?.level).toBe('suspicious');
  });
});

describe('languages', () => {
  const german = ['Benutzerkalender lesen', 'Vollzugriff auf Benutzerkalender', 'Grundlegendes Profil von Benutzern anzeigen'];
  it('a genuine German page (ASCII permission names) is not red', () => {
    const v = verdict({ ...genuine, lang: 'de', permissions: german, verified: null });
    expect(v?.level).toBe('unconfirmed');
  });
  it('a German page still gets its scopes checked from the request', () => {
    expect(verdict({ ...withAuth({ scopes: ['Calendars.Read', 'Files.ReadWrite.All'] }), lang: 'de', permissions: german })?.reasons).toContain('scopes-extra');
  });
  it('en-GB is English', () => {
    expect(verdict({ ...genuine, lang: 'en-gb', permissions: [...genuine.permissions, 'Read all files'] })?.reasons).toContain('permissions-extra');
  });
  it('a page without a language is not compared by text', () => {
    expect(verdict({ ...genuine, lang: '', permissions: ['Lire les calendriers'] })?.level).toBe('genuine');
  });
});

describe('verdictFor on Request sent', () => {
  const sent: GuardInput = { ...genuine, kind: 'request-sent', publisher: undefined, verified: null };
  it('inherits the Approval required verdict before it (the page shows no publisher)', () => {
    expect(verdict({ ...sent, inherited: verdict(genuine)! })?.level).toBe('genuine');
    expect(verdict({ ...sent, inherited: verdict({ ...genuine, verified: false })! })?.reasons).toContain('previous-page-suspicious');
    expect(verdict({ ...sent, inherited: verdict({ ...genuine, verified: null })! })?.level).toBe('unconfirmed');
  });
  it('is red when nothing proves it (no Approval required page just before it)', () => {
    expect(verdict({ ...sent, authorize: undefined })?.reasons).toContain('client-id-unproven');
  });
});

describe('the extension\'s own redirect URIs, one per browser build', () => {
  // Rox registers each store build's identity.getRedirectURL() on its app, so $Config lists them all,
  // whichever browser this runs in; any other extension's is foreign.
  const listed = (replyUrls: string[]) => verdict({ ...genuine, config: { ...genuine.config, replyUrls } });
  it('accepts Chrome\'s and Firefox\'s builds of this extension', () => {
    expect(listed(['https://app.rox.com/cb', PROBE, 'https://0bc3f2bd57916033974b94e7eace8c37737c0338.extensions.allizom.org/'])?.reasons).not.toContain('redirect-foreign');
  });
  it('rejects another extension\'s, or ours on another path or host', () => {
    for (const uri of ['https://aaaabbbbccccddddeeeeffffgggghhhh.chromiumapp.org/', 'https://0bc3f2bd57916033974b94e7eace8c37737c0339.extensions.allizom.org/', 'https://0bc3f2bd57916033974b94e7eace8c37737c0338.extensions.allizom.org/x', 'http://cnkmldlicjhaomlcbgbgijgehokplhpk.chromiumapp.org/', 'https://cnkmldlicjhaomlcbgbgijgehokplhpk.chromiumapp.org.evil.example/'])
      expect(listed([uri])?.reasons, uri).toContain('redirect-foreign');
  });
});

describe('verdictFor on /adminconsent', () => {
  const adminConsent: GuardInput = { ...genuine, kind: 'admin-consent', authorize: { clientId: SANDBOX_ROX_CLIENT_ID, scopes: [], redirectUri: '', loginHint: '', tenant: 'fabrikam.com', adminConsent: true } };
  it('trusts the registered redirect and checks the listed permissions', () => {
    expect(verdict(adminConsent)?.level).toBe('genuine');
    expect(verdict({ ...adminConsent, permissions: ['Read all files'] })?.level).toBe('suspicious');
  });
  it('stays unconfirmed when the list cannot be compared (another language)', () => {
    expect(verdict({ ...adminConsent, lang: 'ja', permissions: ['予定表を読む'] })?.level).toBe('unconfirmed');
  });
  // The admin center's "Review permissions and consent" returns to the admin center itself (sandbox
  // assumption [S]); /adminconsent issues no code. Only exactly Microsoft's two admin origins, only there.
  const back = (redirectUri: string, patch: object = {}) => verdict({ ...adminConsent, authorize: { ...adminConsent.authorize!, redirectUri, ...patch } });
  it('accepts a return to the admin center itself, on /adminconsent only', () => {
    expect(back('https://entra.microsoft.com/adminconsent/complete')?.level).toBe('genuine');
    expect(back('https://portal.azure.com/adminconsent/complete')?.level).toBe('genuine');
  });
  it('rejects look-alike admin origins, plain http, other Microsoft hosts, and the same redirect on an authorize request', () => {
    for (const uri of ['https://entra.microsoft.com.evil.example/x', 'http://entra.microsoft.com/x', 'https://evil.example/https://entra.microsoft.com/', 'https://entra.microsoft.com@evil.example/', 'https://login.microsoftonline.com/x', 'https://sandbox-1.reactblade.portal.azure.net/x'])
      expect(back(uri)?.reasons, uri).toContain('redirect-foreign');
    expect(back('https://entra.microsoft.com/adminconsent/complete', { adminConsent: false })?.reasons).toContain('redirect-foreign');
  });
});

describe('the admin consent checklist: what the page leaves out', () => {
  const admin: GuardInput = { ...genuine, kind: 'admin-consent', authorize: { clientId: SANDBOX_ROX_CLIENT_ID, scopes: [], redirectUri: '', loginHint: '', tenant: 'fabrikam.com', adminConsent: true } };
  it('names each of the integration\'s permissions the prompt does not list, without turning red', () => {
    const v = verdict({ ...admin, permissions: ['Read user calendars', 'Sign in and read user profile'] });
    expect(v?.level).toBe('genuine');
    expect(v?.missing).toEqual(['Have full access to user calendars', 'Maintain access to data you have given it access to']);
  });
  it('a full list misses nothing; Graph\'s user texts count as listed', () => {
    expect(verdict({ ...admin, permissions: ['Read your calendars', 'Have full access to your calendars', 'Sign you in and read your profile', 'Maintain access to data you have given it access to'] })?.missing).toEqual([]);
  });
  it('nothing is named missing when the list cannot be compared (another language)', () => {
    expect(verdict({ ...admin, lang: 'de', permissions: ['Benutzerkalender lesen'] })?.missing).toEqual([]);
  });
});

describe('EXTENSION_REDIRECTS', () => {
  it('are derived from the manifest\'s key (Chrome, Edge) and the Firefox add-on id in vite.config.ts', async () => {
    const { createHash } = await import('node:crypto');
    const { readFileSync } = await import('node:fs');
    const { OWN_REDIRECTS: EXTENSION_REDIRECTS } = await import('../../src/catalog/app');
    const { join } = await import('node:path');
    const root = join(import.meta.dirname, '../..');
    const key = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')).key as string;
    const chromeId = [...createHash('sha256').update(Buffer.from(key, 'base64')).digest('hex').slice(0, 32)].map((x) => String.fromCharCode(97 + parseInt(x, 16))).join('');
    const geckoId = /gecko:\s*\{\s*id:\s*'([^']+)'/.exec(readFileSync(join(root, 'vite.config.ts'), 'utf8'))![1]!;
    const firefox = createHash('sha1').update(geckoId).digest('hex');
    expect([...EXTENSION_REDIRECTS].sort()).toEqual([`https://${chromeId}.chromiumapp.org/`, `https://${firefox}.extensions.allizom.org/`].sort());
  });
});
