/**
 * Where an admin is in the Entra admin center or the Azure portal, from the address alone: the hash route
 * names the blade, and its parameters are read by name, never by position (docs/microsoft-pages.md, "Entra
 * admin center"). Forms seen: `#view/Ext/Blade/~/Item/name/value/name~/json` and the older
 * `#blade/Ext/Blade/Item/name/value`; a tenant may stand in the path or after `#@`, and a query before `#`.
 * Pure; never throws. The blade's content is read by the admin detectors, never assumed from the route.
 */

export const ADMIN_HOSTS: readonly string[] = ['entra.microsoft.com', 'portal.azure.com'];

export type AdminBlade = 'access-requests' | 'apps' | 'permissions' | 'consent-settings';

export interface AdminRoute {
  blade: AdminBlade;
  /** Route parameters by name (a `name~` JSON parameter is stored under `name`). */
  params: Record<string, string>;
  /** The tenant named in the path (entra.microsoft.com/{tenant}/#view/...), if any. */
  tenant?: string;
  /** A parameter named twice (whatever its case or `~`): which one the portal uses is unknown. */
  ambiguous?: boolean;
}

/** Extension / blade / item of each blade this extension knows, as Microsoft's routes name them. */
const BLADES: readonly { ext: string; blade: string; item: string; kind: AdminBlade }[] = [
  { ext: 'Microsoft_AAD_IAM', blade: 'StartboardApplicationsMenuBlade', item: 'AccessRequests', kind: 'access-requests' },
  { ext: 'Microsoft_AAD_IAM', blade: 'StartboardApplicationsMenuBlade', item: 'AppAppsPreview', kind: 'apps' },
  { ext: 'Microsoft_AAD_IAM', blade: 'ManagedAppMenuBlade', item: 'Permissions', kind: 'permissions' },
  { ext: 'Microsoft_AAD_IAM', blade: 'ConsentPoliciesMenuBlade', item: 'AdminConsentSettings', kind: 'consent-settings' },
];

const MAX_PARTS = 40;
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

let lastHref = '';
let lastRoute: AdminRoute | null = null;

/** The route of an admin center address, or null when it is not one of the known blades. */
export function adminRoute(url: URL): AdminRoute | null {
  // Every detector asks for the same address in a run: read it once (a copy: callers may not share it).
  if (url.href !== lastHref) {
    lastRoute = readRoute(url);
    lastHref = url.href;
  }
  return lastRoute && { ...lastRoute, params: { ...lastRoute.params } };
}

function readRoute(url: URL): AdminRoute | null {
  if (url.protocol !== 'https:' || !ADMIN_HOSTS.includes(url.hostname)) return null;
  // The portal may put the tenant in the hash: #@fabrikam.onmicrosoft.com/view/...
  const hashTenant = /^#@([^/]{1,255})\//.exec(url.hash)?.[1];
  const parts = url.hash.replace(/^#(@[^/]{1,255}\/)?\/?/, '').slice(0, 4096).split('/').slice(0, MAX_PARTS).map(decode);
  const form = parts[0];
  if (form !== 'view' && form !== 'blade') return null;
  const [ext, blade] = [parts[1], parts[2]];
  // #view/Ext/Blade/~/Item/... ; #blade/Ext/Blade/Item/...
  const itemAt = form === 'view' && parts[3] === '~' ? 4 : 3;
  const item = parts[itemAt];
  const known = BLADES.find((b) => b.ext === ext && b.blade === blade && b.item === item);
  if (!known) return null;
  const params: Record<string, string> = {};
  const names = new Set<string>();
  let ambiguous = false;
  const rest = parts.slice(itemAt + 1);
  for (let i = 0; i + 1 < rest.length; i += 2) {
    const name = rest[i]!.replace(/~$/, '');
    if (names.has(name.toLowerCase())) ambiguous = true;
    names.add(name.toLowerCase());
    if (/^[\w.-]{1,64}$/.test(name) && !RESERVED.has(name) && !Object.hasOwn(params, name)) params[name] = rest[i + 1]!.slice(0, 256);
  }
  // A name given twice (any case, with or without `~`): neither value is relied on.
  if (ambiguous) for (const name of Object.keys(params)) if (Object.keys(params).filter((n) => n.toLowerCase() === name.toLowerCase()).length > 1 || rest.filter((r, i) => i % 2 === 0 && r.replace(/~$/, '').toLowerCase() === name.toLowerCase()).length > 1) delete params[name];
  const tenant = decode(hashTenant ?? url.pathname.split('/')[1] ?? '').slice(0, 255);
  return { blade: known.kind, params, ...(tenant ? { tenant } : {}), ...(ambiguous ? { ambiguous } : {}) };
}
