/**
 * The bench's throw-away extensions, written to a temp dir at bench time: the empty content script
 * (baseline: our manifest's content-script entries, each script empty), the calibration extension (a
 * known 20 ms of work after an await) and the driver.js peer (tests/bench/peer, bundled with esbuild).
 * Each has an empty service worker so the e2e harness can launch it like ours.
 */
import { build } from 'esbuild';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CALIBRATION_MS = 20;

interface ContentScript {
  matches: string[];
  js: string[];
  all_frames?: boolean;
  run_at?: string;
}

function write(dir: string, manifest: object, files: Record<string, string>) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

export async function buildTestExtensions(ours: string): Promise<{ root: string; empty: string; calibration: string; peer: string; peerContentScript: string }> {
  const root = mkdtempSync(join(tmpdir(), 'rox-bench-ext-'));
  const base = { manifest_version: 3, version: '1.0.0', background: { service_worker: 'worker.js' } };

  // Baseline: the same content-script entries (matches, frames, timing) as ours, every script empty.
  const oursManifest = JSON.parse(readFileSync(join(ours, 'manifest.json'), 'utf8')) as { content_scripts: ContentScript[] };
  const empty = join(root, 'empty');
  const emptyFiles: Record<string, string> = { 'worker.js': '' };
  for (const cs of oursManifest.content_scripts) for (const js of cs.js) emptyFiles[js] = '';
  write(empty, { ...base, name: 'Bench: empty content scripts', content_scripts: oursManifest.content_scripts }, emptyFiles);

  // Calibration: 20 ms of busy work on the sign-in host, after a timer await and a microtask await, where
  // CDP's ScriptDuration sees none of it. The profile must attribute ~20 ms to this script.
  const calibration = join(root, 'calibration');
  write(
    calibration,
    { ...base, name: 'Bench: calibration', content_scripts: [{ matches: ['https://login.microsoftonline.com/*'], js: ['content.js'], run_at: 'document_idle' }] },
    {
      'worker.js': '',
      'content.js': `(async () => {
  await new Promise((r) => setTimeout(r, 5));
  await Promise.resolve();
  const end = performance.now() + ${CALIBRATION_MS};
  let x = 0;
  while (performance.now() < end) x += Math.sqrt(x + 1);
  document.documentElement.dataset.benchCalibrated = String(x > 0);
})();`,
    },
  );

  // The driver.js peer.
  const peer = join(root, 'peer');
  const bundle = await build({
    entryPoints: [join(import.meta.dirname, 'peer/content.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2022',
    loader: { '.css': 'text' },
    write: false,
    logLevel: 'warning',
  });
  mkdirSync(peer, { recursive: true });
  cpSync(join(import.meta.dirname, 'peer/manifest.json'), join(peer, 'manifest.json'));
  writeFileSync(join(peer, 'worker.js'), '');
  const peerContentScript = join(peer, 'content.js');
  writeFileSync(peerContentScript, bundle.outputFiles[0]!.contents);
  return { root, empty, calibration, peer, peerContentScript };
}
