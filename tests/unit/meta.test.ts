/** Structure the project relies on, guarded by tests: steps, locales, manifest, banned APIs. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROX_STEPS, SIGN_IN_STEPS } from '../../src/steps';
import { fixtures, roxFixtures } from '../fixtures/pages';

const root = join(import.meta.dirname, '../..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');
const files = (dir: string): string[] =>
  readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
const locale = (l: string) => JSON.parse(read(`public/_locales/${l}/messages.json`)) as Record<string, { message: string; placeholders?: object }>;
const LOCALES = readdirSync(join(root, 'public/_locales'));

describe('steps', () => {
  const steps = [...SIGN_IN_STEPS, ...ROX_STEPS];
  it('registers every step file, under its file name, with a non-empty include', () => {
    const onDisk = readdirSync(join(root, 'src/steps/user')).map((f) => f.replace(/\.tsx?$/, '')).sort();
    expect(steps.map((s) => s.id).sort()).toEqual(onDisk);
    for (const s of steps) expect(s.include.length, `${s.id} has an empty include`).toBeGreaterThan(0);
  });
  it('has fixtures for every page kind a step runs on', () => {
    const kinds = new Set([...fixtures(), ...roxFixtures()].map((f) => f.kind));
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
    for (const f of files('src').filter((f) => /\.ts$/.test(f))) for (const m of read(f).matchAll(/(?:nameKey|plainKey|titleKey): '(\w+)'/g)) used.add(m[1]!);
    // Keys built from data:
    for (let n = 1; n <= 7; n++) used.add(`step${n}`);
    for (const s of ['connecting', 'approval_required', 'requested', 'admin_approval_needed', 'approved', 'connected', 'expired']) used.add(`state_${s}`).add(`next_${s}`);
    for (const r of ['client_id_unknown', 'publisher_mismatch', 'publisher_unverified', 'redirect_foreign', 'scopes_extra', 'permissions_extra', 'name_mismatch']) used.add(`reason_${r}`);
    for (const u of ['client_id', 'publisher', 'verified', 'redirect', 'scopes']) used.add(`unchecked_${u}`);
    for (const c of ['65004', '90093', '90094', '90095', '900941', '900981']) used.add(`error_${c}`);
    for (const c of ['65004', '65001', '90094', '90093', '90095', '50058']) used.add(`callbackError_${c}`);
    for (const p of ['approved', 'pending', 'sign_in_needed', 'network_error']) used.add(`probeResult_${p}`);
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
    expect(m.host_permissions).toEqual([
      'https://login.microsoftonline.com/*',
      'https://entra.microsoft.com/*',
      'https://portal.azure.com/*',
      'https://*.reactblade.portal.azure.net/*',
      'https://rox.com/*',
      'https://*.rox.com/*',
    ]);
    expect(JSON.stringify(m)).not.toMatch(/<all_urls>|\*:\/\/\*\/|https:\/\/\*\/\*/);
    const src = files('src').map(read).join('\n');
    for (const p of m.permissions as string[]) expect(src, `permission ${p} is not used`).toMatch(new RegExp(`browser\\.${p}\\.|\\b${p}\\.`));
    expect(m.web_accessible_resources).toBeUndefined();
  });
});
