/**
 * Detectors against pages shaped like the real captures and like an attacker would shape them: minified
 * markup, look-alike names, badges and publisher lines out of place, hostile $Config text. Hand-written
 * here on purpose (not the sandbox's renderers), so the detectors meet markup they were not built on.
 */
import { describe, expect, it } from 'vitest';
import { SANDBOX_ROX_CLIENT_ID } from '../../src/catalog';
import { configFacts, parseConfig } from '../../src/detect/page';
import { detectSignInPage, mayBeOurs } from '../../src/detect/signin';
import { mayNameRox } from '../../src/detect/text';
import type { PageInput } from '../../src/detect/types';

const REPROCESS = 'https://login.microsoftonline.com/common/reprocess?ctx=abc';
const ROX_CONTEXT = { authorize: { clientId: SANDBOX_ROX_CLIENT_ID, scopes: ['Calendars.Read'], redirectUri: 'https://app.rox.com/cb', loginHint: '', tenant: 'organizations' } };
const input = (html: string, url = REPROCESS, context?: PageInput['context']): PageInput => ({ url: new URL(url), doc: new DOMParser().parseFromString(html, 'text/html'), context });

/** Approval required as users copied it (docs/microsoft-pages.md), minified: no whitespace between elements. */
function approval({ app = 'Rox 365 Integration', publisher = '<div>rox.com</div>', lang = 'en', config = '{"sCtx":"x"}', extra = '' } = {}) {
  return (
    `<!DOCTYPE html><html lang="${lang}"><head><script>//<![CDATA[\n$Config=${config};\n//]]></script></head><body class="cb">` +
    `<div id="lightbox"><form method="post"><img alt="Organization banner logo"><div>megan@fabrikam.com</div>` +
    `<div role="heading" aria-level="1">Approval required</div><div>${app}</div>${publisher}` +
    `<div>This app requires your admin's approval to:</div><ul><li><div>Read user calendars</div><div>Allows the app to read events in user calendars.</div><div>This is a permission requested to access your data in Fabrikam.</div></li></ul>` +
    `<textarea placeholder="Enter justification for requesting this app"></textarea><input type="submit" value="Request approval">` +
    `<div>Sign in with another account</div><div>Does this app look suspicious? Report it here</div>${extra}</form></div></body></html>`
  );
}

describe('minified markup', () => {
  it('the gate opens on a genuine minified page with no client id in sight (text per node, not glued)', () => {
    const page = input(approval());
    expect(page.doc.body.textContent).toContain('Approval requiredRox 365 Integration'); // what glued text would read
    expect(mayBeOurs(page)).toBe(true);
    expect(detectSignInPage(page)).toMatchObject({ kind: 'approval-required', appName: 'Rox 365 Integration', publisher: 'rox.com', lang: 'en' });
  });
  it('reads each permission label, not its description', () => {
    expect(detectSignInPage(input(approval()))?.permissions).toEqual(['Read user calendars']);
  });
  it('"Proxy" in another app\'s page does not open the gate', () => {
    expect(mayBeOurs(input(approval({ app: 'Contoso Proxy Manager', publisher: '<div>contoso.com</div>' })))).toBe(false);
  });
});

describe('look-alike names reach the guard (the worker decides)', () => {
  it.each(['Rοx 365 Integration', 'Ro\u200Bx 365 Integration', 'Ｒｏｘ 365 Integration', 'R0x 365 Integration', 'RoxData 365 Integration', 'Rox 365 lntegration', 'Contoso Notes for Rox', 'ʀᴏx 365 Integration', 'Rax 365 Integration'])(
    '%s is detected, with its name as shown',
    (app) => {
      const m = detectSignInPage(input(approval({ app, publisher: '<div>contoso.com</div>' })));
      expect(m?.kind).toBe('approval-required');
      expect(m?.appName).toBe(app);
    },
  );
  it('an unrelated app stays silent', () => {
    expect(detectSignInPage(input(approval({ app: 'Contoso Notes', publisher: '<div>contoso.com</div>' })))).toBeNull();
  });
  it('mayNameRox: the pre-filter is cheap and bounded', () => {
    expect(mayNameRox('Rοx')).toBe(true);
    expect(mayNameRox('x'.repeat(1000) + ' Rox')).toBe(false);
    expect(mayNameRox('Sign in with another account')).toBe(false);
  });
});

describe('publisher and badge are read from their place in the layout', () => {
  it('no publisher line: none (the next sentence is not the publisher)', () => {
    expect(detectSignInPage(input(approval({ publisher: '' })))?.publisher).toBeUndefined();
  });
  it('a "verified" label outside the app header does not verify the app', () => {
    const m = detectSignInPage(input(approval({ publisher: '<div>rox-connect.test</div>', extra: '<span aria-label="verified">✔</span>' })));
    expect(m?.verified).toBeNull();
  });
  it('"unverified" in the header is read as unverified', () => {
    expect(detectSignInPage(input(approval({ publisher: '<div><span>unverified</span></div><div>rox-connect.test</div>' })))).toMatchObject({ verified: false, publisher: 'rox-connect.test' });
  });
  it('the name beside the badge is the publisher', () => {
    expect(detectSignInPage(input(approval({ publisher: '<div><span>Rox Data Corp.</span><span role="img" aria-label="verified">✔</span></div>' })))).toMatchObject({ publisher: 'Rox Data Corp.', verified: true });
  });
});

describe('$Config', () => {
  const consent = {
    pgid: 'ConvergedConsent',
    sAppName: 'Rox 365 Integration',
    sAppVerifiedPublisherName: 'Rox Data Corp.',
    arrAppReplyUrls: ['https://app.rox.com/integrations/microsoft/callback'],
    arrScopes: [{ label: 'Read your calendars', adminLabel: 'Read user calendars', description: 'x', adminDescription: 'y' }],
    fUnknown: { nested: ['}', '{', '"'] },
    sTrap: '"}; alert(1); $Config={"sAppVerifiedPublisherName":"Evil"}',
  };
  it('is parsed as JSON, never executed, unknown keys and braces in strings skipped', () => {
    const script = `//<![CDATA[\n$Config=${JSON.stringify(consent).replace(/</g, '\\u003c')};\n//]]>`;
    const c = parseConfig(script)!;
    expect(c.pgid).toBe('ConvergedConsent');
    expect(configFacts(c)).toEqual({ appName: 'Rox 365 Integration', verifiedPublisher: 'Rox Data Corp.', replyUrls: ['https://app.rox.com/integrations/microsoft/callback'], scopeLabels: ['Read user calendars'] });
  });
  it('an empty verified publisher name is kept as empty (present, not verified)', () => {
    expect(configFacts({ sAppVerifiedPublisherName: '' })).toEqual({ verifiedPublisher: '' });
  });
  it.each(['$Config={', '$Config={"a":', '$Config=[1,2]', '$Config={a:1}', 'no config', '$Config={"a":"\\'])('malformed (%s) gives nothing and does not throw', (script) => {
    expect(configFacts(parseConfig(script))).toEqual({});
  });
  it('wrong types are ignored', () => {
    expect(configFacts({ sAppName: 5, arrAppReplyUrls: 'x', arrScopes: [null, 3, { label: 7 }] })).toEqual({});
  });
  it('a page carrying it reports it; a page without it reports nothing', () => {
    const withConfig = detectSignInPage(input(approval({ config: JSON.stringify(consent) })))!;
    expect(withConfig.config?.verifiedPublisher).toBe('Rox Data Corp.');
    expect(detectSignInPage(input(approval()))!.config).toEqual({});
  });
  it('is bounded: a 1 MB script is cut, not parsed whole', () => {
    const big = `$Config={"sAppName":"${'a'.repeat(1_000_000)}"}`;
    expect(parseConfig(big.slice(0, 300_000))).toBeNull();
  });
});

describe('page language', () => {
  it('is read from <html lang>', () => {
    expect(detectSignInPage(input(approval({ lang: 'de-DE' })))?.lang).toBe('de-de');
  });
});

describe('odd URLs', () => {
  it.each([
    'https://login.microsoftonline.com/%E0%A4%A/oauth2/v2.0/authorize?client_id=%&scope=%ZZ',
    'https://login.microsoftonline.com/common/oauth2/v2.0/authorize?CLIENT_ID=' + SANDBOX_ROX_CLIENT_ID,
    'http://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=' + SANDBOX_ROX_CLIENT_ID,
    'https://login.microsoftonline.com.evil.test/common/oauth2/v2.0/authorize?client_id=' + SANDBOX_ROX_CLIENT_ID,
  ])('%s never throws', (url) => {
    expect(() => detectSignInPage(input(approval(), url, ROX_CONTEXT))).not.toThrow();
  });
});

describe('the consent prompt is recognised by either of Microsoft\'s markers alone', () => {
  const consent = (head: string, config: string) =>
    `<!DOCTYPE html><html lang="en"><head>${head}<script>$Config=${config};</script></head><body><form method="post"><div>megan@fabrikam.com</div>` +
    `<div role="heading">Permissions requested</div><div>Rox 365 Integration</div><div>rox.com</div><div>This app would like to:</div><ul><li><div>Read user calendars</div></li></ul>` +
    `<input type="submit" id="idBtn_Back" value="Cancel"><input type="submit" id="idSIButton9" value="Accept"></form></body></html>`;
  it('the PageID meta without $Config.pgid', () => {
    const m = detectSignInPage(input(consent('<meta name="PageID" content="ConvergedConsent">', '{"sCtx":"x"}'), REPROCESS, ROX_CONTEXT));
    expect(m?.kind).toBe('user-consent');
    expect(m?.signals).toEqual(['meta:PageID']);
  });
  it('$Config.pgid without the PageID meta', () => {
    const m = detectSignInPage(input(consent('', '{"pgid":"ConvergedConsent"}'), REPROCESS, ROX_CONTEXT));
    expect(m?.kind).toBe('user-consent');
    expect(m?.signals).toEqual(['config:pgid']);
  });
  it('neither: not a consent prompt', () => {
    expect(detectSignInPage(input(consent('', '{"sCtx":"x"}'), REPROCESS, ROX_CONTEXT))).toBeNull();
  });
});

describe("Rox's Integrations page, recognised by what it shows", () => {
  const page = (body: string) => ({ url: new URL('https://app.rox.com/integrations'), doc: new DOMParser().parseFromString(`<!DOCTYPE html><body>${body}</body>`, 'text/html') });
  const tile = (name: string, control = '<a href="/c">Connect</a>') => `<div class="card"><div><h3>${name}</h3><p>Microsoft</p></div><div>${control}</div></div>`;
  it('without data-* hooks: a tile with the integration\'s name and one Connect control', async () => {
    const { isRoxIntegrations } = await import('../../src/detect/rox');
    const m = isRoxIntegrations(page(`<h1>Integrations</h1>${tile('Outlook Calendar')}${tile('Outlook Mail', '<button>Reconnect</button>')}${tile('Salesforce')}`));
    expect(m?.rox?.integrations?.map((t) => [t.id, t.connect.textContent])).toEqual([
      ['outlook-calendar', 'Connect'],
      ['outlook-mail', 'Reconnect'],
    ]);
  });
  it('a name in running text, or two Connect controls in one block, is not a tile', async () => {
    const { isRoxIntegrations } = await import('../../src/detect/rox');
    expect(isRoxIntegrations(page('<p>Outlook Calendar</p><a>Connect</a>'))).toBeNull();
    expect(isRoxIntegrations(page('<section><h3>Outlook Calendar</h3><a>Connect</a><a>Connect</a></section>'))).toBeNull();
  });
});
