/** Finds Debian's Chromium, installing it with apt when missing and we are root; else says what to do. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const PATHS = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'];

export function ensureChromium(): string {
  const found = () => [process.env.CHROMIUM_PATH, ...PATHS].find((p) => p && existsSync(p));
  let path = found();
  if (path) return path;
  if (process.getuid?.() !== 0) {
    console.error('Debian Chromium is missing. Install it as root: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH).');
    process.exit(1);
  }
  console.log('Installing Debian Chromium (apt-get install chromium)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-noto-cjk'], { stdio: 'inherit', env });
  path = found();
  if (!path) throw new Error('apt-get finished but Chromium is still not found');
  return path;
}
