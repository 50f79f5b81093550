/**
 * Rox origins beyond rox.com (options page or managed policy): Rox's content script is registered there
 * (scripting.registerContentScripts) for exactly the origins whose access the browser has granted (optional
 * host permissions, asked per exact origin by the options page), and unregistered, with the access given
 * back, once an origin is no longer in the settings. The registration is the one source of truth: the
 * router accepts Rox's messages from an extra origin only while its script is registered there.
 */
import { browser } from '../platform/browser';
import { rox } from '../sites/rox';

export const ROX_SCRIPT_ID = 'rox-extra-origins';
/** The built Rox content script (the manifest's entry, as the package holds it). */
const ROX_SCRIPT_FILE = rox.contentScript.replace(/\.tsx?$/, '.js');

export const patternOf = (origin: string) => `${origin}/*`;
const originOfPattern = (pattern: string) => pattern.replace(/\/\*$/, '');

/** The extra origins where Rox's script is registered now. */
export async function registeredRoxOrigins(): Promise<string[]> {
  try {
    const [script] = await browser.scripting.getRegisteredContentScripts({ ids: [ROX_SCRIPT_ID] });
    return (script?.matches ?? []).map(originOfPattern);
  } catch {
    return [];
  }
}

/** Which of `origins` the browser has granted access to. */
export async function grantedOrigins(origins: readonly string[]): Promise<string[]> {
  const granted = await Promise.all(origins.map((o) => browser.permissions.contains({ origins: [patternOf(o)] }).catch(() => false)));
  return origins.filter((_, i) => granted[i]);
}

let turn: Promise<unknown> = Promise.resolve();

/**
 * Makes the registration match `wanted` (the effective extra Rox origins): registered on the granted ones;
 * origins no longer wanted lose their script and their access. One sync at a time.
 */
export function syncRoxOrigins(wanted: readonly string[]): Promise<string[]> {
  const run = turn.then(async () => {
    const before = await registeredRoxOrigins();
    const granted = await grantedOrigins(wanted);
    const dropped = before.filter((o) => !wanted.includes(o));
    if (before.length) await browser.scripting.unregisterContentScripts({ ids: [ROX_SCRIPT_ID] }).catch(() => undefined);
    if (granted.length)
      await browser.scripting.registerContentScripts([{ id: ROX_SCRIPT_ID, matches: granted.map(patternOf), js: [ROX_SCRIPT_FILE], runAt: 'document_idle', allFrames: false, persistAcrossSessions: true }]);
    if (dropped.length) await browser.permissions.remove({ origins: dropped.map(patternOf) }).catch(() => false);
    return granted;
  });
  turn = run.catch(() => undefined);
  return run;
}

/** Forget all data: no extra origin keeps its script or its access. */
export async function dropAllRoxOrigins(): Promise<void> {
  const before = await registeredRoxOrigins();
  await browser.scripting.unregisterContentScripts({ ids: [ROX_SCRIPT_ID] }).catch(() => undefined);
  const all = await browser.permissions.getAll();
  const required = new Set<string>((browser.runtime.getManifest() as { host_permissions?: string[] }).host_permissions ?? []);
  const optional = (all.origins ?? []).filter((p) => !required.has(p));
  const drop = [...new Set([...before.map(patternOf), ...optional])];
  if (drop.length) await browser.permissions.remove({ origins: drop }).catch(() => false);
}
