/** Structure the project relies on, guarded by tests: steps, locales, manifest, banned APIs. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { CONSENT_ERROR_CODES } from '../../src/detect/signin';
import { FLOW_STATES, PROBE_RESULTS } from '../../src/flow/model';
import { REASONS, UNCHECKED } from '../../src/guard';
import { CALLBACK_ERROR_CODES } from '../../src/steps/user/rox-callback';
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
const locale = (l: string) => JSON.parse(read(`public/_locales/${l}/messages.json`)) as Record<string, { message: string; placeholders?: object }>;
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
    for (const s of steps) for (const k of s.include) expect(kinds, `${s.id} runs on ${k}, which has no fixture`).toContain(k);
  });
  it('lets no two steps claim the same page kind', () => {
    const kinds = steps.flatMap((s) => s.include);
    expect(new Set(kinds).size).toBe(kinds.length);
  });
});

describe('locales', () => {
  const en = locale('en');
  it('has en, de and ja', () => expect(LOCALES.sort()).toEqual(['de', 'en', 'ja']));
  it.each(LOCALES)('%s has exactly the English keys, with the same placeholders', (l) => {
    const m = locale(l);
    expect(Object.keys(m).sort()).toEqual(Object.keys(en).sort());
    for (const k of Object.keys(en)) expect(Object.keys(m[k]!.placeholders ?? {}), `${l}:${k}`).toEqual(Object.keys(en[k]!.placeholders ?? {}));
  });
  it('has every key the code asks for', () => {
    const used = new Set<string>();
    for (const f of files('src').filter((f) => /\.tsx?$/.test(f))) for (const m of read(f).matchAll(/\bt\('(\w+)'/g)) used.add(m[1]!);
    for (const f of files('src').filter((f) => /\.ts$/.test(f))) for (const m of read(f).matchAll(/(?:nameKey|plainKey|titleKey|warnKey): '(\w+)'/g)) used.add(m[1]!);
    // Keys built from data:
    for (let n = 1; n <= 7; n++) used.add(`step${n}`);
    for (const s of FLOW_STATES) used.add(`state_${under(s)}`).add(`next_${under(s)}`);
    for (const r of REASONS) used.add(`reason_${under(r)}`);
    for (const u of UNCHECKED) used.add(`unchecked_${under(u)}`);
    for (const c of CONSENT_ERROR_CODES) used.add(`error_${c}`);
    for (const c of CALLBACK_ERROR_CODES) used.add(`callbackError_${c}`);
    for (const p of PROBE_RESULTS) used.add(`probeResult_${under(p)}`);
    const missing = [...used].filter((k) => !en[k]);
    expect(missing, 'add these keys to public/_locales/*/messages.json').toEqual([]);
  });
  it('keeps UI strings out of components (no inline English sentences in JSX text)', () => {
    for (const f of files('src').filter((f) => f.endsWith('.tsx'))) {
      const inline = [...read(f).matchAll(/>\s*([A-Z][a-z]+(?: [a-z]+){2,}[.!]?)\s*</g)].map((m) => m[1]);
      expect(inline, f).toEqual([]);
    }
  });
});

describe('safety rules', () => {
  it('never turns text into HTML or code in src/', () => {
    for (const f of files('src')) expect(read(f), f).not.toMatch(/dangerouslySetInnerHTML|\.innerHTML\s*=|insertAdjacentHTML|document\.write\(|\beval\(|new Function\(/);
  });
  it('calls chrome.* only in the platform module', () => {
    for (const f of files('src').filter((f) => !f.includes('platform'))) expect(read(f), f).not.toMatch(/\bchrome\./);
  });
  it('asks for exact hosts and only the permissions the code uses', () => {
    const m = JSON.parse(read('manifest.json'));
    expect(JSON.stringify(m)).not.toMatch(/<all_urls>|\*:\/\/\*\/|https:\/\/\*\/\*/);
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
