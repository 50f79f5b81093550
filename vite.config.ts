/// <reference types="vitest/config" />
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { readFileSync } from 'node:fs';
import { build, defineConfig, type Plugin } from 'vite';
// With its extension: Vite's native config loader (its future default) resolves no other way.
import { SITES } from './src/sites/index.ts';

/**
 * One config, two targets: BROWSER=chrome (default; Chrome and Edge) writes dist/chrome, BROWSER=firefox
 * writes dist/firefox from the same manifest.json, rewritten here (the only place that knows Firefox's
 * manifest differences).
 */
const browser = process.env.BROWSER === 'firefox' ? 'firefox' : 'chrome';
const SANDBOX_ROX_CLIENT_ID = '5c9e8a2e-7f3b-4d1a-9b6e-2f4c8d1e0a17';
const clientId = process.env.ROX_CLIENT_ID || SANDBOX_ROX_CLIENT_ID;
if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(clientId)) {
  throw new Error(`ROX_CLIENT_ID must be an application (client) id GUID; got "${clientId}"`);
}

function manifestFor(target: 'chrome' | 'firefox'): ManifestV3Export {
  const manifest = JSON.parse(readFileSync(new URL('./manifest.json', import.meta.url), 'utf8'));
  if (target === 'chrome') return manifest;
  // Firefox has no managed_schema: its policies.json hands the 3rdparty values to storage.managed as they are.
  const { key: _key, minimum_chrome_version: _min, background, permissions, storage: _schema, ...rest } = manifest;
  return {
    ...rest,
    // Firefox has no offscreen documents: its background page is a page and runs MSAL itself.
    permissions: (permissions as string[]).filter((p) => p !== 'offscreen'),
    // Firefox MV3 runs background scripts as an event page, not a service worker.
    background: { scripts: [background.service_worker], type: 'module' },
    browser_specific_settings: {
      gecko: {
        id: 'consent-companion@rox.com',
        strict_min_version: '140.0',
        data_collection_permissions: { required: ['none'] },
      },
    },
  };
}

// ROX_TEST_HOOKS=1 (npm test's build only): hooks an end-to-end test needs, such as a short check period.
// ROX_STORE_REDIRECTS (release builds): the store builds' own redirect URIs (each store assigns its own
// extension id), comma-separated, so that a consent page listing them among Rox's reply URLs stays green.
const STORE_REDIRECT = /^https:\/\/([a-p]{32}\.chromiumapp\.org|[0-9a-f]{40}\.extensions\.allizom\.org)\/$/;
const storeRedirects = (process.env.ROX_STORE_REDIRECTS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
for (const r of storeRedirects) if (!STORE_REDIRECT.test(r)) throw new Error(`ROX_STORE_REDIRECTS: not an extension redirect URI: "${r}"`);
const define = {
  __ROX_CLIENT_ID__: JSON.stringify(clientId),
  __ROX_TEST_HOOKS__: JSON.stringify(process.env.ROX_TEST_HOOKS === '1'),
  __ROX_STORE_REDIRECTS__: JSON.stringify(storeRedirects),
};
const outDir = `${process.env.DIST_ROOT || 'dist'}/${browser}`;

/**
 * A site's panel that is not bundled with its content script (`ui` in src/sites): one self-contained classic
 * script beside the content script, which the worker injects (scripting.executeScript) only into pages
 * that get a panel. Built after the extension, into the same folder.
 */
function panelScripts(): Plugin {
  return {
    name: 'rox-panel-scripts',
    apply: 'build',
    async closeBundle() {
      for (const { ui } of SITES) {
        if (!ui) continue;
        await build({
          configFile: false,
          logLevel: 'warn',
          plugins: [preact()],
          define,
          build: {
            outDir,
            emptyOutDir: false,
            target: 'es2022',
            minify: true,
            sourcemap: false,
            lib: { entry: ui, formats: ['iife'], name: 'roxConsentCompanionPanel', fileName: () => ui.replace(/\.tsx?$/, '.js') },
          },
        });
      }
    },
  };
}

export default defineConfig({
  // Under Vitest the CRX plugin is left out: it would empty dist/ (the e2e tests' build) on start.
  plugins: [
    preact(),
    !process.env.VITEST &&
    crx({
      manifest: manifestFor(browser),
      browser,
      // One self-contained file per content script: no loader, no web_accessible_resources that would let
      // Microsoft's or any page fingerprint the extension.
      // The entries come from the sites registry (tests/unit/meta.test.ts holds manifest.json to it).
      contentScripts: { standaloneFiles: SITES.map((s) => s.contentScript) },
    }),
    !process.env.VITEST && panelScripts(),
  ].filter(Boolean),
  define,
  build: {
    // DIST_ROOT lets parallel work trees build side by side (default dist/).
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    rollupOptions: {
      input: { probe: 'src/probe/probe.html' },
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          setupFiles: ['tests/unit/setup.ts'],
          // Some properties run for seconds on a loaded 2-core machine (a birthday search, the fuzzers): a
          // time limit is no assertion of theirs (the fuzzers bound each call themselves).
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'firefox',
          include: ['tests/firefox/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          pool: 'forks',
        },
      },
    ],
  },
});
