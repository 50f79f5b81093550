/**
 * `npm run package`: store-ready zips, named with package.json's version, in packages/ (git-ignored):
 *  - `<name>-<version>-chrome.zip`  Chrome Web Store (from the Chrome build);
 *  - `<name>-<version>-edge.zip`    Microsoft Edge Add-ons (the same build);
 *  - `<name>-<version>-firefox.zip` Firefox Add-ons (from the Firefox build);
 *  - `<name>-<version>-source.zip`  the source archive Firefox's reviewers ask for (git-tracked files; README
 *    says how to build).
 * Production builds only: ROX_TEST_HOOKS is removed from the builds' environment, whatever the caller's is,
 * and they go to their own folder (dist-package/), never to dist/ (the tests' build).
 *
 * The store uploads carry no manifest `key`: the Chrome Web Store refuses one ("key field is not allowed in
 * manifest") and each store assigns the extension's id itself. The key stays in manifest.json and in
 * `npm run build`'s dist/chrome, so an unpacked install keeps the fixed id.
 *
 * `checkPackage` (used by tests/e2e/package.test.ts) says what is wrong with a zip's contents.
 *
 * Options: `--out <dir>` (default packages), `--build <dir>` (default dist-package).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { strFromU8, unzipSync, zipSync, type Zippable } from 'fflate';

export type Target = 'chrome' | 'edge' | 'firefox';
export const TARGETS: readonly Target[] = ['chrome', 'edge', 'firefox'];

const ROOT = resolve(import.meta.dirname, '../..');
/** A string only the test hooks' code carries (src/background/index.ts): absent from a production build. */
export const TEST_HOOK_MARKER = 'test:checkPeriodMinutes';

export interface Packages {
  version: string;
  /** Absolute paths, by kind. */
  files: Record<Target | 'source', string>;
}

function readJson<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** Every file under `dir`, as zip paths (forward slashes, relative to `dir`). */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(relative(dir, p).split('\\').join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** Reproducible zips: sorted entries, one timestamp (the last commit's, or SOURCE_DATE_EPOCH). */
function zipTime(): Date {
  const epoch = Number(process.env.SOURCE_DATE_EPOCH) || Number(spawnSync('git', ['log', '-1', '--format=%ct'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim());
  // Zip timestamps start in 1980.
  return new Date(Math.max(epoch * 1000 || 0, Date.UTC(1980, 1, 1)));
}

function writeZip(path: string, entries: [string, Uint8Array][]): void {
  const mtime = zipTime();
  const z: Zippable = {};
  for (const [name, data] of [...entries].sort(([a], [b]) => (a < b ? -1 : 1))) z[name] = [data, { mtime, level: 9 }];
  writeFileSync(path, zipSync(z));
}

/** A production build of one browser into `<buildRoot>/<browser>`; returns that folder. */
function build(browser: 'chrome' | 'firefox', buildRoot: string): string {
  const env: NodeJS.ProcessEnv = { ...process.env, DIST_ROOT: buildRoot, BROWSER: browser, NODE_ENV: 'production' };
  delete env.ROX_TEST_HOOKS;
  delete env.VITEST;
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, env, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`vite build for ${browser} failed`);
  return join(buildRoot, browser);
}

/** A build folder as a store would get it (read back as a zip would be), for checkPackage. */
export function storeZip(dir: string): Record<string, Uint8Array> {
  return Object.fromEntries(storeEntries(dir));
}

/** A build folder as zip entries; for the stores, the manifest without `key`. */
function storeEntries(dir: string): [string, Uint8Array][] {
  return filesUnder(dir).map((name) => {
    if (name !== 'manifest.json') return [name, readFileSync(join(dir, name))];
    const { key: _key, ...manifest } = readJson(join(dir, name));
    return [name, new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`)];
  });
}

/** The git-tracked files as they are in the work tree (what was just built), without build output or deps. */
function sourceEntries(): [string, Uint8Array][] {
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  return tracked
    .filter((p) => !/^(node_modules|dist(-[^/]*)?|packages)\//.test(p))
    .filter((p) => existsSync(join(ROOT, p)) && statSync(join(ROOT, p)).isFile())
    .map((p) => [p, readFileSync(join(ROOT, p))]);
}

export function makePackages(options: { out?: string; buildRoot?: string } = {}): Packages {
  const out = resolve(ROOT, options.out ?? 'packages');
  const buildRoot = resolve(ROOT, options.buildRoot ?? 'dist-package');
  const pkg = readJson<{ name: string; version: string }>(join(ROOT, 'package.json'));
  const manifestVersion = readJson<{ version: string }>(join(ROOT, 'manifest.json')).version;
  if (manifestVersion !== pkg.version) throw new Error(`manifest.json's version ${manifestVersion} is not package.json's ${pkg.version}`);
  mkdirSync(out, { recursive: true });
  rmSync(buildRoot, { recursive: true, force: true });
  const base = join(out, `${pkg.name}-${pkg.version}`);
  const files = { chrome: `${base}-chrome.zip`, edge: `${base}-edge.zip`, firefox: `${base}-firefox.zip`, source: `${base}-source.zip` };

  const chrome = storeEntries(build('chrome', buildRoot));
  writeZip(files.chrome, chrome);
  writeZip(files.edge, chrome);
  writeZip(files.firefox, storeEntries(build('firefox', buildRoot)));
  writeZip(files.source, sourceEntries());
  for (const [kind, path] of Object.entries(files)) {
    const problems = kind === 'source' ? checkSource(readZip(path)) : checkPackage(readZip(path), kind as Target);
    if (problems.length) throw new Error(`${relative(ROOT, path)}:\n  ${problems.join('\n  ')}`);
  }
  return { version: pkg.version, files };
}

export function readZip(path: string): Record<string, Uint8Array> {
  return unzipSync(readFileSync(path));
}

type Manifest = Record<string, unknown> & {
  manifest_version?: number;
  version?: string;
  default_locale?: string;
  background?: { service_worker?: string; scripts?: string[]; page?: string };
  browser_specific_settings?: { gecko?: { id?: string; strict_min_version?: string } };
  permissions?: string[];
};

/** Every path the manifest names (icons, pages, scripts, styles, resources without wildcards). */
export function manifestFiles(m: Manifest): string[] {
  const out = new Set<string>();
  const add = (p: unknown) => typeof p === 'string' && p && out.add(p.replace(/^\//, ''));
  const icons = (o: unknown) => o && typeof o === 'object' && Object.values(o).forEach(add);
  icons(m.icons);
  const action = m.action as { default_popup?: string; default_icon?: unknown } | undefined;
  add(action?.default_popup);
  if (typeof action?.default_icon === 'string') add(action.default_icon);
  else icons(action?.default_icon);
  add(m.background?.service_worker);
  add(m.background?.page);
  m.background?.scripts?.forEach(add);
  add((m.options_ui as { page?: string } | undefined)?.page);
  add(m.options_page);
  add(m.devtools_page);
  add((m.side_panel as { default_path?: string } | undefined)?.default_path);
  add((m.storage as { managed_schema?: string } | undefined)?.managed_schema);
  for (const cs of (m.content_scripts as { js?: string[]; css?: string[] }[] | undefined) ?? []) [...(cs.js ?? []), ...(cs.css ?? [])].forEach(add);
  for (const w of (m.web_accessible_resources as { resources?: string[] }[] | undefined) ?? []) w.resources?.filter((r) => !r.includes('*')).forEach(add);
  return [...out];
}

/** `ref` as a package path, seen from the file `from`; undefined for another scheme's URL. */
function resolveRef(ref: string, from: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) return undefined;
  const dir = from.includes('/') ? from.slice(0, from.lastIndexOf('/') + 1) : '';
  const norm: string[] = [];
  for (const p of (ref.startsWith('/') ? ref.slice(1) : dir + ref).split('/')) {
    if (p === '..') norm.pop();
    else if (p && p !== '.') norm.push(p);
  }
  return norm.join('/');
}

/** Local scripts and styles an HTML page of the package loads. */
function htmlRefs(html: string, htmlPath: string): string[] {
  return [...html.matchAll(/\b(?:src|href)\s*=\s*"([^"#?]+)"/g)].map((m) => resolveRef(m[1]!, htmlPath)).filter((r): r is string => !!r);
}

/** The modules a script imports by relative or absolute path (static and dynamic imports). */
function jsImports(js: string, jsPath: string): string[] {
  return [...js.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["'`]((?:\.{1,2})?\/[^"'`]+\.js)["'`]/g)].map((m) => resolveRef(m[1]!, jsPath)).filter((r): r is string => !!r);
}

/**
 * What is wrong with a store package, or []: the manifest at the root and right for its store, every file
 * it names present, locales, and nothing that must not ship (source maps, tests, the test hooks).
 */
export function checkPackage(zip: Record<string, Uint8Array>, target: Target): string[] {
  const problems: string[] = [];
  const names = Object.keys(zip).filter((n) => !n.endsWith('/'));
  if (!zip['manifest.json']) return ['manifest.json is not at the zip root'];
  let m: Manifest;
  try {
    m = JSON.parse(strFromU8(zip['manifest.json'])) as Manifest;
  } catch (e) {
    return [`manifest.json is not JSON: ${(e as Error).message}`];
  }
  const pkg = readJson<{ version: string }>(join(ROOT, 'package.json'));
  if (m.manifest_version !== 3) problems.push(`manifest_version is ${m.manifest_version}, not 3`);
  if (m.version !== pkg.version) problems.push(`manifest version ${m.version} is not package.json's ${pkg.version}`);
  if ('key' in m) problems.push('manifest has a "key" (a store assigns the id; the Chrome Web Store refuses the upload)');

  if (target === 'firefox') {
    const gecko = m.browser_specific_settings?.gecko;
    if (!gecko?.id) problems.push('no browser_specific_settings.gecko.id');
    if (!m.background?.scripts?.length) problems.push('no background.scripts (Firefox runs an event page)');
    if (m.background?.service_worker) problems.push('background.service_worker in the Firefox manifest');
    if (m.permissions?.includes('offscreen')) problems.push('"offscreen" permission in the Firefox manifest');
    if ('minimum_chrome_version' in m) problems.push('minimum_chrome_version in the Firefox manifest');
  } else {
    if (!m.background?.service_worker) problems.push('no background.service_worker');
    if (m.background?.scripts) problems.push('background.scripts in a Chromium manifest');
    if (m.browser_specific_settings) problems.push('browser_specific_settings in a Chromium manifest');
  }

  for (const f of manifestFiles(m)) if (!zip[f]) problems.push(`manifest names ${f}, which is not in the package`);
  for (const html of names.filter((n) => n.endsWith('.html')))
    for (const f of htmlRefs(strFromU8(zip[html]!), html)) if (!zip[f]) problems.push(`${html} loads ${f}, which is not in the package`);
  for (const js of names.filter((n) => n.endsWith('.js')))
    for (const f of jsImports(strFromU8(zip[js]!), js)) if (!zip[f]) problems.push(`${js} imports ${f}, which is not in the package`);

  // Locales: the default one, every locale the sources have, each valid JSON, and every __MSG_x__ defined.
  const sourceLocales = readdirSync(join(ROOT, 'public/_locales'));
  const shipped = new Set(names.filter((n) => /^_locales\/[^/]+\/messages\.json$/.test(n)).map((n) => n.split('/')[1]!));
  if (!m.default_locale) problems.push('no default_locale');
  for (const l of new Set([...sourceLocales, m.default_locale ?? 'en'])) if (!shipped.has(l)) problems.push(`locale ${l} is missing (_locales/${l}/messages.json)`);
  const messages: Record<string, Record<string, unknown>> = {};
  for (const l of shipped) {
    try {
      messages[l] = JSON.parse(strFromU8(zip[`_locales/${l}/messages.json`]!)) as Record<string, unknown>;
    } catch {
      problems.push(`_locales/${l}/messages.json is not JSON`);
    }
  }
  const defaults = messages[m.default_locale ?? 'en'] ?? {};
  const lower = new Set(Object.keys(defaults).map((k) => k.toLowerCase()));
  for (const [, key] of JSON.stringify(m).matchAll(/__MSG_(\w+)__/g)) if (!lower.has(key!.toLowerCase())) problems.push(`manifest uses __MSG_${key}__, which the default locale does not define`);

  // Nothing that must not ship.
  for (const n of names) {
    if (n.endsWith('.map')) problems.push(`source map ${n}`);
    if (/(^|\/)(tests?|__tests__|fixtures|sandbox|e2e)\//.test(n) || /\.(test|spec)\.[cm]?[jt]sx?$/.test(n)) problems.push(`test file ${n}`);
    if (/\.(tsx?|mts|cts)$/.test(n)) problems.push(`TypeScript source ${n}`);
    if (/(^|\/)(node_modules|\.git)\//.test(n) || /(^|\/)\.[^/]+$/.test(n)) problems.push(`not for a store: ${n}`);
    if (!/\.(js|mjs|html|css|json)$/.test(n)) continue;
    const text = strFromU8(zip[n]!);
    if (/[#@]\s*sourceMappingURL=/.test(text)) problems.push(`${n} points at a source map`);
    if (text.includes(TEST_HOOK_MARKER)) problems.push(`${n} carries the test hooks (${TEST_HOOK_MARKER}): built with ROX_TEST_HOOKS`);
    if (text.includes('__ROX_TEST_HOOKS__') || text.includes('__ROX_CLIENT_ID__')) problems.push(`${n} has an unreplaced build constant`);
  }
  return problems;
}

/** What is wrong with the source archive, or []: what a reviewer needs to rebuild, and nothing built. */
export function checkSource(zip: Record<string, Uint8Array>): string[] {
  const problems: string[] = [];
  for (const f of ['package.json', 'package-lock.json', 'README.md', 'manifest.json', 'vite.config.ts', 'tsconfig.json']) if (!zip[f]) problems.push(`${f} is missing`);
  for (const n of Object.keys(zip)) if (/^(node_modules|dist(-[^/]*)?|packages)\//.test(n)) problems.push(`built or installed file ${n}`);
  if (!Object.keys(zip).some((n) => n.startsWith('src/'))) problems.push('no src/');
  const readme = zip['README.md'] ? strFromU8(zip['README.md']) : '';
  if (!/npm ci/.test(readme) || !/BROWSER=firefox/.test(readme)) problems.push('README.md does not say how to build the Firefox add-on (npm ci, BROWSER=firefox)');
  return problems;
}

const main = import.meta.url === pathToFileURL(process.argv[1] ?? '').href;
if (main) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const { files } = makePackages({ out: arg('--out'), buildRoot: arg('--build') });
  for (const path of Object.values(files)) console.log(`${relative(process.cwd(), path)}  ${statSync(path).size} bytes`);
}
