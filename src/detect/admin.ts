/**
 * Detectors for the admin center (seed steps 4 to 6). Each frame reads its own document: a blade is in the
 * top frame (Knockout grid, with the route naming the blade) or in a React view frame on
 * *.reactblade.portal.azure.net (Fluent DetailsList; no route there). Recognised by what the blade shows
 * (tabs, column headers, labels), read by header or label, never by position. Which app a blade is about is
 * the worker's business (application ids, the top frame's route): names shown here are the app owner's text.
 */
import { ADMIN_HOSTS, adminRoute } from './admin-routes';
import { findGrid, inUnreadColumn } from './grid';
import type { Detector, Gate, PageMatch } from './types';

const REACT_FRAME = /^[\w-]+\.reactblade(-[\w]+)?\.portal\.azure\.net$/;
const NEEDED = ['api name', 'claim value', 'type'];
const MAX_TEXT = 300;
/** The most a report carries (src/shared/messages.ts): rows, and permission names. */
export const MAX_REPORTED_ROWS = 200;
export const MAX_REPORTED_PERMISSIONS = 50;

const norm = (s: string | null | undefined) => (s ?? '').slice(0, 2000).replace(/\s+/g, ' ').trim().toLowerCase();
const textOf = (el: Element | null | undefined, max = MAX_TEXT) => (el?.textContent ?? '').slice(0, max * 4).replace(/\s+/g, ' ').trim().slice(0, max);

/** The top frame on `blade`'s route, or a React view's frame (which has no route of its own). */
function where(url: URL, blade: string): 'route' | 'frame' | null {
  if (url.protocol !== 'https:') return null;
  if (adminRoute(url)?.blade === blade) return 'route';
  return REACT_FRAME.test(url.hostname) ? 'frame' : null;
}

/** The selected tab says "Admin consent" (the User consent tab is not where an admin's grant shows). */
function adminTabSelected(doc: Document): boolean {
  const selected = Array.from(doc.querySelectorAll('[role=tab][aria-selected=true]')).map((t) => norm(t.textContent));
  return selected.includes('admin consent');
}

/** "{App} | Permissions": the blade's title in the top frame (the app owner's name for it). */
function permissionsTitle(doc: Document): string | undefined {
  for (const h of Array.from(doc.querySelectorAll('h1, h2, [role=heading]')).slice(0, 20)) {
    const m = /^(.+) \| Permissions$/.exec(textOf(h, 400));
    if (m) return m[1]!.trim().slice(0, MAX_TEXT);
  }
  return undefined;
}

export const isAdminPermissions: Detector = ({ url, doc }) => {
  const at = where(url, 'permissions');
  if (!at) return null;
  const appName = at === 'route' ? permissionsTitle(doc) : undefined;
  const panel = doc.querySelector('[role=tabpanel]:not([hidden])') ?? doc;
  const grid = adminTabSelected(doc) ? findGrid(panel, NEEDED) : null;
  if (!grid) {
    // The top frame of a blade whose grid is in a React view's frame, or still loading: only its title, so
    // that a look-alike's blade is warned about; the grid is judged where it is.
    if (!appName) return null;
    return { kind: 'admin-permissions', verified: null, permissions: [], appName, signals: ['route:permissions', 'title'] };
  }
  const all = grid.rows.map((r) => ({ api: r['api name'] ?? '', claim: r['claim value'] ?? '', type: r.type ?? '' })).filter((r) => r.claim);
  // What a report may carry (src/shared/messages.ts); a list cut short is said to be, and is never "Done".
  const rows = all.slice(0, MAX_REPORTED_ROWS);
  return {
    kind: 'admin-permissions',
    verified: null,
    permissions: rows.slice(0, MAX_REPORTED_PERMISSIONS).map((r) => r.claim),
    ...(appName ? { appName } : {}),
    admin: { rows, ...(all.length > rows.length ? { truncated: true } : {}) },
    signals: [at === 'route' ? 'route:permissions' : 'frame:reactblade', 'grid:headers', 'tab:admin-consent'],
  };
};

const REQUEST_HEADERS = ['name', 'application id'];
const REVIEW = 'review permissions and consent';
const PANE_TABS = ['app details', 'requested by'];
const BUTTONS = 'button, [role=button], [role=menuitem]';

/** A labelled value beside its label (`label + value`, `dt + dd`), by the label's text, lower case. */
function fields(root: Element): Map<string, Element> {
  const out = new Map<string, Element>();
  for (const label of Array.from(root.querySelectorAll('label, dt')).slice(0, 50)) {
    const name = norm(label.textContent);
    const value = label.nextElementSibling;
    if (name && value && !out.has(name)) out.set(name, value);
  }
  return out;
}

/**
 * The request's Details pane: the nearest element holding both its tabs ("App details", "Requested by") and
 * its "Review permissions and consent" button (a grid's cell never counts as that button: an app may be
 * named so). Fields by label; the requesters' grid by header.
 */
function readDetails(doc: Document): { details: NonNullable<PageMatch['requests']>['details']; pane: Element; review: HTMLElement } | null {
  const tab = Array.from(doc.querySelectorAll('[role=tab]')).find((t) => PANE_TABS.includes(norm(t.textContent)));
  if (!tab) return null;
  let pane: Element | null = tab.parentElement;
  let review: HTMLElement | undefined;
  for (let depth = 0; pane && depth < 12 && !review; depth++) {
    review = Array.from(pane.querySelectorAll<HTMLElement>(BUTTONS)).find((b) => !b.closest('[role=row], [role=grid]') && [norm(b.textContent), norm(b.getAttribute('aria-label'))].includes(REVIEW));
    if (!review) pane = pane.parentElement;
  }
  if (!pane || !review) return null;
  const f = fields(pane);
  const publisher = f.get('publisher');
  const badge = publisher?.querySelector('[role=img][aria-label], img[alt]');
  const badgeText = norm(badge?.getAttribute('aria-label') ?? badge?.getAttribute('alt'));
  const requesters = findGrid(pane, ['upn'])?.rows.slice(0, 50).map((r) => ({ upn: r.upn ?? '', justification: r.justification ?? '' })) ?? [];
  const disabled = review.getAttribute('aria-disabled') === 'true' || (review as HTMLButtonElement).disabled === true;
  const selectedTab = norm(pane.querySelector('[role=tab][aria-selected=true]')?.textContent);
  return {
    pane,
    review,
    details: {
      tab: selectedTab === 'app details' ? 'app' : selectedTab === 'requested by' ? 'requested' : 'other',
      appName: textOf(f.get('application name')),
      appId: textOf(f.get('application id'), 64),
      publisher: textOf(publisher),
      // The badge beside the publisher's name; its absence proves nothing (the pane's markup is not known).
      verified: badgeText === 'verified publisher' ? true : null,
      pending: !disabled,
      requesters: requesters.slice(0, 50),
    },
  };
}

/**
 * Admin consent requests (seed step 4): the requests grid, read by header ("Name", "Application ID"), in the
 * top frame on its route or in a React view's frame; and, when a request is open, its Details pane. Which
 * rows are Rox's is the worker's business (by application id).
 */
export const isAdminRequests: Detector = ({ url, doc }) => {
  const at = where(url, 'access-requests');
  if (!at) return null;
  // The blade's tabs "My Pending" / "All (Preview)" (docs/microsoft-pages.md) tell it from the apps list.
  const tabs = Array.from(doc.querySelectorAll('[role=tab]')).map((t) => norm(t.textContent));
  if (!tabs.includes('my pending')) return null;
  const open = readDetails(doc);
  const grid = findGrid(doc, REQUEST_HEADERS, open?.pane);
  if (!grid) return null;
  const all = grid.rows.map((r, i) => ({ name: r.name ?? '', appId: r['application id'] ?? '', selected: grid.elements[i]?.getAttribute('aria-selected') === 'true' }));
  const rows = all.slice(0, MAX_REPORTED_ROWS);
  return {
    kind: 'admin-requests',
    verified: null,
    permissions: [],
    requests: { rows, ...(all.length > rows.length ? { truncated: true } : {}), ...(open ? { details: open.details } : {}) },
    rowElements: grid.elements.slice(0, rows.length),
    ...(open?.details?.pending ? { reviewButton: open.review } : {}),
    // The open pane (its tabs, requesters, buttons) is what the admin reads: the panel keeps off it.
    ...(open ? { actions: [open.pane] } : {}),
    signals: [at === 'route' ? 'route:access-requests' : 'frame:reactblade', 'grid:headers', ...(open ? ['pane:details'] : [])],
  };
};

const WORKFLOW = 'users can request admin consent to apps they are unable to consent to';

/**
 * Admin consent settings: recognised by the workflow setting's label [C]; its Yes/No read from the control
 * the label names (a radio group or a switch), null when that cannot be read.
 */
export const isAdminConsentSettings: Detector = ({ url, doc }) => {
  const at = where(url, 'consent-settings');
  if (!at) return null;
  const label = Array.from(doc.querySelectorAll('label, [role=heading]')).slice(0, 200).find((l) => l.childElementCount === 0 && norm(l.textContent) === WORKFLOW);
  if (!label) return null;
  let workflow: boolean | null = null;
  const control = label.id ? doc.querySelector(`[aria-labelledby~="${CSS.escape(label.id)}"]`) : null;
  if (control?.getAttribute('role') === 'switch') workflow = control.getAttribute('aria-checked') === 'true';
  else if (control) {
    const on = norm(control.querySelector('[role=radio][aria-checked=true]')?.textContent);
    workflow = on === 'yes' ? true : on === 'no' ? false : null;
  }
  return { kind: 'admin-consent-settings', verified: null, permissions: [], settings: { workflow }, signals: [at === 'route' ? 'route:consent-settings' : 'frame:reactblade', 'label:workflow'] };
};

const APP_HEADERS = ['name', 'object id', 'application id'];

/**
 * Enterprise applications (All applications): each app's name, object id (its service principal, which an
 * app's blades are addressed by) and application id, read by header. The worker learns from it which object
 * ids are Rox's app, so that an app's Permissions blade is tied to Rox by more than its address.
 */
export const isAdminApps: Detector = ({ url, doc }) => {
  const at = where(url, 'apps');
  if (!at) return null;
  const grid = findGrid(doc, APP_HEADERS);
  if (!grid) return null;
  const all = grid.rows.map((r) => ({ name: r.name ?? '', objectId: r['object id'] ?? '', appId: r['application id'] ?? '' })).filter((r) => r.objectId && r.appId);
  const rows = all.slice(0, MAX_REPORTED_ROWS);
  return { kind: 'admin-apps', verified: null, permissions: [], apps: { rows }, rowElements: grid.elements.slice(0, rows.length), signals: [at === 'route' ? 'route:apps' : 'frame:reactblade', 'grid:headers'] };
};

/**
 * The admin content script's gate: the top frame only on a blade these detectors know (any other route of
 * the single-page app is not ours: its script waits for the next route), a React view's frame always,
 * any other frame never.
 */
export function adminGate(url: URL): Gate {
  if (url.protocol !== 'https:') return 'no';
  if (ADMIN_HOSTS.includes(url.hostname)) {
    const route = adminRoute(url);
    if (!route) return 'no';
    return 'maybe';
  }
  return REACT_FRAME.test(url.hostname) ? 'maybe' : 'no';
}

/** Every column a detector here reads (lower case); a change in any other column's cells is quiet. */
const READ_COLUMNS: ReadonlySet<string> = new Set([...NEEDED, ...REQUEST_HEADERS, ...APP_HEADERS, 'upn', 'justification']);

/** A DOM change no detector here can see: inside a grid cell of a column none of them reads. */
export const quietAdminNode = (node: Node): boolean => inUnreadColumn(node, READ_COLUMNS);

/** In order: the first that matches wins. */
export const detectAdminPage: Detector = (input) => isAdminPermissions(input) ?? isAdminRequests(input) ?? isAdminConsentSettings(input) ?? isAdminApps(input);
