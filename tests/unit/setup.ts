/**
 * Unit tests run outside an extension: give webextension-polyfill the minimum it checks for (a runtime id)
 * and i18n backed by the real English messages, so steps render real strings. Nothing else is faked.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const messages = JSON.parse(readFileSync(join(import.meta.dirname, '../../public/_locales/en/messages.json'), 'utf8')) as Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

function getMessage(key: string, subs?: string | string[]): string {
  const m = messages[key];
  if (!m) return '';
  const list = subs === undefined ? [] : Array.isArray(subs) ? subs : [subs];
  return m.message.replace(/\$(\w+)\$/g, (_x, name: string) => {
    const content = m.placeholders?.[name.toLowerCase()]?.content ?? '';
    return content.replace(/\$(\d)/g, (_y, i: string) => list[Number(i) - 1] ?? '');
  });
}

(globalThis as unknown as { chrome: unknown }).chrome = {
  runtime: {
    id: 'unit-tests',
    getURL: (path: string) => `chrome-extension://unit-tests/${path.replace(/^\//, '')}`,
    // As CRXJS writes it into the built manifest.
    getManifest: () => ({ manifest_version: 3, background: { service_worker: 'service-worker-loader.js' } }),
  },
  i18n: { getMessage },
};
