/**
 * The admin-center readers against the sandbox's admin fixtures (written independently from src/): every
 * route example names its blade; the Permissions blade's grid, in both rendering models, read by header and
 * checked against the catalog.
 */
import { describe, expect, it } from 'vitest';
import { adminRoute } from '../../src/detect/admin-routes';
import { readGrid } from '../../src/detect/grid';
import { checkGrant, grantRows } from '../../src/guard/grant';
import { adminFixtures, ROUTE_EXAMPLES } from '../fixtures/admin';

describe('route examples from the sandbox', () => {
  it.each(ROUTE_EXAMPLES.map((r) => [r.url, r] as const))('%s', (_u, r) => {
    const route = adminRoute(new URL(r.url));
    expect(route?.blade ?? null).toBe(r.blade);
    if (r.params) expect(route?.params).toMatchObject(r.params);
  });
});

describe('the Permissions blade, both forms', () => {
  const fixtures = adminFixtures().filter((f) => f.expect.blade === 'permissions' && f.expect.permissions);
  it('has fixtures of both forms', () => expect(new Set(fixtures.map((f) => f.form))).toEqual(new Set(['knockout', 'react'])));
  it.each(fixtures.map((f) => [f.name, f] as const))('%s', (_n, f) => {
    // The grid lives in the top frame (Knockout) or in the React view's frame; read where it is.
    const html = f.form === 'react' ? f.frameHtml! : f.html;
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const admin = doc.querySelector('[role=tabpanel]:not([hidden])') ?? doc;
    const rows = grantRows(readGrid(admin).rows);
    expect(rows.map((r) => ({ claim: r.claim, type: r.type }))).toEqual(f.expect.permissions);
    const check = checkGrant(rows);
    // The User consent tab is not where the admin's grant shows: nothing there is "done".
    if (f.scenario === 'rox') expect(check.done, JSON.stringify(check)).toBe(!f.name.includes('User consent'));
    if (f.scenario === 'rox-missing-permission') expect(check.missing).toEqual(['Calendars.ReadWrite']);
  });
});
