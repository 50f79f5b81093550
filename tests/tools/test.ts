/**
 * `npm test`: type-check, build, unit tests, then end-to-end tests in Debian's Chromium against the
 * sandbox. Prints one "N passed, N failed" line per suite and a total.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { ensureChromium } from './chromium';

const step = (title: string, cmd: string, args: string[]) => {
  console.log(`\n▶ ${title}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  return r.status ?? 1;
};

ensureChromium();
// The build under test carries the test hooks (a short approval-check period); a production build does not.
process.env.ROX_TEST_HOOKS = '1';
if (step('type-check', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']) !== 0) process.exit(1);
if (step('build (Chrome/Edge and Firefox)', 'npm', ['run', '--silent', 'build']) !== 0) process.exit(1);

mkdirSync('.vitest', { recursive: true });
const totals = { passed: 0, failed: 0 };
let failed = false;
for (const project of ['unit', 'e2e']) {
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
