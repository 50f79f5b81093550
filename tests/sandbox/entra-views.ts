/**
 * The admin center's blades as the sandbox renders them, in the two rendering models the real portal may
 * use (docs/microsoft-pages.md "Entra admin center"; which one each blade uses today is unknown):
 * - 'knockout': everything in the top frame; blade title `h2.fxs-blade-title-titleText`, grids
 *   `.azc-grid-root` with ARIA grid roles (`aria-rowindex` / `aria-colindex`, `.fxc-gc-row[role=row]`),
 *   toolbar buttons `.azc-toolbarButton-container[aria-label]`;
 * - 'react': the top frame keeps the blade title and menu, the content is a Fluent UI view inside
 *   `iframe.fxs-reactview-frame-active` served from sandbox-1.reactblade.portal.azure.net (`.ms-DetailsList`,
 *   `[data-automationid=DetailsRow]`, `[data-automationid=DetailsRowCell][data-automation-key]`, Pivot tabs,
 *   a CommandBar `div.ms-OverflowSet[role=menubar]`).
 * Both forms are minified (no whitespace between elements) and put their columns in DIFFERENT orders, so a
 * reader must go by column header. Pure functions of the tenant state: the live sandbox (entra.ts) and the
 * fixtures (tests/fixtures/admin.ts) render with the same code. No Microsoft fact comes from src/.
 */
import { adminLabel } from './graph.js';
import { esc } from './http.js';
import { TENANT_ID, TENANT_NAME, type App, type Tenant } from './tenant.js';

export type AdminForm = 'knockout' | 'react';
/** 'legacy': the sandbox's first admin center (its own markup, no Microsoft classes), kept as the default. */
export type AdminRendering = 'legacy' | AdminForm;
export type AdminBlade = 'access-requests' | 'permissions' | 'consent-settings' | 'apps';
export type AdminRenderingPolicy = AdminRendering | Partial<Record<AdminBlade, AdminRendering>>;

declare module './tenant.js' {
  interface Policy {
    /**
     * Which rendering model the admin center uses, for every blade or per blade (`{permissions: 'react'}`).
     * Unset: 'legacy' (the sandbox's first admin center) for the requests, permissions and apps blades,
     * 'knockout' for the consent settings blade, which had no legacy form.
     */
    adminRendering?: AdminRenderingPolicy;
    /**
     * Load testing (npm run bench): this many made-up pending requests ("Filler app 1"...) after the tenant's
     * own in the Admin consent requests grid, so the grid can hold thousands of rows. Not Microsoft facts.
     */
    fillerRequests?: number;
    /**
     * Load testing: the Knockout top frame keeps its grid changing, rewriting this many "Created Date" cells
     * every animation frame while the blade is shown (the count of rewrites is `window.__sandboxChurn`).
     */
    gridChurn?: number;
  }
}

export const ADMIN_HOSTS = ['entra.microsoft.com', 'portal.azure.com'];
export const REACT_BLADE_ORIGIN = 'https://sandbox-1.reactblade.portal.azure.net';

export function renderingFor(policy: { adminRendering?: AdminRenderingPolicy }, blade: AdminBlade): AdminRendering {
  const p = policy.adminRendering;
  const v = typeof p === 'string' ? p : p?.[blade];
  if (v === 'knockout' || v === 'react') return v;
  return blade === 'consent-settings' ? 'knockout' : 'legacy';
}

// ---------------------------------------------------------------------------------------------- routes

export interface AdminRoute {
  blade: AdminBlade | null;
  /** `Microsoft_AAD_IAM` */
  extension: string;
  /** `StartboardApplicationsMenuBlade` */
  bladeName: string;
  /** The menu item (`AccessRequests`, `Permissions`...). */
  item: string;
  /** Parameters by name; a `name~` JSON value is decoded (`null` -> ''). */
  params: Record<string, string>;
  /** A tenant in the path (`/fabrikam.onmicrosoft.com/`) or after `#@`. */
  tenant?: string;
}

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** Parses `#view/Ext/Blade/~/Item/name/value...` and the old `#blade/Ext/Blade/Item/name/value...` by name. */
export function parseAdminRoute(href: string): AdminRoute | null {
  let u: URL;
  try {
    u = new URL(href);
  } catch {
    return null;
  }
  if (!ADMIN_HOSTS.includes(u.hostname)) return null;
  let tenant: string | undefined = u.pathname.split('/').filter(Boolean)[0];
  let hash = u.hash.replace(/^#/, '');
  const at = hash.match(/^@([^/]+)\/?/);
  if (at) {
    tenant = decode(at[1]!);
    hash = hash.slice(at[0].length);
  }
  const segs = hash.split('/').map(decode);
  let pairs: string[];
  let item = '';
  if (segs[0] === 'view') pairs = segs.slice(3);
  else if (segs[0] === 'blade') {
    item = segs[3] ?? '';
    pairs = segs.slice(4);
  } else return { blade: null, extension: '', bladeName: '', item: '', params: {}, tenant };
  const params: Record<string, string> = {};
  for (let i = 0; i < pairs.length; i += 2) {
    const name = pairs[i]!;
    const value = pairs[i + 1] ?? '';
    if (!name) continue;
    if (name === '~') {
      item = value;
      continue;
    }
    if (name.endsWith('~')) {
      let v: unknown = value;
      try {
        v = JSON.parse(value);
      } catch {
        /* keep the text */
      }
      params[name.slice(0, -1)] = v === null || v === undefined ? '' : String(v);
    } else params[name] = value;
  }
  const extension = segs[1] ?? '';
  const bladeName = segs[2] ?? '';
  const key = `${extension}/${bladeName}/${item}`.toLowerCase();
  const blade: AdminBlade | null =
    key === 'microsoft_aad_iam/startboardapplicationsmenublade/accessrequests'
      ? 'access-requests'
      : key === 'microsoft_aad_iam/startboardapplicationsmenublade/appappspreview' || key === 'microsoft_aad_iam/startboardapplicationsmenublade/allapps'
        ? 'apps'
        : key === 'microsoft_aad_iam/managedappmenublade/permissions'
          ? 'permissions'
          : key === 'microsoft_aad_iam/consentpoliciesmenublade/adminconsentsettings'
            ? 'consent-settings'
            : null;
  return { blade, extension, bladeName, item, params, tenant };
}

export const ROUTES = {
  requests: '#view/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/~/AccessRequests',
  apps: '#view/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/~/AppAppsPreview',
  settings: '#view/Microsoft_AAD_IAM/ConsentPoliciesMenuBlade/~/AdminConsentSettings',
  permissions: (spId: string, appId: string) => `#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/Permissions/objectId/${spId}/appId/${appId}`,
};

/** The React view's name per blade (the iframe's `name` is `<View>.ReactView`) [S]. */
export const VIEW_NAMES: Record<AdminBlade, string> = {
  'access-requests': 'AccessRequests',
  permissions: 'Permissions',
  'consent-settings': 'AdminConsentSettings',
  apps: 'AppAppsPreview',
};

export function routeForView(view: string, params: Record<string, string>): AdminRoute | null {
  const blade = (Object.keys(VIEW_NAMES) as AdminBlade[]).find((b) => VIEW_NAMES[b] === view);
  if (!blade) return null;
  return { blade, extension: 'Microsoft_AAD_IAM', bladeName: '', item: view, params };
}

// ---------------------------------------------------------------------------------------------- state

export interface ViewState {
  tab?: 'pending' | 'all';
  /** Request id whose Details pane is open. */
  selected?: string;
  paneTab?: 'app' | 'requested' | 'help';
  /** Deny / Block dialog open on the selected request. */
  action?: 'deny' | 'block';
  permTab?: 'admin' | 'user';
  search?: string;
}

export function parseState(json: string | null): ViewState {
  try {
    const v = JSON.parse(json ?? '{}') as Record<string, unknown>;
    const s: ViewState = {};
    if (v.tab === 'pending' || v.tab === 'all') s.tab = v.tab;
    if (typeof v.selected === 'string') s.selected = v.selected;
    if (v.paneTab === 'app' || v.paneTab === 'requested' || v.paneTab === 'help') s.paneTab = v.paneTab;
    if (v.action === 'deny' || v.action === 'block') s.action = v.action;
    if (v.permTab === 'admin' || v.permTab === 'user') s.permTab = v.permTab;
    if (typeof v.search === 'string') s.search = v.search.slice(0, 200);
    return s;
  } catch {
    return {};
  }
}

// ---------------------------------------------------------------------------------------------- data

export interface Requester {
  upn: string;
  name: string;
  justification: string;
  createdAt: number;
  status: string;
  decision: string;
}

export interface RequestRow {
  id: string;
  appId: string;
  appName: string;
  publisher: string;
  verified: boolean;
  homepage: string;
  replyUrl: string;
  status: string;
  createdAt: number;
  scopes: string[];
  requesters: Requester[];
}

/** One row per app (and status), as the existing sandbox grouped them; My Pending shows InProgress only. */
export function requestRows(tenant: Tenant, tab: 'pending' | 'all'): RequestRow[] {
  const byApp = new Map<string, RequestRow>();
  for (const r of tenant.requests) {
    if (tab === 'pending' && r.status !== 'InProgress') continue;
    const app = tenant.app(r.clientId);
    if (!app) continue;
    const key = `${r.clientId}|${r.status}`;
    const row = byApp.get(key) ?? {
      id: r.id,
      appId: app.clientId,
      appName: app.name,
      publisher: app.publisher,
      verified: app.verified,
      homepage: app.website,
      replyUrl: app.redirectUris[0] ?? '',
      status: r.status,
      createdAt: r.createdAt,
      scopes: [],
      requesters: [],
    };
    row.requesters.push({
      upn: r.requester,
      name: tenant.user(r.requester)?.name ?? r.requester,
      justification: r.justification,
      createdAt: r.createdAt,
      status: r.status === 'InProgress' ? 'Pending' : r.status === 'Expired' ? 'Expired' : r.reviewResult,
      decision: r.reviewedBy ? `${r.reviewResult} by ${r.reviewedBy}${r.reviewJustification ? `: ${r.reviewJustification}` : ''}` : '',
    });
    row.scopes = [...new Set([...row.scopes, ...r.scopes])];
    row.createdAt = Math.min(row.createdAt, r.createdAt);
    byApp.set(key, row);
  }
  return [...byApp.values()];
}

/** Made-up pending requests for load testing (policy.fillerRequests): apps no tenant has, ids by number. */
function fillerRows(n: number): RequestRow[] {
  const rows: RequestRow[] = [];
  for (let i = 1; i <= n; i++) {
    const createdAt = Date.UTC(2025, 0, 1) + i * 60_000;
    rows.push({
      id: `filler-${i}`,
      appId: `0000f111-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
      appName: `Filler app ${i}`,
      publisher: 'Filler Ltd',
      verified: false,
      homepage: 'https://filler.test',
      replyUrl: 'https://filler.test/callback',
      status: 'InProgress',
      createdAt,
      scopes: ['User.Read'],
      requesters: [{ upn: 'alex@fabrikam.com', name: 'Alex Wilber', justification: 'work', createdAt, status: 'Pending', decision: '' }],
    });
  }
  return rows;
}

export interface PermissionRow {
  api: string;
  claim: string;
  permission: string;
  type: string;
  grantedThrough: string;
  grantedBy: string;
}

export function permissionRows(tenant: Tenant, appId: string, tab: 'admin' | 'user'): PermissionRow[] {
  const type = tab === 'admin' ? 'AllPrincipals' : 'Principal';
  return tenant.grants
    .filter((g) => g.clientId.toLowerCase() === appId.toLowerCase() && g.consentType === type)
    .flatMap((g) =>
      g.scopes.map((s) => ({
        api: 'Microsoft Graph',
        claim: s,
        permission: adminLabel(s),
        type: 'Delegated',
        grantedThrough: tab === 'admin' ? 'Admin consent' : 'User consent',
        grantedBy: tab === 'admin' ? 'An administrator' : (tenant.user(g.principal)?.name ?? g.principal ?? ''),
      })),
    );
}

/** Apps with a service principal in the tenant: granted, or asked for in a request. */
export function tenantApps(tenant: Tenant): App[] {
  return tenant.apps.filter((a) => !a.firstParty && (tenant.grants.some((g) => g.clientId === a.clientId) || tenant.requests.some((r) => r.clientId === a.clientId)));
}

const date = (t: number) => new Date(t).toLocaleString('en-US', { timeZone: 'UTC' });

// ---------------------------------------------------------------------------------------------- markup

type Attrs = Record<string, string | number | boolean | undefined>;
const attrs = (a: Attrs) =>
  Object.entries(a)
    .filter(([, v]) => v !== undefined && v !== false)
    .map(([k, v]) => (v === true ? ` ${k}` : ` ${k}="${esc(String(v))}"`))
    .join('');
/** An element; children are HTML (use `t()` for text). */
const el = (tag: string, a: Attrs, ...children: string[]) => `<${tag}${attrs(a)}>${children.join('')}</${tag}>`;
const t = (s: string | number) => esc(String(s));
const icon = (name: string) => `<svg class="fxs-icon" viewBox="0 0 16 16" role="presentation" focusable="false" aria-hidden="true" data-icon="${esc(name)}"><path d="M2 2h12v12H2z"></path></svg>`;

export interface Column {
  key: string;
  name: string;
}
export interface GridRow {
  cells: Record<string, string>;
  selected?: boolean;
}
export interface Grid {
  label: string;
  columns: Column[];
  rows: GridRow[];
  /** Rows grouped (permissions by API): consecutive runs. */
  groups?: { name: string; start: number; count: number }[];
  /** Fluent only: a selection check column first (as DetailsList with selectionMode single). */
  selectable?: boolean;
  empty?: string;
}

function knockoutGrid(g: Grid): string {
  const head = el(
    'div',
    { role: 'rowgroup', class: 'fxc-gc-header' },
    el(
      'div',
      { role: 'row', class: 'fxc-gc-columnheaders', 'aria-rowindex': 1 },
      ...g.columns.map((c, i) =>
        el('div', { role: 'columnheader', class: 'fxc-gc-columnheader', 'aria-colindex': i + 1, 'aria-sort': 'none', tabindex: -1 }, el('div', { class: 'fxc-gc-columnheader-content' }, el('span', { class: 'fxc-gc-text' }, t(c.name)))),
      ),
    ),
  );
  let r = 1;
  const rowHtml = (row: GridRow) =>
    el(
      'div',
      { role: 'row', class: `fxc-gc-row fxc-gc-row-content${row.selected ? ' fxc-gc-selected' : ''}`, 'aria-rowindex': ++r, 'aria-selected': row.selected ? 'true' : 'false', tabindex: -1 },
      ...g.columns.map((c, i) => el('div', { role: 'gridcell', class: `fxc-gc-cell fxc-gc-columncell_${i}`, 'aria-colindex': i + 1 }, el('div', { class: 'fxc-gc-cell-content' }, row.cells[c.key] ?? ''))),
    );
  const body: string[] = [];
  if (g.groups?.length)
    for (const grp of g.groups) {
      body.push(
        el(
          'div',
          { role: 'row', class: 'fxc-gc-grouprow', 'aria-rowindex': ++r, 'aria-expanded': 'true' },
          el('div', { role: 'gridcell', class: 'fxc-gc-groupheader', 'aria-colindex': 1, 'aria-colspan': g.columns.length }, el('span', { class: 'fxc-gc-text' }, t(`${grp.name} (${grp.count})`))),
        ),
      );
      for (const row of g.rows.slice(grp.start, grp.start + grp.count)) body.push(rowHtml(row));
    }
  else for (const row of g.rows) body.push(rowHtml(row));
  const grid = el(
    'div',
    { role: 'grid', class: 'fxc-gc-table', 'aria-label': g.label, 'aria-rowcount': r, 'aria-colcount': g.columns.length, 'aria-multiselectable': 'false' },
    head,
    el('div', { role: 'rowgroup', class: 'fxc-gc-body' }, ...body),
  );
  const empty = !g.rows.length && g.empty ? el('div', { class: 'fxc-gc-noRowsMessage azc-grid-emptyMessage', role: 'status' }, t(g.empty)) : '';
  return el('div', { class: 'azc-grid azc-grid-root fxc-gc azc-control' }, grid, empty);
}

function fluentGrid(g: Grid): string {
  const off = g.selectable ? 1 : 0;
  const colcount = g.columns.length + off;
  const check = g.selectable
    ? el(
        'div',
        { role: 'columnheader', class: 'ms-DetailsHeader-cell ms-DetailsHeader-cellIsCheck', 'aria-colindex': 1, 'data-automationid': 'DetailsHeaderCheckCell' },
        el('div', { role: 'checkbox', class: 'ms-DetailsRow-check', 'aria-label': 'Toggle selection for all items', 'aria-checked': 'false', tabindex: -1 }, el('i', { class: 'ms-Check-circle', 'data-icon-name': 'CircleRing', 'aria-hidden': 'true' })),
      )
    : '';
  const head = el(
    'div',
    { role: 'presentation', class: 'ms-DetailsList-headerWrapper' },
    el(
      'div',
      { role: 'row', class: 'ms-DetailsHeader root-120', 'aria-rowindex': 1, 'data-automationid': 'DetailsHeader' },
      check,
      ...g.columns.map((c, i) =>
        el(
          'div',
          { role: 'columnheader', class: 'ms-DetailsHeader-cell', 'data-is-draggable': 'false', 'data-item-key': c.key, 'data-automationid': 'ColumnsHeaderColumn', 'aria-colindex': i + 1 + off, 'aria-sort': 'none' },
          el('span', { class: 'ms-DetailsHeader-cellTitle', id: `header-${c.key}` }, el('span', { class: 'ms-DetailsHeader-cellName' }, t(c.name))),
        ),
      ),
    ),
  );
  let r = 1;
  let index = 0;
  const rowHtml = (row: GridRow) => {
    const i = index++;
    return el(
      'div',
      { class: 'ms-List-cell', 'data-list-index': i, 'data-automationid': 'ListCell' },
      el(
        'div',
        { role: 'row', class: `ms-FocusZone ms-DetailsRow root-131${row.selected ? ' is-selected' : ''}`, 'data-automationid': 'DetailsRow', 'data-selection-index': i, 'data-item-index': i, 'aria-rowindex': ++r, 'aria-selected': g.selectable ? (row.selected ? 'true' : 'false') : undefined, tabindex: -1 },
        g.selectable
          ? el(
              'div',
              { role: 'gridcell', class: 'ms-DetailsRow-cellCheck', 'aria-colindex': 1, 'data-automationid': 'DetailsRowCheck' },
              el('div', { role: 'checkbox', class: 'ms-DetailsRow-check', 'aria-label': 'Select row', 'aria-checked': row.selected ? 'true' : 'false', 'data-selection-toggle': 'true' }, el('i', { class: 'ms-Check-check', 'data-icon-name': 'StatusCircleCheckmark', 'aria-hidden': 'true' })),
            )
          : '',
        el(
          'div',
          { class: 'ms-DetailsRow-fields', role: 'presentation', 'data-automationid': 'DetailsRowFields' },
          ...g.columns.map((c, ci) => el('div', { role: 'gridcell', class: 'ms-DetailsRow-cell', 'data-automationid': 'DetailsRowCell', 'data-automation-key': c.key, 'aria-colindex': ci + 1 + off }, row.cells[c.key] ?? '')),
        ),
      ),
    );
  };
  const body: string[] = [];
  if (g.groups?.length)
    for (const grp of g.groups) {
      body.push(
        el(
          'div',
          { class: 'ms-GroupHeader', role: 'row', 'aria-rowindex': ++r, 'aria-level': 1, 'aria-expanded': 'true', 'data-is-focusable': 'true' },
          el(
            'div',
            { class: 'ms-GroupHeader-groupHeaderContainer', role: 'presentation' },
            el('div', { role: 'gridcell', 'aria-colindex': 1 }, el('button', { type: 'button', class: 'ms-GroupHeader-expand', 'aria-expanded': 'true', 'aria-label': grp.name }, el('i', { 'data-icon-name': 'ChevronRightMed', 'aria-hidden': 'true' }))),
            el('div', { class: 'ms-GroupHeader-title', role: 'gridcell', 'aria-colindex': 2, 'aria-colspan': colcount - 1 }, el('span', {}, t(grp.name)), el('span', { class: 'headerCount-140' }, t(`(${grp.count})`))),
          ),
        ),
      );
      for (const row of g.rows.slice(grp.start, grp.start + grp.count)) body.push(rowHtml(row));
    }
  else for (const row of g.rows) body.push(rowHtml(row));
  const list = el(
    'div',
    { role: 'grid', class: 'ms-FocusZone', 'aria-label': g.label, 'aria-rowcount': r, 'aria-colcount': colcount, 'aria-readonly': 'true' },
    head,
    el('div', { role: 'presentation', class: 'ms-DetailsList-contentWrapper' }, el('div', { class: 'ms-SelectionZone' }, el('div', { class: 'ms-List', role: 'presentation' }, el('div', { class: 'ms-List-surface', role: 'presentation' }, el('div', { class: 'ms-List-page', role: 'presentation' }, ...body))))),
  );
  const empty = !g.rows.length && g.empty ? el('div', { class: 'ms-Stack', role: 'status' }, el('span', { class: 'ms-Text' }, t(g.empty))) : '';
  return el('div', { class: 'ms-Viewport' }, el('div', { class: 'ms-DetailsList is-horizontalConstrained root-109', 'data-automationid': 'DetailsList' }, list)) + empty;
}

const grid = (form: AdminForm, g: Grid) => (form === 'knockout' ? knockoutGrid(g) : fluentGrid(g));

function toolbar(form: AdminForm, labels: string[], disabled: string[] = []): string {
  if (form === 'knockout')
    return el(
      'div',
      { class: 'fxs-commandBar azc-toolbar-container', role: 'toolbar', 'aria-label': 'Command bar' },
      el(
        'ul',
        { class: 'azc-toolbar', role: 'presentation' },
        ...labels.map((l) =>
          el(
            'li',
            { class: 'azc-toolbar-item', role: 'presentation' },
            el(
              'div',
              { class: `azc-toolbarButton-container fxs-fxclick${disabled.includes(l) ? ' azc-disabled' : ''}`, role: 'button', tabindex: 0, 'aria-label': l, title: l, 'aria-disabled': disabled.includes(l) ? 'true' : undefined },
              el('div', { class: 'azc-toolbarButton-icon' }, icon(l)),
              el('div', { class: 'azc-toolbarButton-label' }, t(l)),
            ),
          ),
        ),
      ),
    );
  return el(
    'div',
    { class: 'ms-FocusZone ms-CommandBar root-150', role: 'presentation' },
    el(
      'div',
      { class: 'ms-OverflowSet ms-CommandBar-primaryCommand', role: 'menubar', 'aria-orientation': 'horizontal' },
      ...labels.map((l) =>
        el(
          'div',
          { class: 'ms-OverflowSet-item', role: 'none' },
          el(
            'button',
            { type: 'button', class: `ms-Button ms-Button--commandBar ms-CommandBarItem-link${disabled.includes(l) ? ' is-disabled' : ''}`, role: 'menuitem', name: l, 'data-automationid': l.replace(/\W+/g, ''), disabled: disabled.includes(l), 'aria-disabled': disabled.includes(l) ? 'true' : undefined },
            el('span', { class: 'ms-Button-flexContainer', 'data-automationid': 'splitbuttonprimary' }, el('i', { class: 'ms-Button-icon', 'data-icon-name': l.replace(/\W+/g, ''), 'aria-hidden': 'true' }), el('span', { class: 'ms-Button-textContainer' }, el('span', { class: 'ms-Button-label' }, t(l)))),
          ),
        ),
      ),
    ),
  );
}

function tabs(form: AdminForm, label: string, items: string[], selected: string): string {
  if (form === 'knockout')
    return el(
      'div',
      { class: 'azc-tabs fxc-tabs', role: 'tablist', 'aria-label': label },
      ...items.map((i) => el('div', { role: 'tab', class: `azc-tabs-tab${i === selected ? ' azc-tabs-tab-selected' : ''}`, 'aria-selected': i === selected ? 'true' : 'false', tabindex: i === selected ? 0 : -1 }, el('span', { class: 'azc-tabs-text' }, t(i)))),
    );
  return el(
    'div',
    { class: 'ms-FocusZone ms-Pivot root-160', role: 'tablist', 'aria-label': label },
    ...items.map((i) =>
      el(
        'button',
        { type: 'button', role: 'tab', class: `ms-Button ms-Pivot-link${i === selected ? ' is-selected' : ''}`, 'aria-selected': i === selected ? 'true' : 'false', name: i, 'data-content': i, tabindex: i === selected ? 0 : -1 },
        el('span', { class: 'ms-Button-flexContainer' }, el('span', { class: 'ms-Pivot-linkContent' }, el('span', { class: 'ms-Pivot-text' }, t(i)))),
      ),
    ),
  );
}

function search(form: AdminForm, label: string, value: string): string {
  if (form === 'knockout')
    return el('div', { class: 'azc-inputbox azc-validatableControl fxc-filter' }, el('input', { type: 'text', class: 'azc-input azc-formControl', placeholder: label, 'aria-label': label, value, autocomplete: 'off' }));
  return el('div', { class: 'ms-SearchBox root-170', role: 'search' }, el('div', { class: 'ms-SearchBox-iconContainer', 'aria-hidden': 'true' }, el('i', { 'data-icon-name': 'Search' })), el('input', { class: 'ms-SearchBox-field', placeholder: label, 'aria-label': label, value, role: 'searchbox' }));
}

/** A read-only labelled value (App details fields). */
function field(form: AdminForm, label: string, value: string): string {
  if (form === 'knockout') return el('div', { class: 'azc-form-element fxc-weave-pccontrol' }, el('label', { class: 'azc-form-label' }, t(label)), el('div', { class: 'azc-form-value fxc-essentials-value' }, value));
  return el('div', { class: 'ms-Stack' }, el('label', { class: 'ms-Label root-180' }, t(label)), el('div', { class: 'ms-Text' }, value));
}

function button(form: AdminForm, label: string, primary = false): string {
  if (form === 'knockout') return el('div', { class: `fxs-button fxt-button fxs-inner-solid-border${primary ? ' fxs-button-primary' : ''}`, role: 'button', tabindex: 0, title: label }, el('div', { class: 'fxs-button-text' }, t(label)));
  return el('button', { type: 'button', class: `ms-Button ${primary ? 'ms-Button--primary' : 'ms-Button--default'} root-190`, 'data-is-focusable': 'true' }, el('span', { class: 'ms-Button-flexContainer' }, el('span', { class: 'ms-Button-textContainer' }, el('span', { class: 'ms-Button-label' }, t(label)))));
}

// ---------------------------------------------------------------------------------------------- blades

export interface ViewMeta {
  /** Request ids of the requests grid, in display order. */
  rows?: string[];
  gridLabel?: string;
  consentUrl?: string;
  grantUrl?: string;
}

export interface BladeView {
  blade: AdminBlade;
  title: string;
  subtitle?: string;
  menu: { label: string; href: string; selected: boolean }[];
  /** The blade's content (toolbar, tabs, grid): top frame (knockout) or frame body (react). */
  content: string;
  /** The Details pane (requests blade): a context pane (knockout) or a Fluent Panel in the frame (react). */
  pane?: string;
  meta: ViewMeta;
}

const REQUEST_COLUMNS: Record<AdminForm, Column[]> = {
  knockout: [
    { key: 'name', name: 'Name' },
    { key: 'appId', name: 'Application ID' },
    { key: 'created', name: 'Created Date' },
    { key: 'requestedBy', name: 'Requested by' },
  ],
  react: [
    { key: 'appName', name: 'Name' },
    { key: 'createdDateTime', name: 'Created Date' },
    { key: 'requestCount', name: 'Requested by' },
    { key: 'applicationId', name: 'Application ID' },
  ],
};
const REQUESTER_COLUMNS: Record<AdminForm, Column[]> = {
  knockout: [
    { key: 'name', name: 'Name' },
    { key: 'upn', name: 'UPN' },
    { key: 'justification', name: 'Justification' },
    { key: 'date', name: 'Date' },
    { key: 'status', name: 'Status' },
    { key: 'decision', name: 'Decision details' },
  ],
  react: [
    { key: 'userPrincipalName', name: 'UPN' },
    { key: 'displayName', name: 'Name' },
    { key: 'createdDateTime', name: 'Date' },
    { key: 'reason', name: 'Justification' },
    { key: 'status', name: 'Status' },
    { key: 'decisionDetails', name: 'Decision details' },
  ],
};
const PERMISSION_COLUMNS: Record<AdminForm, Column[]> = {
  knockout: [
    { key: 'api', name: 'API Name' },
    { key: 'claim', name: 'Claim value' },
    { key: 'permission', name: 'Permission' },
    { key: 'type', name: 'Type' },
    { key: 'grantedThrough', name: 'Granted through' },
    { key: 'grantedBy', name: 'Granted by' },
  ],
  react: [
    { key: 'resourceDisplayName', name: 'API Name' },
    { key: 'permissionDisplayName', name: 'Permission' },
    { key: 'claimValue', name: 'Claim value' },
    { key: 'permissionType', name: 'Type' },
    { key: 'grantedBy', name: 'Granted by' },
    { key: 'grantedThrough', name: 'Granted through' },
  ],
};
const APP_COLUMNS: Record<AdminForm, Column[]> = {
  knockout: [
    { key: 'name', name: 'Name' },
    { key: 'objectId', name: 'Object ID' },
    { key: 'appId', name: 'Application ID' },
    { key: 'publisher', name: 'Publisher' },
  ],
  react: [
    { key: 'displayName', name: 'Name' },
    { key: 'appId', name: 'Application ID' },
    { key: 'publisher', name: 'Publisher' },
    { key: 'id', name: 'Object ID' },
  ],
};

const STARTBOARD_MENU = (selected: string) =>
  [
    ['Overview', '#view/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/~/Overview'],
    ['All applications', ROUTES.apps],
    ['Consent and permissions', ROUTES.settings],
    ['Admin consent requests', ROUTES.requests],
  ].map(([label, href]) => ({ label: label!, href: href!, selected: label === selected }));

export interface RenderContext {
  /** The admin center's origin (https://entra.microsoft.com): where the consent popup returns. */
  origin: string;
}

function consentUrl(appId: string, scopes: string[], origin: string, state: string): string {
  const q = new URLSearchParams({ client_id: appId, redirect_uri: `${origin}/adminconsent/complete`, state });
  if (scopes.length) q.set('scope', scopes.join(' '));
  return `https://login.microsoftonline.com/${TENANT_ID}/v2.0/adminconsent?${q}`;
}

function requestsBlade(tenant: Tenant, form: AdminForm, state: ViewState, ctx: RenderContext): BladeView {
  const tab = state.tab ?? 'pending';
  const q = (state.search ?? '').trim().toLowerCase();
  const all = [...requestRows(tenant, tab), ...fillerRows(tenant.policy.fillerRequests ?? 0)];
  const rows = all.filter((r) => !q || r.appName.toLowerCase().includes(q));
  const cols = REQUEST_COLUMNS[form];
  const columns = tab === 'all' ? [...cols, { key: 'status', name: 'Status' }] : cols;
  // Column values by meaning, whatever the form's order.
  const values = (r: RequestRow) => {
    const byName: Record<string, string> = {
      Name: form === 'knockout' ? el('a', { class: 'fxs-fxclick', href: '#', role: 'link', tabindex: -1 }, t(r.appName)) : el('span', { class: 'ms-Link root-200' }, t(r.appName)),
      'Application ID': t(r.appId),
      'Created Date': t(date(r.createdAt)),
      'Requested by': t(r.requesters.length),
      Status: t(r.status === 'InProgress' ? 'Pending' : r.status),
    };
    return Object.fromEntries(columns.map((c) => [c.key, byName[c.name] ?? ''])) as Record<string, string>;
  };
  const selected = rows.find((r) => r.id === state.selected);
  const label = 'Admin consent requests';
  const content =
    toolbar(form, ['Refresh', 'Got feedback?']) +
    tabs(form, 'Admin consent requests', ['My Pending', 'All (Preview)'], tab === 'pending' ? 'My Pending' : 'All (Preview)') +
    search(form, 'Search by app name', state.search ?? '') +
    grid(form, { label, columns, rows: rows.map((r) => ({ cells: values(r), selected: r === selected })), selectable: true, empty: 'No requests to display' });
  const meta: ViewMeta = { rows: rows.map((r) => r.id), gridLabel: label };
  let pane: string | undefined;
  if (selected) {
    meta.consentUrl = consentUrl(selected.appId, selected.scopes, ctx.origin, selected.id);
    pane = detailsPane(tenant, form, selected, state);
  }
  return { blade: 'access-requests', title: 'Enterprise applications | Admin consent requests', menu: STARTBOARD_MENU('Admin consent requests'), content, pane, meta };
}

function detailsPane(_tenant: Tenant, form: AdminForm, r: RequestRow, state: ViewState): string {
  const paneTab = state.paneTab ?? 'app';
  const pending = r.status === 'InProgress';
  const actions = ['Review permissions and consent', 'Block', 'Deny', 'Review Application', 'Refresh'];
  const publisher = t(r.publisher) + (r.verified ? (form === 'knockout' ? el('span', { class: 'fxs-verified-publisher', role: 'img', 'aria-label': 'Verified publisher', title: 'Verified publisher' }, icon('verified')) : el('i', { class: 'ms-Icon', 'data-icon-name': 'VerifiedBrandSolid', role: 'img', 'aria-label': 'Verified publisher' })) : '');
  let body: string;
  if (paneTab === 'app')
    body = [
      field(form, 'Application name', t(r.appName)),
      field(form, 'Publisher', publisher),
      field(form, 'Application ID', t(r.appId)),
      field(form, 'Homepage URL', t(r.homepage)),
      field(form, 'Reply URL', t(r.replyUrl)),
    ].join('');
  else if (paneTab === 'requested') {
    const cols = REQUESTER_COLUMNS[form];
    const byName = (q: Requester): Record<string, string> => ({ Name: t(q.name), UPN: t(q.upn), Justification: t(q.justification), Date: t(date(q.createdAt)), Status: t(q.status), 'Decision details': t(q.decision) });
    body = grid(form, { label: 'Requested by', columns: cols, rows: r.requesters.map((q) => ({ cells: Object.fromEntries(cols.map((c) => [c.key, byName(q)[c.name] ?? ''])) })) });
  } else body = el('div', { class: form === 'knockout' ? 'fxs-help' : 'ms-Text' }, t('Review the permissions the application requests, then grant or deny them. Deny and Block ask for a justification; Block also prevents further requests for the application.'));
  let dialog = '';
  if (state.action && pending) {
    const confirm = state.action === 'deny' ? 'Deny request' : 'Block application';
    const text = state.action === 'deny' ? 'Deny this request? Users will not be able to use the application.' : 'Block this application? A disabled service principal is created and users can no longer request it.';
    dialog = el(
      'div',
      { role: 'dialog', 'aria-label': confirm, class: form === 'knockout' ? 'fxs-dialog' : 'ms-Dialog-main' },
      el('p', {}, t(text)),
      el('textarea', { 'aria-label': 'Reason', placeholder: 'Reason', class: form === 'knockout' ? 'azc-input' : 'ms-TextField-field' }),
      button(form, confirm, true),
      button(form, 'Cancel'),
    );
  }
  const inner =
    toolbar(form, actions, pending ? [] : ['Review permissions and consent', 'Block', 'Deny']) + dialog + tabs(form, 'Details', ['App details', 'Requested by', 'Help'], paneTab === 'app' ? 'App details' : paneTab === 'requested' ? 'Requested by' : 'Help') + el('div', { role: 'tabpanel' }, body);
  if (form === 'knockout')
    return el(
      'section',
      { class: 'fxs-blade fxs-contextpane', role: 'complementary', 'aria-label': 'Details' },
      el('header', { class: 'fxs-blade-header' }, el('div', { class: 'fxs-blade-title' }, el('h2', { class: 'fxs-blade-title-titleText' }, t('Details'))), el('div', { class: 'fxs-blade-close fxs-fxclick', role: 'button', tabindex: 0, 'aria-label': 'Close', title: 'Close' }, icon('close'))),
      el('div', { class: 'fxs-blade-content' }, inner),
    );
  return el(
    'div',
    { class: 'ms-Layer ms-Layer--fixed' },
    el(
      'div',
      { class: 'ms-Panel is-open ms-Panel--medium', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'Panel-header' },
      el(
        'div',
        { class: 'ms-Panel-main' },
        el('div', { class: 'ms-Panel-commands' }, el('div', { class: 'ms-Panel-navigation' }, el('button', { type: 'button', class: 'ms-Button ms-Button--icon ms-Panel-closeButton', 'aria-label': 'Close' }, el('i', { 'data-icon-name': 'Cancel', 'aria-hidden': 'true' })))),
        el('div', { class: 'ms-Panel-contentInner' }, el('div', { class: 'ms-Panel-header' }, el('div', { id: 'Panel-header', role: 'heading', 'aria-level': 1, class: 'ms-Panel-headerText' }, t('Details'))), el('div', { class: 'ms-Panel-scrollableContent' }, el('div', { class: 'ms-Panel-content' }, inner))),
      ),
    ),
  );
}

function permissionsBlade(tenant: Tenant, form: AdminForm, route: AdminRoute, state: ViewState, ctx: RenderContext): BladeView {
  const appId = route.params.appId ?? '';
  const app = tenant.app(appId) ?? tenant.apps.find((a) => a.spId === route.params.objectId);
  const name = app?.name ?? 'Application';
  const tab = state.permTab ?? 'admin';
  const q = (state.search ?? '').trim().toLowerCase();
  const rows = app ? permissionRows(tenant, app.clientId, tab).filter((r) => !q || `${r.claim} ${r.permission}`.toLowerCase().includes(q)) : [];
  const cols = PERMISSION_COLUMNS[form];
  const byName = (r: PermissionRow): Record<string, string> => ({
    'API Name': t(r.api),
    'Claim value': t(r.claim),
    Permission: t(r.permission),
    Type: t(r.type),
    'Granted through': t(r.grantedThrough),
    'Granted by': t(r.grantedBy),
  });
  const groups: Grid['groups'] = [];
  const sorted = [...rows].sort((a, b) => a.api.localeCompare(b.api));
  for (const [i, r] of sorted.entries()) {
    const last = groups[groups.length - 1];
    if (last?.name === r.api) last.count++;
    else groups.push({ name: r.api, start: i, count: 1 });
  }
  const content =
    toolbar(form, ['Refresh', 'Review permissions', 'Got feedback?']) +
    el('div', { class: form === 'knockout' ? 'fxs-part-text' : 'ms-Text' }, t('Below is the list of permissions that have been granted for your organization. As an administrator, you can grant permissions on behalf of all users in this directory.')) +
    button(form, `Grant admin consent for ${TENANT_NAME}`, true) +
    tabs(form, 'Permissions', ['Admin consent', 'User consent'], tab === 'admin' ? 'Admin consent' : 'User consent') +
    search(form, 'Search permissions', state.search ?? '') +
    grid(form, {
      label: tab === 'admin' ? 'Admin consent' : 'User consent',
      columns: cols,
      rows: sorted.map((r) => ({ cells: Object.fromEntries(cols.map((c) => [c.key, byName(r)[c.name] ?? ''])) })),
      groups,
      empty: tab === 'admin' ? 'No admin consented permissions found for the application' : 'No user consented permissions found for the application',
    });
  const spId = app?.spId ?? route.params.objectId ?? '';
  const menu = ['Overview', 'Properties', 'Owners', 'Users and groups', 'Permissions', 'Sign-in logs'].map((label) => ({
    label,
    href: `#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/${label.replace(/\W/g, '')}/objectId/${spId}/appId/${app?.clientId ?? appId}`,
    selected: label === 'Permissions',
  }));
  return { blade: 'permissions', title: `${name} | Permissions`, subtitle: 'Enterprise Application', menu, content, meta: { grantUrl: app ? consentUrl(app.clientId, [], ctx.origin, 'grant') : undefined } };
}

function settingsBlade(tenant: Tenant, form: AdminForm): BladeView {
  const p = tenant.policy;
  const yesNo = (label: string, on: boolean) =>
    form === 'knockout'
      ? el(
          'div',
          { class: 'azc-form-element fxc-weave-pccontrol' },
          el('label', { class: 'azc-form-label', id: `l-${label.length}` }, t(label)),
          el(
            'div',
            { class: 'azc-optionPicker', role: 'radiogroup', 'aria-labelledby': `l-${label.length}` },
            ...['Yes', 'No'].map((v) => el('div', { role: 'radio', class: `azc-optionPicker-item${(v === 'Yes') === on ? ' azc-optionPicker-item-selected' : ''}`, 'aria-checked': (v === 'Yes') === on ? 'true' : 'false', tabindex: -1 }, t(v))),
          ),
        )
      : el(
          'div',
          { class: `ms-Toggle${on ? ' is-checked' : ''} root-210` },
          el('label', { class: 'ms-Label', id: `l-${label.length}` }, t(label)),
          el('div', { class: 'ms-Toggle-innerContainer' }, el('button', { type: 'button', role: 'switch', class: 'ms-Toggle-background', 'aria-checked': on ? 'true' : 'false', 'aria-labelledby': `l-${label.length}` }, el('span', { class: 'ms-Toggle-thumb' })), el('label', { class: 'ms-Label ms-Toggle-stateText' }, t(on ? 'Yes' : 'No'))),
        );
  const reviewers = tenant.users.filter((u) => u.admin);
  const parts = [yesNo('Users can request admin consent to apps they are unable to consent to', p.workflow)];
  if (p.workflow) {
    parts.push(field(form, 'Who can review admin consent requests', reviewers.map((u) => el('span', { class: form === 'knockout' ? 'fxs-pill' : 'ms-Persona-primaryText' }, t(u.name))).join('')));
    parts.push(yesNo('Selected users will receive email notifications for requests', true));
    parts.push(yesNo('Selected users will receive request expiration reminders', true));
    const label = 'Consent request expires after (days)';
    parts.push(
      form === 'knockout'
        ? el('div', { class: 'azc-form-element' }, el('label', { class: 'azc-form-label' }, t(label)), el('input', { type: 'number', class: 'azc-input azc-formControl', 'aria-label': label, value: p.expiryDays, min: 1, max: 30 }))
        : el('div', { class: 'ms-SpinButton' }, el('label', { class: 'ms-Label' }, t(label)), el('input', { class: 'ms-spinButton-input', role: 'spinbutton', 'aria-label': label, 'aria-valuenow': p.expiryDays, 'aria-valuemin': 1, 'aria-valuemax': 30, value: p.expiryDays })),
    );
  }
  const menu = [
    ['User consent settings', '#view/Microsoft_AAD_IAM/ConsentPoliciesMenuBlade/~/UserSettings'],
    ['Admin consent settings', ROUTES.settings],
    ['Permission classifications', '#view/Microsoft_AAD_IAM/ConsentPoliciesMenuBlade/~/PermissionClassifications'],
  ].map(([label, href]) => ({ label: label!, href: href!, selected: label === 'Admin consent settings' }));
  return { blade: 'consent-settings', title: 'Consent and permissions | Admin consent settings', menu, content: toolbar(form, ['Save', 'Discard']) + el('div', { class: form === 'knockout' ? 'fxc-section' : 'ms-Stack' }, ...parts), meta: {} };
}

function appsBlade(tenant: Tenant, form: AdminForm, state: ViewState, ctx: RenderContext): BladeView {
  const q = (state.search ?? '').trim().toLowerCase();
  const apps = tenantApps(tenant).filter((a) => !q || a.name.toLowerCase().includes(q));
  const cols = APP_COLUMNS[form];
  const link = (a: App) => {
    const href = ROUTES.permissions(a.spId, a.clientId);
    return form === 'knockout' ? el('a', { class: 'fxs-fxclick', href }, t(a.name)) : el('a', { class: 'ms-Link root-200', href: `${ctx.origin}/${href}`, target: '_top' }, t(a.name));
  };
  const byName = (a: App): Record<string, string> => ({ Name: link(a), 'Object ID': t(a.spId), 'Application ID': t(a.clientId), Publisher: t(a.publisher) });
  const content =
    toolbar(form, ['New application', 'Refresh', 'Columns', 'Got feedback?']) +
    search(form, 'Search by application name or object ID', state.search ?? '') +
    grid(form, { label: 'Enterprise applications', columns: cols, rows: apps.map((a) => ({ cells: Object.fromEntries(cols.map((c) => [c.key, byName(a)[c.name] ?? ''])) })), empty: 'No applications found' });
  return { blade: 'apps', title: 'Enterprise applications | All applications', menu: STARTBOARD_MENU('All applications'), content, meta: {} };
}

export function bladeView(tenant: Tenant, route: AdminRoute, form: AdminForm, state: ViewState, ctx: RenderContext): BladeView | null {
  switch (route.blade) {
    case 'access-requests':
      return requestsBlade(tenant, form, state, ctx);
    case 'permissions':
      return permissionsBlade(tenant, form, route, state, ctx);
    case 'consent-settings':
      return settingsBlade(tenant, form);
    case 'apps':
      return appsBlade(tenant, form, state, ctx);
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------- pages

export function frameSrc(view: BladeView, route: AdminRoute, origin: string, token?: string): string {
  const q = new URLSearchParams({ reactView: 'true', l: 'en.en-us', trustedAuthority: origin, view: VIEW_NAMES[view.blade] });
  for (const k of ['objectId', 'appId']) if (route.params[k]) q.set(k, route.params[k]!);
  return `${REACT_BLADE_ORIGIN}/React/Index?${q}${token ? `#${new URLSearchParams({ t: token })}` : ''}`;
}

/** The blade as it sits in the top frame's `#content`: title, menu, and the content or the React iframe. */
export function topBlade(view: BladeView, form: AdminForm, frame?: string): string {
  const header = el(
    'header',
    { class: 'fxs-blade-header' },
    el('div', { class: 'fxs-blade-title' }, el('h2', { class: 'fxs-blade-title-titleText', id: 'blade-title' }, t(view.title)), view.subtitle ? el('div', { class: 'fxs-blade-title-subtitle' }, t(view.subtitle)) : ''),
  );
  const menu = el(
    'div',
    { class: 'fxs-menu', role: 'navigation', 'aria-label': 'Blade menu' },
    el('ul', { class: 'fxs-menu-items', role: 'tree' }, ...view.menu.map((m) => el('li', { role: 'treeitem', class: `fxs-menu-item${m.selected ? ' fxs-menu-item-selected' : ''}`, 'aria-selected': m.selected ? 'true' : 'false' }, el('a', { href: m.href, class: 'fxs-menu-link' }, t(m.label))))),
  );
  const body =
    form === 'knockout'
      ? el('div', { class: 'fxs-part fxs-part-content' }, view.content)
      : el('div', { class: 'fxs-reactview' }, el('iframe', { class: 'fxs-reactview-frame fxs-reactview-frame-active', name: `${VIEW_NAMES[view.blade]}.ReactView`, title: view.title, src: frame ?? '', role: 'presentation', allow: 'clipboard-write' }));
  const blade = el('section', { class: 'fxs-blade fxs-blade-menublade', role: 'region', 'aria-labelledby': 'blade-title' }, header, el('div', { class: 'fxs-blade-content' }, menu, body));
  return el('div', { class: 'fxs-journey-layout' }, blade, form === 'knockout' ? (view.pane ?? '') : '');
}

/** The React view's body (`#root`'s content): the Fluent content and its Panel. */
export const frameBody = (view: BladeView) => el('div', { class: 'ms-Fabric fxs-reactview-root' }, view.content) + (view.pane ?? '');

export const STYLE =
  ':root{color-scheme:light dark;font-family:"Segoe UI",system-ui,sans-serif}body{margin:0}header{display:flex;justify-content:space-between;gap:8px}' +
  '.fxs-topbar{background:#0f1e3c;color:#fff;padding:8px 16px}nav.fxs-sidebar{float:left;width:200px;padding:16px}main{margin-left:232px;padding:16px}' +
  '.fxs-journey-layout{display:flex;gap:16px}.fxs-blade{flex:1}.fxs-contextpane{flex:0 0 420px;border-left:1px solid #8884;padding-left:12px}.fxs-contextpane .fxs-blade-content{display:block}.azc-toolbar{display:flex;gap:8px;list-style:none;padding:0}.fxs-blade-content{display:flex;gap:16px}.fxs-menu{width:180px}.fxs-part-content,.fxs-reactview{flex:1}' +
  'iframe.fxs-reactview-frame{width:100%;height:640px;border:0}.azc-toolbar,.fxs-menu-items{list-style:none;margin:0;padding:0;display:flex;gap:8px}.fxs-menu-items{flex-direction:column}' +
  '.azc-toolbarButton-container,[role=tab],[role=row],[role=button]{cursor:pointer}[role=tablist]{display:flex;gap:8px;margin:8px 0}[aria-selected=true][role=tab]{border-bottom:2px solid #0078d4}' +
  '[role=row]{display:flex;gap:8px;border-bottom:1px solid #8884;padding:4px}[role=columnheader],[role=gridcell]{flex:1;min-width:0;overflow-wrap:anywhere}.ms-DetailsRow-fields{display:flex;flex:1;gap:8px}' +
  '.fxs-icon{width:16px;height:16px;fill:currentColor}[aria-label="Verified publisher"]{color:#0078d4}i[aria-label="Verified publisher"]::after{content:"\\2714"}.ms-DetailsRow-cellCheck,.ms-DetailsHeader-cellIsCheck{flex:0 0 24px!important}.ms-DetailsRow{width:100%}' +
  '.ms-Panel{position:fixed;top:0;right:0;bottom:0;width:440px;background:Canvas;border-left:1px solid #8884;padding:12px;overflow:auto}.azc-form-element,.ms-Stack{margin:6px 0}label{font-weight:600;display:block}';

export interface ShellOptions {
  host: string;
  /** `#content`'s HTML: a blade, or the loading indicator (null). */
  content: string | null;
  me?: string;
  /** More CSS (the legacy admin center's). */
  style?: string;
}

export const LOADING_TOP = el('div', { class: 'fxs-blade-progress fxs-progress', role: 'progressbar', 'aria-label': 'Loading' }, el('div', { class: 'fxs-progress-dots' }));
export const LOADING_FRAME = el('div', { class: 'ms-Spinner root-220' }, el('div', { class: 'ms-Spinner-circle ms-Spinner--large' }), el('div', { class: 'ms-Spinner-label' }, t('Loading...')));

/** The admin center's top page. Minified. */
export function shellPage(o: ShellOptions): string {
  const title = o.host === 'portal.azure.com' ? 'Microsoft Azure' : 'Microsoft Entra admin center';
  const nav = el(
    'nav',
    { class: 'fxs-sidebar', 'aria-label': 'Navigation' },
    el(
      'ul',
      {},
      el('li', {}, el('a', { href: ROUTES.apps }, t('Enterprise apps'))),
      el('li', {}, el('a', { href: ROUTES.requests }, t('Admin consent requests'))),
      el('li', {}, el('a', { href: ROUTES.settings }, t('Consent and permissions'))),
    ),
  );
  return (
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${t(title)}</title><style>${STYLE}${o.style ?? ''}</style></head><body>` +
    el('header', { class: 'fxs-topbar' }, el('span', {}, t(title)), el('span', { id: 'me' }, t(o.me ?? ''))) +
    nav +
    el('main', { id: 'content', class: 'fxs-journey' }, o.content ?? LOADING_TOP) +
    `<script src="/sandbox/entra-client.js"></script></body></html>`
  );
}

/** The React view's page on the reactblade host. Minified. */
export function framePage(body: string | null): string {
  return `<!DOCTYPE html><html lang="en" dir="ltr"><head><meta charset="utf-8"><title>ReactView</title><style>${STYLE}</style></head><body class="ms-Fabric">${el('div', { id: 'root' }, body ?? LOADING_FRAME)}<script src="/sandbox/entra-client.js"></script></body></html>`;
}
