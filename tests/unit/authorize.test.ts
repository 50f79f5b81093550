/** authorizeParams: what a hostile or odd address may look like. Pure; never throws. */
import { describe, expect, it } from 'vitest';
import { authorizeParams, withoutQuery } from '../../src/shared/authorize';

const ID = '5c9e8a2e-7f3b-4d1a-9b6e-2f4c8d1e0a17';
const at = (s: string) => authorizeParams(new URL(s));

describe('authorizeParams', () => {
  it('reads the parameters, state included', () => {
    expect(at(`https://login.microsoftonline.com/fabrikam.com/oauth2/v2.0/authorize?client_id=${ID}&scope=openid+Calendars.Read&redirect_uri=https%3A%2F%2Fapp.rox.com%2Fcb&state=s1`)).toMatchObject({
      clientId: ID,
      scopes: ['openid', 'Calendars.Read'],
      redirectUri: 'https://app.rox.com/cb',
      tenant: 'fabrikam.com',
      state: 's1',
    });
  });
  it.each([
    ['another host', `https://login.microsoftonline.com.evil.test/common/oauth2/v2.0/authorize?client_id=${ID}`],
    ['a look-alike host', `https://login.micros0ftonline.com/common/oauth2/v2.0/authorize?client_id=${ID}`],
    ['plain http', `http://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=${ID}`],
    ['another path', `https://login.microsoftonline.com/common/oauth2/deviceauth?client_id=${ID}`],
    ['no client id', 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize?scope=openid'],
  ])('%s: null', (_n, url) => expect(at(url)).toBeNull());

  it('reads parameter names case-insensitively', () => {
    expect(at(`https://login.microsoftonline.com/common/oauth2/v2.0/authorize?CLIENT_ID=${ID}&Redirect_URI=https%3A%2F%2Fx.test%2F`)).toMatchObject({ clientId: ID, redirectUri: 'https://x.test/' });
  });
  it.each(['client_id', 'CLIENT_ID', 'scope', 'redirect_uri'])('a second %s marks the request ambiguous', (name) => {
    expect(at(`https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=${ID}&scope=openid&redirect_uri=https%3A%2F%2Fapp.rox.com%2F&${name}=other`)?.ambiguous).toBe(true);
  });
  it('a single set is not ambiguous', () => {
    expect(at(`https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=${ID}&scope=openid`)?.ambiguous).toBeUndefined();
  });
  it('never throws on malformed escapes, and caps what it keeps', () => {
    const odd = at(`https://login.microsoftonline.com/%E0%A4%A/oauth2/v2.0/authorize?client_id=${'x'.repeat(500)}&scope=${'s '.repeat(5000)}&state=%`);
    expect(odd?.tenant).toBe('%E0%A4%A');
    expect(odd?.clientId.length).toBe(64);
    expect(odd?.scopes.length).toBe(64);
  });
  it('reads /adminconsent as admin consent', () => {
    expect(at(`https://login.microsoftonline.com/fabrikam.com/adminconsent?client_id=${ID}`)?.adminConsent).toBe(true);
  });
});

describe('withoutQuery', () => {
  it('drops query and fragment (a callback code never leaves the page)', () => {
    expect(withoutQuery('https://app.rox.com/integrations/microsoft/callback?code=SECRET#x')).toBe('https://app.rox.com/integrations/microsoft/callback');
    expect(withoutQuery('not a url')).toBe('');
  });
});
