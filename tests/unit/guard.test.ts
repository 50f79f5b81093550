/** The consent-phishing guard, table-driven over what a page shows. */
import { describe, expect, it } from 'vitest';
import { SANDBOX_ROX_CLIENT_ID } from '../../src/catalog';
import type { PageMatch } from '../../src/detect/types';
import { verdictFor } from '../../src/guard';

const genuine: PageMatch = {
  kind: 'approval-required',
  appName: 'Rox 365 Integration',
  publisher: 'rox.com',
  verified: true,
  permissions: ['Read user calendars', 'Have full access to user calendars', "View users' basic profile"],
  authorize: { clientId: SANDBOX_ROX_CLIENT_ID, scopes: ['openid', 'profile', 'Calendars.Read', 'Calendars.ReadWrite', 'User.Read', 'offline_access'], redirectUri: 'https://app.rox.com/integrations/microsoft/callback', loginHint: '', tenant: 'organizations' },
  signals: [],
};
const withAuth = (patch: object): PageMatch => ({ ...genuine, authorize: { ...genuine.authorize!, ...patch } });

describe('verdictFor', () => {
  const cases: [string, PageMatch, string | null, string[]][] = [
    ['the genuine app', genuine, 'genuine', []],
    ['publisher shown by name', { ...genuine, publisher: 'Rox Data Corp.' }, 'genuine', []],
    ['Mail integration', { ...withAuth({ scopes: ['Mail.Read', 'Mail.Send', 'offline_access'] }), permissions: ['Read user mail', 'Send mail as a user'] }, 'genuine', []],
    ['another client id', withAuth({ clientId: '9d1f0c3b-2a4e-4f6d-8c7b-1e5a3f9b2d40' }), 'suspicious', ['client-id-unknown']],
    ['unverified publisher', { ...genuine, verified: false }, 'suspicious', ['publisher-unverified']],
    ['another publisher', { ...genuine, publisher: 'rox-connect.test' }, 'suspicious', ['publisher-mismatch']],
    ['foreign redirect host', withAuth({ redirectUri: 'https://rox-connect.test/callback' }), 'suspicious', ['redirect-foreign']],
    ['localhost redirect', withAuth({ redirectUri: 'http://localhost:8080/cb' }), 'suspicious', ['redirect-foreign']],
    ['look-alike redirect host', withAuth({ redirectUri: 'https://app.rox.com.evil.test/cb' }), 'suspicious', ['redirect-foreign']],
    ['extra scopes', withAuth({ scopes: ['Calendars.Read', 'Files.ReadWrite.All'] }), 'suspicious', ['scopes-extra']],
    ['extra listed permission', { ...genuine, permissions: [...genuine.permissions, 'Read and write all users\' full profiles'] }, 'suspicious', ['permissions-extra']],
    ['the extension probe redirect is Rox\'s', withAuth({ redirectUri: 'https://cnkmldlicjhaomlcbgbgijgehokplhpk.chromiumapp.org/' }), 'genuine', []],
    ['no client id known (unrecognised page): never green', { ...genuine, authorize: undefined }, 'unconfirmed', []],
    ['badge unreadable (another language): never green', { ...genuine, verified: null }, 'unconfirmed', []],
    ['another app, no Rox look-alike', { ...genuine, appName: 'Contoso Notes', authorize: { ...genuine.authorize!, clientId: '3b8e5f21-6c4d-4a7e-9f10-2d3c4b5a6e7f' } }, null, []],
    ['a page kind the guard does not judge', { ...genuine, kind: 'rox-callback' }, null, []],
  ];
  it.each(cases)('%s', (_n, match, level, reasons) => {
    const v = verdictFor(match);
    expect(v?.level ?? null).toBe(level);
    for (const r of reasons) expect(v?.reasons).toContain(r);
  });

  it('the impostor gets every reason at once, with the extra scopes named', () => {
    const v = verdictFor({
      ...genuine,
      publisher: 'rox-connect.test',
      verified: false,
      authorize: { clientId: '9d1f0c3b-2a4e-4f6d-8c7b-1e5a3f9b2d40', scopes: ['Calendars.ReadWrite', 'Files.ReadWrite.All'], redirectUri: 'https://rox-connect.test/callback', loginHint: '', tenant: 'organizations' },
    })!;
    expect(v.level).toBe('suspicious');
    expect(v.reasons).toEqual(expect.arrayContaining(['client-id-unknown', 'publisher-mismatch', 'publisher-unverified', 'redirect-foreign', 'scopes-extra']));
    expect(v.extras).toContain('Files.ReadWrite.All');
  });

  it('accepts a managed client id from options', () => {
    expect(verdictFor(withAuth({ clientId: 'abc' }), ['ABC'])?.level).toBe('genuine');
  });
});

describe('verdictFor on Request sent', () => {
  it('judges by client id, redirect and scopes, since the page shows no publisher', () => {
    expect(verdictFor({ ...genuine, kind: 'request-sent', publisher: undefined, verified: null })?.level).toBe('genuine');
  });
});

describe('verdictFor on /adminconsent', () => {
  const adminConsent: PageMatch = { ...genuine, kind: 'admin-consent', authorize: { clientId: SANDBOX_ROX_CLIENT_ID, scopes: [], redirectUri: '', loginHint: '', tenant: 'fabrikam.com', adminConsent: true } };
  it('trusts the registered redirect and checks the listed permissions', () => {
    expect(verdictFor(adminConsent)?.level).toBe('genuine');
    expect(verdictFor({ ...adminConsent, permissions: ['Read all files'] })?.level).toBe('suspicious');
  });
  it('stays unconfirmed when the list cannot be read (another language)', () => {
    expect(verdictFor({ ...adminConsent, permissions: ['予定表を読む'] })?.level).toBe('unconfirmed');
  });
});
