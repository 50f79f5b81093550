/**
 * Issue 9, store packages: `npm run package`'s zips (made here into a temporary folder, from production
 * builds of their own) hold what each store needs and nothing that must not ship; and the checks catch
 * each kind of fault (a test-hooks build, a source map, a test file, a key, a missing file or locale).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { strFromU8, strToU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPackage, checkSource, makePackages, readZip, storeZip, TARGETS, TEST_HOOK_MARKER, type Packages } from '../tools/package';

const ROOT = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const sourceManifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8')) as Record<string, unknown>;
const LOCALES = readdirSync(join(ROOT, 'public/_locales')).sort();

let tmp: string;
let made: Packages;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'rox-package-'));
  made = makePackages({ out: join(tmp, 'out'), buildRoot: join(tmp, 'build') });
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const manifestOf = (zip: Record<string, Uint8Array>) => JSON.parse(strFromU8(zip['manifest.json']!)) as Record<string, any>;

describe('npm run package', () => {
  it('writes one zip per store and the source archive, named with the version', () => {
    expect(Object.values(made.files).map((f) => f.slice(f.lastIndexOf('/') + 1)).sort()).toEqual(
      ['chrome', 'edge', 'firefox', 'source'].map((k) => `${pkg.name}-${pkg.version}-${k}.zip`),
    );
    for (const f of Object.values(made.files)) console.log(`${f.slice(f.lastIndexOf('/') + 1)}: ${statSync(f).size} bytes`);
  });

  for (const target of TARGETS)
    it(`${target}: manifest at the root, every file it names, locales; no source map, test file or test hook`, () => {
      const zip = readZip(made.files[target]);
      expect(checkPackage(zip, target)).toEqual([]);
      const names = Object.keys(zip);
      expect(names).toContain('manifest.json');
      for (const l of LOCALES) expect(names).toContain(`_locales/${l}/messages.json`);
      expect(names.filter((n) => n.endsWith('.map') || n.includes('test') || n.endsWith('.ts'))).toEqual([]);
      const m = manifestOf(zip);
      expect(m.version).toBe(pkg.version);
      // Stores assign the id: no key in an upload.
      expect(m).not.toHaveProperty('key');
      expect(m.permissions).toEqual(target === 'firefox' ? (sourceManifest.permissions as string[]).filter((p) => p !== 'offscreen') : sourceManifest.permissions);
      expect(m.host_permissions).toEqual(sourceManifest.host_permissions);
      if (target === 'firefox') {
        expect(m.browser_specific_settings.gecko).toMatchObject({ id: 'consent-companion@rox.com', strict_min_version: expect.any(String) });
        expect(m.background.scripts).toHaveLength(1);
        expect(m.background).not.toHaveProperty('service_worker');
      } else {
        expect(m.background).toEqual({ service_worker: expect.stringMatching(/\.js$/), type: 'module' });
        expect(m).not.toHaveProperty('browser_specific_settings');
        expect(m.minimum_chrome_version).toBe(sourceManifest.minimum_chrome_version);
      }
    });

  it('Edge gets the Chrome build, byte for byte', () => {
    expect(readFileSync(made.files.edge).equals(readFileSync(made.files.chrome))).toBe(true);
  });

  it('the source archive: git-tracked sources with build instructions, no build output or dependencies', () => {
    const zip = readZip(made.files.source);
    expect(checkSource(zip)).toEqual([]);
    const tracked = spawnSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).stdout.split('\n').filter((p) => p.startsWith('src/'));
    for (const f of tracked.filter((p) => statSync(join(ROOT, p), { throwIfNoEntry: false })?.isFile())) expect(Object.keys(zip)).toContain(f);
    expect(Object.keys(zip).filter((n) => /^(node_modules|dist|packages)\//.test(n))).toEqual([]);
  });
});

describe('the package checks can fail', () => {
  it('a test build (ROX_TEST_HOOKS=1) is refused', () => {
    const root = join(tmp, 'hooks');
    const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, env: { ...process.env, ROX_TEST_HOOKS: '1', DIST_ROOT: root, BROWSER: 'chrome', VITEST: '' }, stdio: 'inherit' });
    expect(r.status).toBe(0);
    expect(checkPackage(storeZip(join(root, 'chrome')), 'chrome')).toEqual([expect.stringContaining(TEST_HOOK_MARKER)]);
  }, 60_000);

  it('names each fault: source map, test file, key, missing icon, locale or module, a manifest for the other browser', () => {
    const good = readZip(made.files.chrome);
    const bad = { ...good };
    const m = manifestOf(good);
    bad['manifest.json'] = strToU8(JSON.stringify({ ...m, key: 'MIIB', browser_specific_settings: { gecko: { id: 'x@y' } } }));
    bad['assets/index.js.map'] = strToU8('{}');
    bad['tests/e2e/foundation.test.js'] = strToU8('');
    delete bad[m.icons['128']];
    delete bad['_locales/de/messages.json'];
    const chunk = Object.keys(good).find((n) => n.startsWith('assets/browser-'))!;
    delete bad[chunk];
    const problems = checkPackage(bad, 'chrome');
    for (const expected of ['"key"', 'browser_specific_settings', 'source map assets/index.js.map', 'test file tests/e2e/foundation.test.js', `names ${m.icons['128']}`, 'locale de', `imports ${chunk}`])
      expect(problems.some((p) => p.includes(expected)), `${expected} in ${problems.join('; ')}`).toBe(true);
    expect(checkPackage(good, 'firefox').length).toBeGreaterThan(0);
    expect(checkPackage({ 'ext/manifest.json': good['manifest.json']! }, 'chrome')).toEqual(['manifest.json is not at the zip root']);
  });
});
