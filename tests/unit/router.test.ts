/**
 * The worker's router: who may send what (read from the sites registry), and replies that are always
 * Results. Every site x message type x page kind, then the senders an attacker would try.
 */
import type { Runtime, Tabs } from 'webextension-polyfill';
import { describe, expect, it } from 'vitest';
import { route, senderAllowed, type Self } from '../../src/background/router';
import { MESSAGE_TYPES, PAGE_KINDS, parseMessage, type Message, type MessageType } from '../../src/shared/messages';
import { EXTENSION_PAGE_MESSAGES, SITES, type Site } from '../../src/sites';
import { report, SAMPLES } from './samples';

const SELF: Self = { id: 'cnkmldlicjhaomlcbgbgijgehokplhpk', base: 'chrome-extension://cnkmldlicjhaomlcbgbgijgehokplhpk/' };
const POPUP = `${SELF.base}src/popup/index.html`;

/** A content script's sender in a tab's top frame at `url`, as Chromium describes it. */
/** Chromium adds the frame's origin; the polyfill's type does not know it. */
type Sender = Runtime.MessageSender & { origin?: string };

const fromTab = (url: string, extra: Partial<Sender> = {}): Sender => ({
  id: SELF.id,
  url,
  origin: new URL(url).origin,
  tab: { id: 7, index: 0, highlighted: true, active: true, pinned: false, incognito: false, url } as Tabs.Tab,
  frameId: 0,
  ...extra,
}) as Sender;

const message = (type: MessageType, data: unknown = SAMPLES[type]): Message => {
  const m = parseMessage({ type, data });
  if (!m) throw new Error(`sample ${type} is not well-formed`);
  return m;
};
const reportOf = (kind: (typeof PAGE_KINDS)[number]) => message('page-detected', report(kind));

/** Pages each site's script runs on: its hosts as the manifest patterns name them, and a subdomain where `*.` allows one. */
const pagesOf = (site: Site) =>
  site.matches.flatMap((p) => {
    const host = p.replace(/^https:\/\//, '').replace(/\/\*$/, '');
    return host.startsWith('*.') ? [`https://app.${host.slice(2)}/integrations`, `https://a.b.${host.slice(2)}/x`] : [`https://${host}/common/reprocess`];
  });

describe('sender rules, from the registry', () => {
  for (const site of SITES) {
    for (const page of pagesOf(site)) {
      describe(`${site.id} at ${page}`, () => {
        it.each(MESSAGE_TYPES.filter((t) => t !== 'page-detected'))('%s: allowed only if the site lists it', (type) => {
          expect(senderAllowed(message(type), fromTab(page), SELF)).toBe(site.messages.includes(type));
        });
        it.each(PAGE_KINDS)('page-detected of kind %s: allowed only if the site may report it', (kind) => {
          expect(senderAllowed(reportOf(kind), fromTab(page), SELF)).toBe(site.messages.includes('page-detected') && site.kinds.includes(kind));
        });
      });
    }
  }

  it('lets the extension\'s own pages send the extension-page messages, and nothing else', () => {
    for (const type of MESSAGE_TYPES) {
      const expected = EXTENSION_PAGE_MESSAGES.includes(type);
      expect(senderAllowed(message(type), { id: SELF.id, url: POPUP, origin: SELF.base.slice(0, -1) } as Runtime.MessageSender, SELF), type).toBe(expected);
      // The probe page, open in a tab; Firefox gives no origin.
      expect(senderAllowed(message(type), { id: SELF.id, url: `${SELF.base}src/probe/probe.html`, tab: { id: 3 } as Tabs.Tab }, SELF), type).toBe(expected);
    }
  });
});

describe('sender rules: what they refuse', () => {
  const approval = reportOf('approval-required');
  it.each([
    ['Rox reporting Approval required', reportOf('approval-required'), fromTab('https://app.rox.com/integrations')],
    ['Rox reporting a consent prompt', reportOf('admin-consent'), fromTab('https://rox.com/')],
    ['the sign-in host reporting a Rox callback', reportOf('rox-callback'), fromTab('https://login.microsoftonline.com/common/reprocess')],
    ['the sign-in host reporting the Integrations page', reportOf('rox-integrations'), fromTab('https://login.microsoftonline.com/')],
    ['the sign-in host sending connect-clicked', message('connect-clicked'), fromTab('https://login.microsoftonline.com/')],
    ['Rox sending justification-submitted', message('justification-submitted'), fromTab('https://app.rox.com/integrations')],
    ['a content script asking for every flow', message('get-flows'), fromTab('https://login.microsoftonline.com/')],
    ['a content script forgetting a flow', message('forget-flow'), fromTab('https://app.rox.com/integrations')],
    ['another extension (forged sender.id)', approval, fromTab('https://login.microsoftonline.com/', { id: 'someotherextensionid' })],
    ['a sender without an id', approval, fromTab('https://login.microsoftonline.com/', { id: undefined })],
    ['a sender without a tab', approval, fromTab('https://login.microsoftonline.com/', { tab: undefined })],
    ['a tab without an id', approval, fromTab('https://login.microsoftonline.com/', { tab: {} as Tabs.Tab })],
    ['a sender without a URL', approval, fromTab('https://login.microsoftonline.com/', { url: undefined, origin: undefined })],
    ['a sender with a URL that does not parse', approval, fromTab('https://login.microsoftonline.com/', { url: 'not a url', origin: undefined })],
    ['the sign-in host over http', approval, fromTab('http://login.microsoftonline.com/common/reprocess')],
    ['Rox over http', reportOf('rox-integrations'), fromTab('http://app.rox.com/integrations')],
    ['the sign-in host on another port', approval, fromTab('https://login.microsoftonline.com:8443/x')],
    ['a look-alike: rox.com.evil.test', reportOf('rox-integrations'), fromTab('https://rox.com.evil.test/integrations')],
    ['a look-alike: evilrox.com', reportOf('rox-integrations'), fromTab('https://evilrox.com/integrations')],
    ['a look-alike: app.rox.co', reportOf('rox-integrations'), fromTab('https://app.rox.co/integrations')],
    ['a look-alike: login.microsoftonline.com.evil.test', approval, fromTab('https://login.microsoftonline.com.evil.test/x')],
    ['a look-alike: evillogin.microsoftonline.com', approval, fromTab('https://evillogin.microsoftonline.com/x')],
    ['a subdomain the sign-in site does not list', approval, fromTab('https://a.login.microsoftonline.com/x')],
    ['a frame whose origin disagrees with its URL (sandboxed: "null")', approval, fromTab('https://login.microsoftonline.com/', { origin: 'null' })],
    ['a frame whose origin disagrees with its URL (another site)', approval, fromTab('https://login.microsoftonline.com/', { origin: 'https://evil.test' })],
    ['a sub-frame of a site whose script runs in the top frame only', approval, fromTab('https://login.microsoftonline.com/', { frameId: 4 })],
    ['a data: URL', approval, fromTab('data:text/html,hi', { origin: undefined })],
    ['another extension\'s page', message('get-flows'), { id: SELF.id, url: 'chrome-extension://someotherextensionid/popup.html' } as Runtime.MessageSender],
    ['a page claiming the extension\'s id from a web origin', message('get-flows'), { id: SELF.id, url: 'https://evil.test/', tab: { id: 1 } } as Runtime.MessageSender],
    ['an extension page whose origin disagrees', message('get-flows'), { id: SELF.id, url: POPUP, origin: 'https://evil.test' } as Runtime.MessageSender],
    ['an extension page sending page-detected', approval, { id: SELF.id, url: POPUP } as Runtime.MessageSender],
    ['an extension page sending connect-clicked', message('connect-clicked'), { id: SELF.id, url: POPUP } as Runtime.MessageSender],
    ['an extension page sending justification-submitted', message('justification-submitted'), { id: SELF.id, url: POPUP } as Runtime.MessageSender],
  ])('refuses %s', (_name, msg, sender) => expect(senderAllowed(msg, sender, SELF)).toBe(false));

  it('refuses everyone when the extension\'s own id or base is unknown', () => {
    expect(senderAllowed(approval, fromTab('https://login.microsoftonline.com/', { id: '' }), { id: '', base: SELF.base })).toBe(false);
    expect(senderAllowed(message('get-flows'), { id: SELF.id, url: POPUP }, { id: SELF.id, base: 'chrome-extension://cnkmldlicjhaomlcbgbgijgehokplhpk' })).toBe(false);
  });
});

describe('route', () => {
  const handled: Message[] = [];
  const echo = async (m: Message) => (handled.push(m), { echoed: m.type });

  it('answers a well-formed, allowed request with the handler\'s value', async () => {
    expect(await route({ type: 'get-flows', data: {} }, { id: SELF.id, url: POPUP }, SELF, echo)).toEqual({ ok: true, value: { echoed: 'get-flows' } });
  });
  it('answers a malformed request with bad-message, without running a handler', async () => {
    handled.length = 0;
    expect(await route({ type: 'page-detected', report: report('approval-required') }, fromTab('https://login.microsoftonline.com/'), SELF, echo)).toEqual({ ok: false, error: 'bad-message' });
    expect(handled).toEqual([]);
  });
  it('answers a sender that may not send it with forbidden, without running a handler', async () => {
    handled.length = 0;
    expect(await route({ type: 'page-detected', data: report('approval-required') }, fromTab('https://app.rox.com/integrations'), SELF, echo)).toEqual({ ok: false, error: 'forbidden' });
    expect(handled).toEqual([]);
  });
  it('answers a failing handler with its error, short', async () => {
    const failing = async () => {
      throw new Error(`unknown-integration${'!'.repeat(500)}`);
    };
    const reply = await route({ type: 'connect-clicked', data: { integration: 'nope' } }, fromTab('https://app.rox.com/integrations'), SELF, failing);
    expect(reply).toMatchObject({ ok: false });
    expect(!reply.ok && reply.error.length).toBe(200);
  });
});
