/** Structure the project relies on, guarded by tests: steps, locales, manifest, banned APIs. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { CONSENT_ERROR_CODES } from '../../src/detect/signin';
import { FLOW_STATES, PROBE_RESULTS } from '../../src/flow/model';
import { REASONS, UNCHECKED } from '../../src/guard';
import { CALLBACK_ERROR_CODES } from '../../src/steps/user/rox-callback';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { MESSAGE_TYPES, PageReportSchema } from '../../src/shared/messages';
import { EXTENSION_PAGE_MESSAGES, HOSTS_WITHOUT_SITE, SITES } from '../../src/sites';
import { ADMIN_STEPS, ROX_STEPS, SIGN_IN_STEPS } from '../../src/steps';
import type { Step } from '../../src/steps/types';
import { adminFixtures } from '../fixtures/admin';
import { fixtures, roxFixtures } from '../fixtures/pages';

const root = join(import.meta.dirname, '../..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');
const files = (dir: string): string[] =>
  readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
interface Message {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}
const messagesOf = (l: string) => JSON.parse(read(`public/_locales/${l}/messages.json`)) as Record<string, Message>;
const LOCALES = readdirSync(join(root, 'public/_locales'));
const under = (s: string) => s.replace(/-/g, '_');

describe('steps', () => {
  const steps = [...SIGN_IN_STEPS, ...ROX_STEPS, ...ADMIN_STEPS];
  it('registers every step file, under its file name, with a non-empty include', () => {
    const onDisk = ['user', 'admin'].flatMap((d) => readdirSync(join(root, `src/steps/${d}`))).map((f) => f.replace(/\.tsx?$/, '')).sort();
    expect(steps.map((s) => s.id).sort()).toEqual(onDisk);
    for (const s of steps) expect(s.include.length, `${s.id} has an empty include`).toBeGreaterThan(0);
  });
  it('has fixtures for every page kind a step runs on', () => {
    const kinds = new Set<string | null>([...fixtures(), ...roxFixtures()].map((f) => f.kind));
    // The admin center's fixtures are per blade (tests/fixtures/admin.ts); the Permissions blade is admin-permissions.
    if (adminFixtures().some((f) => f.rendered && f.expect.blade === 'permissions')) kinds.add('admin-permissions');
    if (adminFixtures().some((f) => f.rendered && f.expect.blade === 'access-requests')) kinds.add('admin-requests');
    if (adminFixtures().some((f) => f.rendered && f.expect.blade === 'consent-settings')) kinds.add('admin-consent-settings');
    if (adminFixtures().some((f) => f.rendered && f.expect.blade === 'apps')) kinds.add('admin-apps');
    for (const s of steps) for (const k of s.include) expect(kinds, `${s.id} runs on ${k}, which has no fixture`).toContain(k);
  });
  it('lets no two steps claim the same page kind', () => {
    const kinds = steps.flatMap((s) => s.include);
    expect(new Set(kinds).size).toBe(kinds.length);
  });
});

describe('locales', () => {
  const en = messagesOf('en');
  const enKeys = Object.keys(en).sort();
  const others = LOCALES.filter((l) => l !== 'en');
  /** `$NAME$` references in a message, lower-cased (Chrome matches placeholder names case-insensitively). */
  const refs = (m: string) => [...new Set([...m.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((x) => x[1]!.toLowerCase()))].sort();

  it('has en, de, es, fr, ja and pt_BR (Chrome\'s folder names), and en is the default locale', () => {
    expect([...LOCALES].sort()).toEqual(['de', 'en', 'es', 'fr', 'ja', 'pt_BR']);
    expect(JSON.parse(read('manifest.json')).default_locale).toBe('en');
  });
  it.each(LOCALES)('%s: valid JSON of well-formed entries with non-empty messages', (l) => {
    const m = messagesOf(l);
    for (const [k, v] of Object.entries(m)) {
      expect(k, `${l}: key ${k}`).toMatch(/^(?!@@)[A-Za-z0-9_@]+$/);
      expect(Object.keys(v).filter((f) => !['message', 'description', 'placeholders'].includes(f)), `${l}:${k} fields`).toEqual([]);
      expect(typeof v.message === 'string' && v.message.trim().length > 0, `${l}:${k} has an empty message`).toBe(true);
      // A literal $ that is not a placeholder reference or $$ would be eaten by Chrome.
      expect(v.message.replace(/\$\$|\$[A-Za-z0-9_@]+\$/g, ''), `${l}:${k} has a stray $`).not.toContain('$');
    }
  });
  it.each(LOCALES)('%s: the manifest\'s texts fit the stores\' limits (name 75, short name 12, description 132 characters)', (l) => {
    const m = messagesOf(l);
    expect(m.extName!.message.length).toBeLessThanOrEqual(75);
    expect(m.extShortName!.message.length).toBeLessThanOrEqual(12);
    expect(m.extDescription!.message.length).toBeLessThanOrEqual(132);
  });
  it.each(others)('%s has exactly the English keys', (l) => {
    const keys = Object.keys(messagesOf(l)).sort();
    expect(enKeys.filter((k) => !keys.includes(k)), `${l} lacks`).toEqual([]);
    expect(keys.filter((k) => !en[k]), `${l} has keys en does not`).toEqual([]);
  });
  it.each(LOCALES)('%s: placeholders are defined where used, and match English (names, contents); descriptions stay English', (l) => {
    const m = messagesOf(l);
    for (const [k, v] of Object.entries(m)) {
      const defined = Object.keys(v.placeholders ?? {}).map((n) => n.toLowerCase()).sort();
      expect(refs(v.message), `${l}:${k}: every $NAME$ used is defined and every placeholder used`).toEqual(defined);
      const e = en[k];
      if (!e || l === 'en') continue;
      expect(refs(v.message), `${l}:${k} uses other $NAME$s than en`).toEqual(refs(e.message));
      const contents = (x: Message) => Object.fromEntries(Object.entries(x.placeholders ?? {}).map(([n, p]) => [n, p.content]));
      expect(contents(v), `${l}:${k} placeholders`).toEqual(contents(e));
      if (v.description !== undefined || e.description !== undefined) expect(v.description, `${l}:${k} description (for translators, in English)`).toBe(e.description);
    }
  });
  it.each(others)('%s is translated, not a copy of English', (l) => {
    // A message may equal English only when it is nothing but names that stay untranslated (Rox, Microsoft 365,
    // Calendars.Read...), placeholders, digits and symbols, or a word both languages share ("App", "Problem:").
    // The latter are allowed up to 5% of the keys: more than that is a copy, not a coincidence.
    const m = messagesOf(l);
    const copies = enKeys.filter((k) => m[k]?.message === en[k]!.message && /\p{L}/u.test(bareOfNames(en[k]!.message)));
    expect(copies.length / enKeys.length, `${l}: same as English: ${copies.join(', ')}`).toBeLessThan(0.05);
  });

  const src = sourceScan();
  it('has every key the code asks for', () => {
    const used = new Set<string>(src.keys);
    // Keys built from data (the code builds them in templates; every value must have its key):
    for (let n = 1; n <= 7; n++) used.add(`step${n}`);
    for (const s of FLOW_STATES) used.add(`state_${under(s)}`).add(`next_${under(s)}`);
    for (const r of REASONS) used.add(`reason_${under(r)}`);
    for (const u of UNCHECKED) used.add(`unchecked_${under(u)}`);
    for (const c of CONSENT_ERROR_CODES) used.add(`error_${c}`);
    for (const c of CALLBACK_ERROR_CODES) used.add(`callbackError_${c}`);
    for (const p of PROBE_RESULTS) used.add(`probeResult_${under(p)}`);
    for (const k of ['ok', 'bad', 'unknown']) used.add(`checkMark_${k}`);
    for (const k of read('manifest.json').matchAll(/__MSG_(\w+)__/g)) used.add(k[1]!);
    // Settings' validation problems and the options page's texts travel as keys (bad('errExpiryDays', ...)).
    for (const k of src.literals) if (/^(err|opt)[A-Z]\w*$/.test(k)) used.add(k);
    const missing = [...used].filter((k) => !en[k]);
    expect(missing, 'add these keys to public/_locales/*/messages.json').toEqual([]);
    // Every key built in a template (`step${n}`, `reason_${r}`) has some key with its prefix.
    for (const p of src.prefixes) expect(enKeys.some((k) => k.startsWith(p)), `t(\`${p}\${…}\`) matches no key`).toBe(true);
  });
  it('lists the English keys nothing uses', () => {
    // Used: a string literal equal to the key anywhere in src/ (keys are passed around, e.g. callbackErrorKey),
    // a __MSG_key__ in manifest.json, or a prefix a template in src/ builds keys from (`checkMark_${mark}`).
    const manifest = read('manifest.json');
    const unused = enKeys.filter((k) => !src.literals.has(k) && !manifest.includes(`__MSG_${k}__`) && !src.built.some((p) => k.startsWith(p)));
    if (unused.length) console.info(`en keys nothing in src/ uses: ${unused.join(', ')}`);
    expect(unused.filter((k) => !KNOWN_UNUSED.includes(k)), 'unused keys: use them, delete them everywhere, or list them in KNOWN_UNUSED').toEqual([]);
  });
  it('keeps UI strings out of components: JSX text, rendered literals and label attributes go through t()', () => {
    expect(src.inline, 'move these into public/_locales (en and every translation)').toEqual([]);
  });
  it('keeps UI strings out of the extension\'s HTML pages (their text comes from the script)', () => {
    for (const f of files('src').filter((f) => f.endsWith('.html'))) {
      const text = read(f)
        .replace(/<title>[^<]*<\/title>/, (m) => (/\p{L}/u.test(bareOfNames(m.replace(/<\/?title>/g, ''))) ? m : ''))
        .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>|<[^>]*>/g, ' ');
      expect(text.trim() === '' ? [] : [text.trim()], f).toEqual(HTML_ALLOWED[f] ?? []);
    }
  });
});

/** Keys no code uses today, each with why it stays. */
const KNOWN_UNUSED: string[] = [
  // The approval check page's title: the page is offscreen (Firefox: the background page), so nobody sees it.
  'probeTitle',
];
/** Inline text in HTML pages nobody sees (the offscreen check page), by file. */
const HTML_ALLOWED: Record<string, string[]> = { 'src/probe/probe.html': ['Rox Consent Companion: approval check'] };

/** Names kept as they are in every language; with placeholders and permission names, no translation is due. */
const UNTRANSLATED = ['Rox Consent Companion', 'Rox 365 Integration', 'Rox Data Corp.', 'Rox Consent', 'Microsoft Entra', 'Microsoft Graph', 'Microsoft 365', 'Outlook Calendar', 'Outlook Mail', 'Microsoft', 'Outlook', 'Rox'];
function bareOfNames(message: string): string {
  let s = message.replace(/\$[A-Za-z0-9_@]+\$/g, ' ').replace(/\b[A-Z][A-Za-z]+\.[A-Z][A-Za-z]+\b/g, ' ');
  for (const n of UNTRANSLATED) s = s.split(n).join(' ');
  return s;
}

/**
 * What src/ does with UI strings, read from the TypeScript syntax tree:
 * - keys: literal keys given to t() / i18n.getMessage() (all branches of a ?: or ||), and *Key: 'literal' properties;
 * - prefixes: the fixed start of keys built in templates, t(`reason_${r}`); built: that of any template in src/;
 * - literals: every string literal (a key can be passed around before it reaches t());
 * - inline: text a .tsx renders without t(): JSX text, string literals and template text in JSX children, and in
 *   attributes people read (aria-label, title, placeholder, alt, label...). Text without letters (✓ ✗ ? · ⇆ –) is fine.
 */
function sourceScan() {
  const keys = new Set<string>();
  const prefixes = new Set<string>();
  const built = new Set<string>();
  const literals = new Set<string>();
  const inline: string[] = [];
  const READ_ATTRS = /^(aria-(label|description|roledescription|valuetext|placeholder)|title|placeholder|alt|label|buttonLabel)$/;
  const hasWords = (s: string) => /\p{L}/u.test(s) && !INLINE_ALLOWED.some((ok) => ok.test(s.trim()));
  for (const f of files('src').filter((f) => /\.tsx?$/.test(f))) {
    const sf = ts.createSourceFile(f, read(f), ts.ScriptTarget.Latest, true, f.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const where = (n: ts.Node) => `${f}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`;
    /** The key(s) an expression given to t() can be. */
    const keyArg = (e: ts.Expression): void => {
      if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) keys.add(e.text);
      else if (ts.isTemplateExpression(e)) prefixes.add(e.head.text);
      else if (ts.isConditionalExpression(e)) (keyArg(e.whenTrue), keyArg(e.whenFalse));
      else if (ts.isParenthesizedExpression(e)) keyArg(e.expression);
      else if (ts.isBinaryExpression(e) && [ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(e.operatorToken.kind)) (keyArg(e.left), keyArg(e.right));
    };
    /** Text an expression rendered in JSX (or put in a read attribute) shows without t(). */
    const rendered = (e: ts.Expression | undefined): void => {
      if (!e) return;
      if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) {
        if (hasWords(e.text)) inline.push(`${where(e)}: ${JSON.stringify(e.text)}`);
      } else if (ts.isTemplateExpression(e)) {
        for (const part of [e.head, ...e.templateSpans.map((s) => s.literal)]) if (hasWords(part.text)) inline.push(`${where(part)}: ${JSON.stringify(part.text)}`);
        for (const s of e.templateSpans) rendered(s.expression);
      } else if (ts.isConditionalExpression(e)) (rendered(e.whenTrue), rendered(e.whenFalse));
      else if (ts.isParenthesizedExpression(e)) rendered(e.expression);
      else if (ts.isBinaryExpression(e) && [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(e.operatorToken.kind)) {
        if (e.operatorToken.kind !== ts.SyntaxKind.AmpersandAmpersandToken) rendered(e.left);
        rendered(e.right);
      } else if (ts.isArrayLiteralExpression(e)) e.elements.forEach((x) => rendered(x));
    };
    const visit = (n: ts.Node): void => {
      if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) literals.add(n.text);
      if (ts.isTemplateExpression(n) && /^[a-z]\w+$/.test(n.head.text)) built.add(n.head.text);
      if (ts.isCallExpression(n) && n.arguments[0]) {
        const callee = n.expression;
        const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
        if (name === 't' || name === 'getMessage') keyArg(n.arguments[0]);
      }
      if (ts.isPropertyAssignment(n) && /Key$/.test(n.name.getText(sf)) && ts.isStringLiteral(n.initializer)) keys.add(n.initializer.text);
      if (ts.isJsxText(n) && hasWords(n.text)) inline.push(`${where(n)}: ${JSON.stringify(n.text.trim())}`);
      if (ts.isJsxExpression(n) && (ts.isJsxElement(n.parent) || ts.isJsxFragment(n.parent))) rendered(n.expression);
      if (ts.isJsxAttribute(n) && READ_ATTRS.test(n.name.getText(sf)) && n.initializer) {
        if (ts.isStringLiteral(n.initializer)) rendered(n.initializer);
        else if (ts.isJsxExpression(n.initializer)) rendered(n.initializer.expression);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return { keys, prefixes: [...prefixes], built: [...built], literals, inline };
}
/** Text with letters that may be written inline: not language, so nothing to translate. */
const INLINE_ALLOWED: RegExp[] = [
  /^https:\/\/[\w.-]+\/?$/, // an example address (the options page's placeholder)
];

describe('safety rules', () => {
  it('never turns text into HTML or code in src/', () => {
    for (const f of files('src')) expect(read(f), f).not.toMatch(/dangerouslySetInnerHTML|\.innerHTML\s*=|insertAdjacentHTML|document\.write\(|\beval\(|new Function\(/);
  });
  it('calls chrome.* only in the platform module', () => {
    for (const f of files('src').filter((f) => !f.includes('platform'))) expect(read(f), f).not.toMatch(/\bchrome\./);
  });
  it('asks for exact hosts and only the permissions the code uses', () => {
    const { optional_host_permissions: optional, ...m } = JSON.parse(read('manifest.json'));
    expect(JSON.stringify(m)).not.toMatch(/<all_urls>|\*:\/\/\*\/|https:\/\/\*\/\*/);
    // Extra Rox origins (options page): asked at runtime, one exact origin at a time, never at install.
    expect(optional).toEqual(['https://*/*']);
    const src = files('src').map(read).join('\n');
    for (const p of m.permissions as string[]) expect(src, `permission ${p} is not used`).toMatch(new RegExp(`browser\\.${p}\\.|\\b${p}\\.`));
    expect(m.web_accessible_resources).toBeUndefined();
  });
});

/** Relative imports that survive compilation (type-only ones are erased), resolved to files, plus packages. */
function importGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const m of read(file).matchAll(IMPORT)) {
      const spec = (m[1] ?? m[2])!;
      if (!spec.startsWith('.')) {
        packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
        continue;
      }
      const base = normalize(join(dirname(file), spec.replace(/\?.*$/, '')));
      const found = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((f) => /\.(tsx?|css)$/.test(f) && existsSync(join(root, f)));
      if (!found) throw new Error(`${file}: cannot resolve ${spec}`);
      if (!found.endsWith('.css')) visit(found);
    }
  };
  visit(entry);
  return { files, packages };
}

describe('sites', () => {
  const manifest = JSON.parse(read('manifest.json')) as { host_permissions: string[]; content_scripts: { matches: string[]; js: string[]; all_frames?: boolean; run_at?: string }[] };
  const PAGE_KINDS = PageReportSchema.entries.kind.options;

  it('gives each site exactly one content script in manifest.json, as the registry says', () => {
    expect(manifest.content_scripts.map((c) => c.js)).toEqual(SITES.map((s) => [s.contentScript]));
    for (const site of SITES) {
      const entry = manifest.content_scripts.find((c) => c.js.includes(site.contentScript))!;
      expect(entry.matches, `${site.id}: manifest matches`).toEqual(site.matches);
      expect(entry.all_frames ?? false, `${site.id}: manifest all_frames`).toBe(site.allFrames);
    }
  });
  it('asks for host access to exactly the sites\' hosts and the hosts listed without a site', () => {
    const expected = [...SITES.flatMap((s) => s.matches), ...HOSTS_WITHOUT_SITE];
    expect([...manifest.host_permissions].sort()).toEqual([...new Set(expected)].sort());
  });
  it('names hosts only as https://host/* or https://*.host/* (the worker reads origins from them)', () => {
    for (const p of [...SITES.flatMap((s) => s.matches), ...HOSTS_WITHOUT_SITE]) expect(p).toMatch(/^https:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+\/\*$/);
  });
  it('has unique ids, each the content script\'s file name', () => {
    expect(new Set(SITES.map((s) => s.id)).size).toBe(SITES.length);
    for (const s of SITES) expect(s.contentScript).toBe(`src/content/${s.id}.ts`);
  });
  it('lets every page kind be reported by exactly one site', () => {
    for (const kind of PAGE_KINDS) expect(SITES.filter((s) => s.kinds.includes(kind)).map((s) => s.id), kind).toHaveLength(1);
  });
  it('lets every message be sent by someone, and the extension-page messages by no content script', () => {
    for (const type of MESSAGE_TYPES) expect(EXTENSION_PAGE_MESSAGES.includes(type) || SITES.some((s) => s.messages.includes(type)), `nobody may send ${type}`).toBe(true);
    for (const s of SITES) for (const type of EXTENSION_PAGE_MESSAGES) expect(s.messages, `${s.id} may send ${type}`).not.toContain(type);
    for (const s of SITES) if (s.kinds.length) expect(s.messages, `${s.id} reports pages`).toContain('page-detected');
  });
  it.each(SITES.map((s) => [s.id, s] as const))('%s: its content script uses its own detectors and steps, which run only on its kinds', async (_id, site) => {
    for (const f of [site.contentScript, site.detectors, site.steps]) expect(existsSync(join(root, f)), f).toBe(true);
    const { files } = importGraph(site.contentScript);
    expect(files, `${site.contentScript} does not import ${site.detectors}`).toContain(site.detectors);
    // The steps come with the panel: bundled with the content script, or in the injected panel script.
    const panel = site.ui ? importGraph(site.ui).files : files;
    expect(panel, `${site.ui ?? site.contentScript} does not import ${site.steps}`).toContain(site.steps);
    const steps = Object.values((await import(/* @vite-ignore */ join(root, site.steps))) as Record<string, readonly Step[]>).flat();
    expect(steps.length).toBeGreaterThan(0);
    for (const step of steps) for (const kind of step.include) expect(site.kinds, `step ${step.id} runs on ${kind}, which ${site.id} may not report`).toContain(kind);
  });
  it.each(SITES.map((s) => [s.id, s] as const))('%s: its content script bundles no schema library, no polyfill, no other site\'s code', (_id, site) => {
    const { files, packages } = importGraph(site.contentScript);
    // A site with an injected panel keeps Preact (and the steps) out of the script every page loads.
    expect([...packages].sort()).toEqual(site.ui ? [] : ['preact']);
    if (site.ui) {
      expect([...files].filter((f) => f.startsWith('src/steps/') || f.startsWith('src/overlay/')), `${site.contentScript} bundles its panel`).toEqual([]);
      expect([...importGraph(site.ui).packages].sort()).toEqual(['preact']);
    }
    for (const other of SITES.filter((s) => s !== site)) for (const f of [other.contentScript, other.detectors, other.steps]) expect(files, `${site.id} bundles ${f}`).not.toContain(f);
    expect([...files].filter((f) => f.startsWith('src/sites/') || f.startsWith('src/background/')), 'the registry and the worker stay out of content scripts').toEqual([]);
  });
  it('keeps detectors, steps and content scripts out of the worker', () => {
    const { files } = importGraph('src/background/index.ts');
    for (const s of SITES) for (const f of [s.contentScript, s.detectors, s.steps]) expect(files, `the worker bundles ${f}`).not.toContain(f);
    expect([...files].filter((f) => f.startsWith('src/steps/') || f.startsWith('src/overlay/') || f.startsWith('src/content/'))).toEqual([]);
  });
});
