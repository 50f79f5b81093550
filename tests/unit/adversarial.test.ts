/**
 * The fixture set, attacker first: every fixture that says what the guard must conclude (`app`) is detected
 * and judged as the worker would judge it (detectSignInPage, then verdictFor with the request the page or
 * its tab context carries). 'rox' pages are never red, 'lookalike' pages are always red (and so get no Rox
 * help), 'other' pages get no verdict. Plus: nothing throws on any fixture, the hidden-body variants render
 * late, and the sandbox's pages are what they claim to be (the variants really are minified, hidden,
 * German...; $Config is valid JSON with the keys docs/microsoft-pages.md lists; no Microsoft fact comes
 * from src/).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectSignInPage } from '../../src/detect/signin';
import type { PageInput } from '../../src/detect/types';
import { verdictFor } from '../../src/guard';
import { ADVERSARIAL_APPS, PROBE_REDIRECT, ROX } from '../sandbox/apps';
import { GRAPH_PERMISSIONS, permissionTexts } from '../sandbox/graph';
import { fixtures, renderRaw, type Fixture } from '../fixtures/pages';

const ALL = fixtures();
const SETTINGS = { probeRedirect: PROBE_REDIRECT };
const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');
const input = (f: Fixture, html = f.html): PageInput => ({ url: new URL(f.url), doc: parse(html), context: f.context });
const judged = (f: Fixture) => {
  const match = detectSignInPage(input(f));
  return { match, verdict: match ? verdictFor(match, SETTINGS) : null };
};
const named = (app: Fixture['app']) => ALL.filter((f) => f.app === app).map((f) => [f.name, f] as const);

/** The JSON text of a page's `$Config` (the sandbox writes it as `$Config=<json>;` then `//]]>`). */
function configOf(html: string): Record<string, unknown> {
  const m = /\$Config=([\s\S]*?);\s*\/\/\]\]>/.exec(html);
  if (!m) throw new Error('no $Config');
  return JSON.parse(m[1]!) as Record<string, unknown>;
}

describe('what the guard concludes', () => {
  it('has fixtures of each conclusion, in every locale for the genuine app', () => {
    for (const app of ['rox', 'lookalike', 'other'] as const) expect(named(app).length, app).toBeGreaterThan(0);
    for (const l of ['en-US', 'en-GB', 'de', 'ja', 'fr']) expect(ALL.some((f) => f.app === 'rox' && f.name.includes(`[${l}`) && f.markup)).toBe(true);
    for (const a of ADVERSARIAL_APPS) expect(ALL.some((f) => f.name.startsWith(`look-alike ${a.slug}:`))).toBe(true);
  });

  it.each(named('rox'))('%s: the genuine app is never red', (_n, f) => {
    const { match, verdict } = judged(f);
    if (f.kind) expect(match?.kind, 'not recognised').toBe(f.kind);
    expect(verdict?.level, `reasons: ${verdict?.reasons.join(', ')}; extras: ${verdict?.extras.join(', ')}`).not.toBe('suspicious');
    // Rox's help may show wherever the request is proven Rox's (URL or tab context).
    if (verdict && match?.authorize?.clientId === ROX.clientId) expect(verdict.rox).toBe(true);
  });

  it.each(named('lookalike'))('%s: red, so no Rox help', (_n, f) => {
    const { match, verdict } = judged(f);
    expect(match?.kind, 'not recognised: a look-alike must reach the guard').toBe(f.kind);
    expect(verdict?.level, `reasons: ${verdict?.reasons.join(', ')}`).toBe('suspicious');
  });

  it.each(named('other'))('%s: nothing to do with Rox, no verdict', (_n, f) => {
    expect(judged(f).verdict).toBeNull();
  });
});

describe('hostile input never throws', () => {
  it.each(ALL.map((f) => [f.name, f] as const))('%s', (_n, f) => {
    expect(() => judged(f)).not.toThrow();
  });
});

describe('body hidden until rendered', () => {
  const hidden = ALL.filter((f) => f.raw && f.kind);
  it('has hidden-body fixtures', () => expect(hidden.length).toBeGreaterThan(0));
  it.each(hidden.map((f) => [f.name, f] as const))('%s: not recognised as served, recognised once built and shown', (_n, f) => {
    const doc = parse(f.raw!);
    expect(doc.body.getAttribute('style')).toBe('display: none');
    expect(detectSignInPage({ url: new URL(f.url), doc, context: f.context })).toBeNull();
    const r = renderRaw(doc);
    r.built();
    r.shown();
    expect(detectSignInPage({ url: new URL(f.url), doc, context: f.context })?.kind).toBe(f.kind);
  });
});

describe('the sandbox pages are what they claim', () => {
  const one = (name: string) => {
    const f = ALL.find((x) => x.name === name);
    if (!f) throw new Error(`no fixture "${name}"`);
    return f;
  };

  it('minified: body.textContent glues the title to the app name', () => {
    const doc = parse(one('rox approval required, minified [en-US, authorize-url]').html);
    expect(doc.body.textContent).toContain('Approval requiredRox 365 Integration');
    expect(doc.body.innerHTML).not.toMatch(/>\s+</);
  });

  it('captured: banner logo alt, descriptions, the tenant line, the placeholder, an <input> Request approval', () => {
    const doc = parse(one('rox approval required, captured [en-US, authorize-url]').html);
    expect(doc.querySelector('img[alt="Organization banner logo"]')).not.toBeNull();
    const text = doc.body.textContent!;
    expect(text).toContain('Allows the app to read events in user calendars.');
    expect(text).toContain('This is a permission requested to access your data in Fabrikam.');
    expect(doc.querySelector('textarea')?.getAttribute('placeholder')).toBe('Enter justification for requesting this app');
    expect(doc.querySelector('input[type=submit]')?.getAttribute('value')).toBe('Request approval');
    expect(text).toContain('Does this app look suspicious? Report it here');
    expect(doc.querySelector('.publisher-domain')?.textContent).toBe('rox.com');
    expect(parse(one('rox approval required, captured, no publisher line [en-US, authorize-url]').html).querySelector('.publisher-domain')).toBeNull();
  });

  it('German pages list German permission names, in plain ASCII (an "is it English?" test cannot be an ASCII test)', () => {
    const doc = parse(one('approval required [de, reprocess]').html);
    const labels = Array.from(doc.querySelectorAll('li')).map((li) => (li.firstElementChild ?? li).textContent!.trim());
    expect(labels).toContain('Benutzerkalender lesen');
    expect(labels).toContain('Vollzugriff auf Benutzerkalender');
    for (const l of labels) expect(l).toMatch(/^[\x20-\x7e]+$/);
    expect(doc.documentElement.lang).toBe('de-DE');
    expect(parse(one('rox approval required, short html lang [de, reprocess]').html).documentElement.lang).toBe('de');
  });

  it('ConvergedConsent pages carry the app keys in valid JSON; the verified publisher is empty for unverified apps', () => {
    const c = configOf(one('user consent [en-US, authorize-url]').html);
    expect(c).toMatchObject({ pgid: 'ConvergedConsent', sAppName: 'Rox 365 Integration', sAppVerifiedPublisherName: 'Rox Data Corp.', sAppWebsite: 'https://rox.com', fAppInDifferentTenant: true });
    expect(c.arrAppReplyUrls).toEqual(ROX.redirectUris);
    expect(c.arrScopes).toContainEqual({ label: 'Read your calendars', description: 'Allows the app to read events in your calendars.', adminLabel: 'Read user calendars', adminDescription: 'Allows the app to read events in user calendars.' });
    for (const a of ADVERSARIAL_APPS) {
      const ac = configOf(one(`look-alike ${a.slug}: user consent [en-US]`).html);
      expect(ac.sAppName).toBe(a.name);
      expect(ac.sAppVerifiedPublisherName, a.slug).not.toBe('Rox Data Corp.');
      expect(ac.sAppVerifiedPublisherName).toBe(a.verified ? a.publisher : '');
    }
  });

  it('Approval required carries the app keys only in the variant that asks for them', () => {
    expect(configOf(one('approval required [en-US, authorize-url]').html)).not.toHaveProperty('sAppName');
    expect(configOf(one('rox approval required, app $Config [en-US, authorize-url]').html)).toHaveProperty('sAppVerifiedPublisherName', 'Rox Data Corp.');
  });

  it('unknown $Config keys: nested decoys, braces and quotes in strings, an escaped </script>', () => {
    const f = one('rox user consent, unknown $Config keys [en-US, authorize-url]');
    const c = configOf(f.html);
    expect(c).toMatchObject({ fFoo: true, iBar: 42, sAppName: 'Rox 365 Integration' });
    expect((c.oNested as { sAppName: string }).sAppName).toBe('Microsoft Authenticator');
    expect(Object.keys(c).indexOf('oNested')).toBeLessThan(Object.keys(c).indexOf('sAppName'));
    expect(f.html).toContain('\\u003c/script>');
    // No string in $Config can end the inline script.
    expect(/\$Config=[\s\S]*?\/\/\]\]>/.exec(f.html)![0]).not.toMatch(/<\/script/i);
  });

  it('the config-injection look-alike\'s name stays inside its JSON string', () => {
    const c = configOf(ALL.find((f) => f.name === 'look-alike config-injection: user consent [en-US]')!.html);
    expect(c.sAppVerifiedPublisherName).toBe('');
    expect(c.sAppName).toContain('"sAppVerifiedPublisherName":"Rox Data Corp."');
  });

  it('every look-alike has its own client id, and none is Rox\'s', () => {
    const ids = new Set(ADVERSARIAL_APPS.map((a) => a.clientId));
    expect(ids.size).toBe(ADVERSARIAL_APPS.length);
    expect(ids.has(ROX.clientId)).toBe(false);
  });

  it('the Graph table has the texts of every scope the sandbox apps ask for, in English and German', () => {
    const scopes = new Set(ADVERSARIAL_APPS.flatMap((a) => a.scopes));
    for (const s of scopes) {
      expect(GRAPH_PERMISSIONS.some((p) => p.scope.toLowerCase() === s.toLowerCase()), s).toBe(true);
      expect(permissionTexts(s, 'de').adminLabel, s).not.toBe(permissionTexts(s, 'en-US').adminLabel);
    }
  });

  it('takes no Microsoft fact from src/: the only import is the sandbox Rox client id', () => {
    const dir = join(import.meta.dirname, '../sandbox');
    for (const file of readdirSync(dir).filter((f) => /\.[jt]s$/.test(f))) {
      const imports = readFileSync(join(dir, file), 'utf8')
        .split('\n')
        .filter((l) => /from ['"](\.\.\/)+src\//.test(l) || /import\(['"](\.\.\/)+src\//.test(l));
      for (const l of imports) expect(l, file).toMatch(/^import \{ SANDBOX_ROX_CLIENT_ID \} from '\.\.\/\.\.\/src\/catalog\/index\.js';$/);
    }
  });
});
