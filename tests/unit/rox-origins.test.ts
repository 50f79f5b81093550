/**
 * Extra Rox origins (options page, managed policy): Rox's content script is registered for exactly the
 * wanted origins whose access the browser granted, unregistered (and the access given back) when an origin
 * is no longer wanted, and everything dropped on "Forget all data". The browser's scripting and permissions
 * APIs are fakes that keep state as the browser does; a browser cannot answer the permission prompt in a
 * test (headless), so this is where the registration logic is exercised.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const h = vi.hoisted(() => ({
  granted: new Set<string>(),
  scripts: new Map<string, { id: string; matches: string[]; js: string[] }>(),
  calls: [] as string[],
}));

vi.mock('../../src/platform/browser', () => ({
  browser: {
    scripting: {
      getRegisteredContentScripts: async ({ ids }: { ids: string[] }) => ids.flatMap((id) => (h.scripts.has(id) ? [h.scripts.get(id)!] : [])),
      registerContentScripts: async (list: { id: string; matches: string[]; js: string[] }[]) => {
        for (const s of list) {
          if (h.scripts.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
          // The browser refuses a pattern the extension has no access to.
          for (const m of s.matches) if (!h.granted.has(m)) throw new Error(`no host permission for ${m}`);
          h.scripts.set(s.id, s);
        }
        h.calls.push(`register ${list.flatMap((s) => s.matches).join(',')}`);
      },
      unregisterContentScripts: async ({ ids }: { ids: string[] }) => {
        for (const id of ids) if (!h.scripts.delete(id)) throw new Error(`Nonexistent script ID '${id}'`);
        h.calls.push('unregister');
      },
    },
    permissions: {
      contains: async ({ origins }: { origins: string[] }) => origins.every((o) => h.granted.has(o)),
      remove: async ({ origins }: { origins: string[] }) => {
        for (const o of origins) h.granted.delete(o);
        h.calls.push(`remove ${origins.join(',')}`);
        return true;
      },
      getAll: async () => ({ origins: [...h.granted, 'https://login.microsoftonline.com/*'] }),
    },
    runtime: { getManifest: () => ({ host_permissions: ['https://login.microsoftonline.com/*'] }) },
  },
}));

const { dropAllRoxOrigins, patternOf, registeredRoxOrigins, syncRoxOrigins } = await import('../../src/background/rox-origins');

beforeEach(() => {
  h.granted.clear();
  h.scripts.clear();
  h.calls.length = 0;
});

describe('extra Rox origins', () => {
  it('registers Rox\'s script only where access was granted', async () => {
    h.granted.add(patternOf('https://rox.example.com'));
    expect(await syncRoxOrigins(['https://rox.example.com', 'https://not-granted.example.com'])).toEqual(['https://rox.example.com']);
    expect(await registeredRoxOrigins()).toEqual(['https://rox.example.com']);
    expect([...h.scripts.values()][0]!.js).toEqual(['src/content/rox.js']);
  });
  it('an origin no longer wanted loses its script and its access; the others keep theirs', async () => {
    for (const o of ['https://a.example.com', 'https://b.example.com']) h.granted.add(patternOf(o));
    await syncRoxOrigins(['https://a.example.com', 'https://b.example.com']);
    await syncRoxOrigins(['https://b.example.com']);
    expect(await registeredRoxOrigins()).toEqual(['https://b.example.com']);
    expect(h.granted.has(patternOf('https://a.example.com'))).toBe(false);
    expect(h.granted.has(patternOf('https://b.example.com'))).toBe(true);
  });
  it('nothing wanted: nothing registered; syncing twice changes nothing', async () => {
    h.granted.add(patternOf('https://a.example.com'));
    await syncRoxOrigins(['https://a.example.com']);
    await syncRoxOrigins(['https://a.example.com']);
    expect(await registeredRoxOrigins()).toEqual(['https://a.example.com']);
    await syncRoxOrigins([]);
    expect(await registeredRoxOrigins()).toEqual([]);
  });
  it('concurrent syncs run one at a time (no duplicate registration error)', async () => {
    h.granted.add(patternOf('https://a.example.com'));
    await Promise.all([syncRoxOrigins(['https://a.example.com']), syncRoxOrigins(['https://a.example.com']), syncRoxOrigins(['https://a.example.com'])]);
    expect(await registeredRoxOrigins()).toEqual(['https://a.example.com']);
  });
  it('forget all data: no extra origin keeps its script or its access; the manifest\'s hosts stay', async () => {
    h.granted.add(patternOf('https://a.example.com'));
    await syncRoxOrigins(['https://a.example.com']);
    await dropAllRoxOrigins();
    expect(await registeredRoxOrigins()).toEqual([]);
    expect(h.granted.size).toBe(0);
    expect(h.calls.some((c) => c.includes('login.microsoftonline.com'))).toBe(false);
  });
});
