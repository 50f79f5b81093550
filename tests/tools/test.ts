/**
 * `npm test`: type-check, build, `web-ext lint` of the Firefox build, unit tests, then end-to-end tests in
 * Debian's Chromium and in Debian's Firefox ESR against the sandbox. Prints one "N passed, N failed" line per
 * suite and a total.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { ensureChromium } from './chromium';
import { ensureFirefox } from './firefox';

const step = (title: string, cmd: string, args: string[]) => {
  console.log(`\n▶ ${title}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  return r.status ?? 1;
};

ensureChromium();
ensureFirefox();
// The build under test carries the test hooks (a short approval-check period); a production build does not.
process.env.ROX_TEST_HOOKS = '1';
if (step('type-check', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']) !== 0) process.exit(1);
if (step('build (Chrome/Edge and Firefox)', 'npm', ['run', '--silent', 'build']) !== 0) process.exit(1);

mkdirSync('.vitest', { recursive: true });
const totals = { passed: 0, failed: 0 };
let failed = false;

// The Firefox build as addons.mozilla.org's linter sees it (offline): no error allowed; warnings listed.
{
  const dir = `${process.env.DIST_ROOT || 'dist'}/firefox`;
  console.log(`\n▶ web-ext lint (${dir})`);
  const r = spawnSync('npx', ['web-ext', 'lint', '--source-dir', dir, '--output', 'json', '--no-config-discovery'], { encoding: 'utf8', env: { ...process.env, NO_UPDATE_NOTIFIER: '1' } });
  type Message = { code: string; file?: string; message: string };
  let report: { summary: { errors: number; warnings: number; notices: number }; errors: Message[]; warnings: Message[] } | undefined;
  try {
    report = JSON.parse(r.stdout.slice(r.stdout.indexOf('{')));
  } catch {
    console.log(r.stdout, r.stderr);
  }
  for (const kind of ['errors', 'warnings'] as const) for (const m of report?.[kind] ?? []) console.log(`  ${kind.slice(0, -1)} ${m.code} ${m.file ?? ''}: ${m.message}`);
  const s = report?.summary;
  console.log(s ? `web-ext lint: ${s.errors} errors, ${s.warnings} warnings, ${s.notices} notices` : 'web-ext lint: no report');
  if (!s || s.errors > 0 || r.status !== 0) failed = true;
}

for (const project of ['unit', 'e2e', 'firefox']) {
  const out = `.vitest/${project}.json`;
  rmSync(out, { force: true });
  const status = step(`${project} tests`, 'npx', ['vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  let passed = 0;
  let failedCount = 0;
  try {
    const report = JSON.parse(readFileSync(out, 'utf8')) as { numPassedTests: number; numFailedTests: number };
    passed = report.numPassedTests;
    failedCount = report.numFailedTests;
  } catch {
    failedCount = Math.max(1, failedCount);
  }
  if (status !== 0 && failedCount === 0) failedCount = 1;
  totals.passed += passed;
  totals.failed += failedCount;
  failed ||= status !== 0;
  console.log(`${project}: ${passed} passed, ${failedCount} failed`);
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(failed ? 1 : 0);
