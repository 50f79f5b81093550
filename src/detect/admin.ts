/**
 * Detectors for the admin center (seed step 6): an app's Permissions blade, Admin consent tab. Each frame
 * reads its own document: the blade is in the top frame (Knockout grid, with the route naming the blade) or
 * in a React view frame on *.reactblade.portal.azure.net (Fluent DetailsList; no route there). Recognised by
 * what the grid shows ("API Name", "Claim value", "Type" headers), read by header, never by position. Which
 * app the blade is about is the worker's business (the top frame's route, sender.tab.url).
 */
import { adminRoute } from './admin-routes';
import { readGrid } from './grid';
import type { Detector } from './types';

const REACT_FRAME = /^[\w-]+\.reactblade(-[\w]+)?\.portal\.azure\.net$/;
const NEEDED = ['api name', 'claim value', 'type'];

/** The selected tab says "Admin consent" (the User consent tab is not where an admin's grant shows). */
function adminTabSelected(doc: Document): boolean {
  const selected = Array.from(doc.querySelectorAll('[role=tab][aria-selected=true]')).map((t) => (t.textContent ?? '').replace(/\s+/g, ' ').trim().toLowerCase());
  return selected.includes('admin consent');
}

export const isAdminPermissions: Detector = ({ url, doc }) => {
  if (url.protocol !== 'https:') return null;
  const topFrame = adminRoute(url)?.blade === 'permissions';
  if (!topFrame && !REACT_FRAME.test(url.hostname)) return null;
  if (!adminTabSelected(doc)) return null;
  const panel = doc.querySelector('[role=tabpanel]:not([hidden])') ?? doc;
  const grid = readGrid(panel);
  const headers = grid.headers.map((h) => h.toLowerCase());
  if (!NEEDED.every((h) => headers.includes(h))) return null;
  const rows = grid.rows.map((r) => ({ api: r['api name'] ?? '', claim: r['claim value'] ?? '', type: r.type ?? '' })).filter((r) => r.claim);
  return { kind: 'admin-permissions', verified: null, permissions: rows.map((r) => r.claim), admin: { rows }, signals: [topFrame ? 'route:permissions' : 'frame:reactblade', 'grid:headers', 'tab:admin-consent'] };
};

const REQUEST_HEADERS = ['name', 'application id'];

/**
 * Admin consent requests (seed step 4): the requests grid, read by header ("Name", "Application ID"), in the
 * top frame on its route or in a React view's frame. Which rows are Rox's is the worker's business.
 */
export const isAdminRequests: Detector = ({ url, doc }) => {
  if (url.protocol !== 'https:') return null;
  const topFrame = adminRoute(url)?.blade === 'access-requests';
  if (!topFrame && !REACT_FRAME.test(url.hostname)) return null;
  // The blade's tabs "My Pending" / "All (Preview)" (docs/microsoft-pages.md) tell it from the apps list.
  const tabs = Array.from(doc.querySelectorAll('[role=tab]')).map((t) => (t.textContent ?? '').replace(/\s+/g, ' ').trim().toLowerCase());
  if (!tabs.includes('my pending')) return null;
  const grid = readGrid(doc);
  const headers = grid.headers.map((h) => h.toLowerCase());
  if (!REQUEST_HEADERS.every((h) => headers.includes(h))) return null;
  const rows = grid.rows.map((r) => ({ name: r.name ?? '', appId: r['application id'] ?? '' }));
  return { kind: 'admin-requests', verified: null, permissions: [], requests: { rows }, rowElements: grid.elements, signals: [topFrame ? 'route:access-requests' : 'frame:reactblade', 'grid:headers'] };
};

/** In order: the first that matches wins. */
export const detectAdminPage: Detector = (input) => isAdminPermissions(input) ?? isAdminRequests(input);
