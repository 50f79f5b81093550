/** The admin center's grids read by header in both rendering models, and the Permissions blade check. */
import { describe, expect, it } from 'vitest';
import { readGrid } from '../../src/detect/grid';
import { checkGrant, grantRows } from '../../src/guard/grant';

const doc = (html: string) => new DOMParser().parseFromString(`<!DOCTYPE html><body>${html}</body>`, 'text/html');
type Row = [api: string, claim: string, permission: string, type: string];
const ROWS: Row[] = [
  ['Microsoft Graph', 'Calendars.Read', 'Read user calendars', 'Delegated'],
  ['Microsoft Graph', 'Calendars.ReadWrite', 'Have full access to user calendars', 'Delegated'],
  ['Microsoft Graph', 'User.Read', 'Sign in and read user profile', 'Delegated'],
  ['Microsoft Graph', 'offline_access', 'Maintain access to data you have given it access to', 'Delegated'],
];

/** Knockout: ARIA grid, cells by aria-colindex; headers in this order. */
function knockout(rows: Row[], order = [0, 1, 2, 3]) {
  const names = ['API Name', 'Claim value', 'Permission', 'Type'];
  const head = `<div role="row">${order.map((c, i) => `<div role="columnheader" aria-colindex="${i + 1}">${names[c]}</div>`).join('')}</div>`;
  const body = rows.map((r) => `<div role="row" class="fxc-gc-row">${order.map((c, i) => `<div role="gridcell" aria-colindex="${i + 1}">${r[c]}</div>`).join('')}</div>`).join('');
  return `<div class="azc-grid-root" role="grid">${head}${body}</div>`;
}

/** Fluent UI DetailsList: header keys and cell automation keys, another column order. */
function fluent(rows: Row[]) {
  const cols: [string, string, number][] = [['claim', 'Claim value', 1], ['type', 'Type', 3], ['api', 'API Name', 0], ['perm', 'Permission', 2]];
  const head = `<div role="row">${cols.map(([k, n]) => `<div role="columnheader" data-item-key="${k}"><span>${n}</span></div>`).join('')}</div>`;
  const body = rows.map((r) => `<div role="row" data-automationid="DetailsRow">${cols.map(([k, , i]) => `<div data-automationid="DetailsRowCell" data-automation-key="${k}">${r[i]}</div>`).join('')}</div>`).join('');
  return `<div class="ms-DetailsList" role="grid">${head}${body}</div>`;
}

describe('readGrid', () => {
  it.each([
    ['knockout', knockout(ROWS)],
    ['knockout, columns reordered', knockout(ROWS, [3, 1, 0, 2])],
    ['fluent', fluent(ROWS)],
  ])('%s: the same rows by header', (_n, html) => {
    const g = readGrid(doc(html));
    expect(g.rows[0]).toEqual({ 'api name': 'Microsoft Graph', 'claim value': 'Calendars.Read', permission: 'Read user calendars', type: 'Delegated' });
    expect(g.rows).toHaveLength(4);
  });
  it('cells it cannot tie to a header are left out, and the work is bounded', () => {
    const g = readGrid(doc(`<div role="row"><div role="columnheader" aria-colindex="1">Name</div></div><div role="row"><div role="gridcell">no index</div><div role="gridcell" aria-colindex="1">ok</div></div>`));
    expect(g.rows).toEqual([{ name: 'ok' }]);
    const many = readGrid(doc(knockout(Array.from({ length: 2000 }, () => ROWS[0]!))));
    expect(many.rows.length).toBe(500);
  });
  it('hostile cell text stays text, capped', () => {
    const g = readGrid(doc(knockout([['Microsoft Graph', '<img src=x onerror=alert(1)>' + 'x'.repeat(5000), 'p', 'Delegated']])));
    expect(g.rows[0]!['claim value']!.length).toBeLessThanOrEqual(300);
  });
});

describe('checkGrant (seed step 6)', () => {
  const rows = (r: Row[]) => grantRows(readGrid(doc(knockout(r))).rows);
  it('every expected Graph permission, Delegated: done', () => {
    expect(checkGrant(rows(ROWS))).toMatchObject({ integration: 'outlook-calendar', verified: ['Calendars.Read', 'Calendars.ReadWrite', 'User.Read'], missing: [], unexpected: [], done: true });
  });
  it('a grant missing Calendars.ReadWrite names it', () => {
    expect(checkGrant(rows(ROWS.filter((r) => r[1] !== 'Calendars.ReadWrite')))).toMatchObject({ missing: ['Calendars.ReadWrite'], done: false });
  });
  it('an Application permission, or one Rox never asks for, is named', () => {
    const r = checkGrant(rows([...ROWS.slice(0, 1), ['Microsoft Graph', 'Calendars.ReadWrite', 'x', 'Application'], ...ROWS.slice(2), ['Microsoft Graph', 'Files.ReadWrite.All', 'x', 'Delegated']]));
    expect(r).toMatchObject({ wrongType: ['Calendars.ReadWrite'], unexpected: ['Files.ReadWrite.All'], done: false });
  });
  it('the integration named by the caller wins (Mail expected, Calendar listed: all missing)', () => {
    expect(checkGrant(rows(ROWS), 'outlook-mail')).toMatchObject({ missing: ['Mail.Read', 'Mail.ReadWrite', 'Mail.Send'], done: false });
  });
  it('an empty grid: no integration to check against, nothing done', () => {
    expect(checkGrant([])).toMatchObject({ done: false, verified: [] });
  });
});
