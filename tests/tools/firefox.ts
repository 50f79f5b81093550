/** Finds Debian's Firefox ESR, installing it with apt when missing and we are root; else says what to do. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const PATHS = ['/usr/lib/firefox-esr/firefox-esr', '/usr/bin/firefox-esr'];

export function ensureFirefox(): string {
  const found = () => [process.env.FIREFOX_PATH, ...PATHS].find((p) => p && existsSync(p));
  let path = found();
  if (path) return path;
  if (process.getuid?.() !== 0) {
    console.error('Debian Firefox ESR is missing. Install it as root: apt-get update && apt-get install -y firefox-esr (or set FIREFOX_PATH).');
    process.exit(1);
  }
  console.log('Installing Debian Firefox ESR (apt-get install firefox-esr)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'firefox-esr'], { stdio: 'inherit', env });
  path = found();
  if (!path) throw new Error('apt-get finished but Firefox ESR is still not found');
  return path;
}
