/** Bad input never throws and loses nothing: storage that is corrupt, messages that are not ours, failed replies. */
import { afterEach, describe, expect, it } from 'vitest';
import { parseStored } from '../../src/flow/storage';
import { authorizeParams } from '../../src/shared/authorize';
import { send as contentSend } from '../../src/platform/content';
import { MESSAGE_TYPES, parseMessage } from '../../src/shared/messages';
import { sender } from '../../src/shared/send';
import { AUTHORIZE, PAGE_KINDS, report, SAMPLES } from './samples';

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
    expect(parseStored({ version: 1, prefs: { expiryDays: -4, justificationTemplate: 7, managedClientIds: ['x', 5] } }).stored.prefs).toEqual({ expiryDays: 30, justificationTemplate: '' });
  });
});

describe('message schemas', () => {
  const long = (n: number) => 'x'.repeat(n);
  it.each(MESSAGE_TYPES)('accepts a well-formed %s, and gives back exactly its data', (type) => {
    expect(parseMessage({ type, data: SAMPLES[type] })).toEqual({ type, data: SAMPLES[type] });
  });
  it.each(MESSAGE_TYPES)('rejects %s without its data', (type) => {
    expect(parseMessage({ type })).toBeNull();
    expect(parseMessage({ type, data: null })).toBeNull();
    // Every field is optional only in these.
    if (!['get-flows', 'get-tab-context', 'inject-ui', 'get-settings', 'forget-all-data', 'get-diagnostics'].includes(type)) expect(parseMessage({ type, data: {} })).toBeNull();
  });
  it.each(MESSAGE_TYPES)('rejects %s with a field it does not know', (type) => {
    expect(parseMessage({ type, data: { ...SAMPLES[type], extra: 1 } })).toBeNull();
  });
  it.each(PAGE_KINDS)('accepts a report of kind %s', (kind) => expect(parseMessage({ type: 'page-detected', data: report(kind) })).not.toBeNull());

  it.each([
    ['not an object', null],
    ['a string', 'page-detected'],
    ['an array', [{ type: 'get-flows', data: {} }]],
    ['an unknown type', { type: 'unknown', data: {} }],
    ['a type inherited from Object', { type: 'toString', data: {} }],
    ['the old shape (report beside type)', { type: 'page-detected', report: report('request-sent') }],
    ['a field beside type and data', { type: 'get-flows', data: {}, tabId: 3 }],
    ['an unknown page kind', { type: 'page-detected', data: report('nope' as never) }],
    ['a page URL with its query (a callback code)', { type: 'page-detected', data: report('rox-callback', { url: 'https://app.rox.com/integrations/microsoft/callback?code=secret' }) }],
    ['a page URL with a fragment', { type: 'page-detected', data: report('request-sent', { url: 'https://login.microsoftonline.com/x#code=secret' }) }],
    ['a page URL that is not https', { type: 'page-detected', data: report('request-sent', { url: 'http://login.microsoftonline.com/x' }) }],
    ['an over-long URL', { type: 'page-detected', data: report('request-sent', { url: `https://login.microsoftonline.com/${long(4100)}` }) }],
    ['an over-long app name', { type: 'page-detected', data: report('approval-required', { appName: long(301) }) }],
    ['an over-long publisher', { type: 'page-detected', data: report('approval-required', { publisher: long(301) }) }],
    ['an over-long UPN', { type: 'page-detected', data: report('approval-required', { upn: long(321) }) }],
    ['an over-long error code', { type: 'page-detected', data: report('consent-error', { errorCode: long(9) }) }],
    ['51 permissions', { type: 'page-detected', data: report('approval-required', { permissions: Array(51).fill('Read') }) }],
    ['a 10,000-item permission list', { type: 'page-detected', data: report('approval-required', { permissions: Array(10_000).fill('Read') }) }],
    ['an over-long permission', { type: 'page-detected', data: report('approval-required', { permissions: [long(301)] }) }],
    ['a permission that is not text', { type: 'page-detected', data: report('approval-required', { permissions: [{}] as never }) }],
    ['verified as text', { type: 'page-detected', data: report('approval-required', { verified: 'yes' as never }) }],
    ['an unknown outcome', { type: 'page-detected', data: report('rox-callback', { outcome: 'maybe' as never }) }],
    ['a justification inside a page report', { type: 'page-detected', data: { ...report('approval-required'), justification: 'x' } }],
    ['a claimed authorize request (the worker reads the sender URL instead)', { type: 'get-tab-context', data: { authorize: AUTHORIZE } }],
    ['a page report claiming an authorize request', { type: 'page-detected', data: { ...report('approval-required'), authorize: AUTHORIZE } }],
    ['51 reply URLs in $Config facts', { type: 'page-detected', data: { ...report('approval-required'), config: { replyUrls: Array(51).fill('https://app.rox.com/') } } }],
    ['an over-long verified publisher', { type: 'page-detected', data: { ...report('approval-required'), config: { verifiedPublisher: long(301) } } }],
    ['a $Config fact it does not know', { type: 'page-detected', data: { ...report('approval-required'), config: { code: 'secret' } } }],
    ['minimised as text', { type: 'set-minimised', data: { key: 'k', minimised: 'yes' } }],
    ['an over-long flow key', { type: 'forget-flow', data: { key: long(801) } }],
    ['an over-long justification', { type: 'justification-submitted', data: { justification: long(1001) } }],
    ['a justification that is not text', { type: 'justification-submitted', data: { justification: 5 } }],
    ['an integration id with odd characters', { type: 'connect-clicked', data: { integration: '../x' } }],
    ['an over-long integration id', { type: 'connect-clicked', data: { integration: long(65) } }],
    ['an over-long state', { type: 'connect-clicked', data: { integration: 'outlook-calendar', state: long(513) } }],
    ['get-flows with data', { type: 'get-flows', data: { all: true } }],
  ])('rejects %s', (_name, raw) => expect(parseMessage(raw)).toBeNull());

  it('accepts the longest values the bounds allow', () => {
    const data = report('approval-required', { url: `https://login.microsoftonline.com/${long(4096 - 34)}`, appName: long(300), permissions: Array(50).fill(long(300)), upn: long(320) });
    expect(parseMessage({ type: 'page-detected', data })).not.toBeNull();
    expect(parseMessage({ type: 'justification-submitted', data: { justification: long(1000) } })).not.toBeNull();
    expect(parseMessage({ type: 'justification-submitted', data: { justification: '' } })).not.toBeNull();
  });
});

describe('send', () => {
  const via = (answer: () => Promise<unknown>) => sender(answer);

  it('gives the worker\'s value as a success', async () => {
    expect(await via(async () => ({ ok: true, value: { flows: [] } }))('get-flows')).toEqual({ ok: true, value: { flows: [] } });
  });
  it('sends { type, data }, with {} for a message without data', async () => {
    const seen: unknown[] = [];
    const send = sender(async (m) => (seen.push(m), { ok: true, value: null }));
    await send('get-flows');
    await send('forget-flow', { key: 'k' });
    expect(seen).toEqual([{ type: 'get-flows', data: {} }, { type: 'forget-flow', data: { key: 'k' } }]);
  });
  it.each([
    ['an error result', { ok: false, error: 'forbidden' }, 'forbidden'],
    ['an error without ok (the old shape)', { error: 'bad-message' }, 'bad-message'],
    ['a value without ok', { flows: [] }, 'no-reply'],
    ['ok that is not true', { ok: 'true', value: 1 }, 'no-reply'],
    ['no answer (no listener)', undefined, 'no-reply'],
    ['null', null, 'no-reply'],
  ])('reads %s as a failure', async (_name, answer, error) => {
    expect(await via(async () => answer)('get-flows')).toEqual({ ok: false, error });
  });
  it('reads a rejected sendMessage as a failure', async () => {
    expect(await via(() => Promise.reject(new Error('Could not establish connection. Receiving end does not exist.')))('get-flows')).toEqual({
      ok: false,
      error: 'Could not establish connection. Receiving end does not exist.',
    });
  });
  it('reads a sendMessage that throws at once (context invalidated) as a failure', async () => {
    const send = sender(() => {
      throw new Error('Extension context invalidated.');
    });
    expect(await send('get-flows')).toEqual({ ok: false, error: 'Extension context invalidated.' });
  });

  describe("content scripts' send, on the browser's own API", () => {
    const runtime = (globalThis as unknown as { chrome: { runtime: Record<string, unknown> } }).chrome.runtime;
    afterEach(() => delete runtime.sendMessage);
    it('returns the reply as a Result', async () => {
      runtime.sendMessage = async (m: unknown) => ({ ok: true, value: m });
      expect(await contentSend('justification-submitted', { justification: 'x' })).toEqual({ ok: true, value: { type: 'justification-submitted', data: { justification: 'x' } } });
    });
    it('turns an error reply and a throw into failures', async () => {
      runtime.sendMessage = async () => ({ error: 'forbidden' });
      expect(await contentSend('connect-clicked', { integration: 'outlook-calendar' })).toEqual({ ok: false, error: 'forbidden' });
      runtime.sendMessage = () => {
        throw new Error('Extension context invalidated.');
      };
      expect(await contentSend('connect-clicked', { integration: 'outlook-calendar' })).toMatchObject({ ok: false });
    });
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
