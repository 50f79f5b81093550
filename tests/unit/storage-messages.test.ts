/** Bad input never throws and loses nothing: storage that is corrupt, and messages that are not ours. */
import { describe, expect, it } from 'vitest';
import { parseStored } from '../../src/flow/storage';
import { authorizeParams } from '../../src/shared/authorize';
import { parseMessage } from '../../src/shared/messages';

const flow = { key: 'a|rox|outlook-calendar', account: 'a', clientId: 'rox', integration: 'outlook-calendar', tenant: '', state: 'requested', scopes: [], returnUrl: '', createdAt: 1, updatedAt: 1 };

describe('parseStored', () => {
  it.each([
    ['nothing yet', undefined, undefined, 0],
    ['a string', 'garbage', 'corrupt', 0],
    ['flows not an object', { version: 1, flows: 3 }, 'corrupt', 0],
    ['one bad flow among good ones', { version: 1, flows: { [flow.key]: flow, bad: { state: 'hacked' } } }, 'corrupt', 1],
    ['a flow under the wrong key', { version: 1, flows: { other: flow } }, 'corrupt', 0],
    ['a newer schema', { version: 9, flows: { [flow.key]: flow } }, 'newer-version', 0],
    ['a good store', { version: 1, flows: { [flow.key]: flow } }, undefined, 1],
  ])('%s', (_n, raw, problem, count) => {
    const r = parseStored(raw);
    expect(r.problem).toBe(problem);
    expect(Object.keys(r.stored.flows)).toHaveLength(count);
  });

  it('clamps preferences', () => {
    expect(parseStored({ version: 1, prefs: { expiryDays: -4, justificationTemplate: 7, managedClientIds: ['x', 5] } }).stored.prefs).toEqual({ expiryDays: 30, justificationTemplate: '', managedClientIds: ['x'] });
  });
});

describe('parseMessage', () => {
  it.each([
    [null],
    ['string'],
    [{ type: 'unknown' }],
    [{ type: 'page-detected', report: { kind: 'nope', url: 'x' } }],
    [{ type: 'page-detected', report: { kind: 'approval-required', url: 'x', appName: 'A'.repeat(301) } }],
    [{ type: 'authorize-seen', authorize: {} }],
    [{ type: 'set-minimised', key: 'k', minimised: 'yes' }],
  ])('rejects %j', (m) => expect(parseMessage(m)).toBeNull());

  it('accepts well-formed messages', () => {
    expect(parseMessage({ type: 'get-flows' })).not.toBeNull();
    expect(parseMessage({ type: 'page-detected', report: { kind: 'request-sent', url: 'https://login.microsoftonline.com/x' } })).not.toBeNull();
  });
});

describe('authorizeParams', () => {
  it('reads an authorize URL', () => {
    const p = authorizeParams(new URL('https://login.microsoftonline.com/fabrikam.com/oauth2/v2.0/authorize?client_id=abc&scope=openid+Calendars.Read&redirect_uri=https%3A%2F%2Fapp.rox.com%2Fcb&login_hint=m%40f.com'));
    expect(p).toEqual({ clientId: 'abc', scopes: ['openid', 'Calendars.Read'], redirectUri: 'https://app.rox.com/cb', loginHint: 'm@f.com', tenant: 'fabrikam.com' });
  });
  it.each(['https://login.microsoftonline.com/common/reprocess?ctx=1', 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize', 'https://login.microsoftonline.com/a/b/c/oauth2/v2.0/authorize?client_id=x'])(
    'ignores %s',
    (u) => expect(authorizeParams(new URL(u))).toBeNull(),
  );
  it('caps odd, huge parameters', () => {
    const p = authorizeParams(new URL(`https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=${'x'.repeat(500)}&scope=${'s '.repeat(5000)}`))!;
    expect(p.clientId.length).toBe(64);
    expect(p.scopes.length).toBeLessThanOrEqual(64);
  });
});
