/**
 * The admin center fixtures (tests/fixtures/admin.ts) are what they claim: every blade in both rendering
 * models, minified, the React form's view in an iframe on the reactblade host, column orders that differ
 * between the forms, and `expect` matching what the markup shows when read by column header. The reader
 * here is the test's own, not the extension's.
 */
import { describe, expect, it } from 'vitest';
import { IMPOSTOR, ROX } from '../sandbox/apps';
import { parseAdminRoute, renderingFor } from '../sandbox/entra-views';
import { DEFAULT_POLICY } from '../sandbox/tenant';
import { ROUTE_EXAMPLES, adminFixtures, type AdminFixture } from '../fixtures/admin';

const FIXTURES = adminFixtures();
/** Parsed inert (a template's content), so the iframe does not load. */
const parse = (html: string): DocumentFragment => {
  const t = document.createElement('template');
  t.innerHTML = html.replace(/^<!DOCTYPE html>/i, '');
  return t.content;
};
/** The document holding the blade's content: the frame's (React) or the top page's (Knockout). */
const contentDoc = (f: AdminFixture) => parse(f.frameHtml ?? f.html);
const base = (f: AdminFixture) => f.name.replace(/ \[(knockout|react), /, ' [');
const text = (e: Element | null | undefined) => (e?.textContent ?? '').trim();

/** A grid's header names in display order and its data rows as {header: text}, by aria-colindex. */
function readGrid(grid: Element): { headers: string[]; rows: Record<string, string>[] } {
  const byIndex = new Map<string, string>();
  const headers: string[] = [];
  for (const h of grid.querySelectorAll('[role=columnheader]')) {
    const name = text(h);
    headers.push(name);
    byIndex.set(h.getAttribute('aria-colindex') ?? '', name);
  }
  const rows: Record<string, string>[] = [];
  const dataRows = [...grid.querySelectorAll('[role=row]')].filter((r) => r.matches('.fxc-gc-row, [data-automationid=DetailsRow]'));
  for (const r of dataRows) {
    const row: Record<string, string> = {};
    for (const c of r.querySelectorAll('[role=gridcell]')) {
      const h = byIndex.get(c.getAttribute('aria-colindex') ?? '');
      if (h) row[h] = text(c);
    }
    rows.push(row);
  }
  return { headers: headers.filter(Boolean), rows };
}
const gridLabelled = (doc: DocumentFragment, label: string) => doc.querySelector(`[role=grid][aria-label="${label}"]`);

describe('admin center fixtures', () => {
  it('cover every blade in both forms, rendered and not, with the scenarios', () => {
    expect(FIXTURES.length).toBeGreaterThan(60);
    const names = new Set(FIXTURES.map((f) => f.name));
    expect(names.size).toBe(FIXTURES.length);
    for (const f of FIXTURES) {
      const other = f.form === 'knockout' ? 'react' : 'knockout';
      expect(names.has(f.name.replace(`[${f.form}, `, `[${other}, `)), f.name).toBe(true);
      expect(names.has(f.name.replace(f.rendered ? ', rendered]' : ', unrendered]', f.rendered ? ', unrendered]' : ', rendered]')), f.name).toBe(true);
    }
    const blades = new Set(FIXTURES.map((f) => f.expect.blade));
    expect([...blades].sort()).toEqual(['access-requests', 'apps', 'consent-settings', 'permissions', 'request-details', null].sort());
    for (const s of ['rox', 'none', 'lookalike', 'other', 'rox-missing-permission']) expect(FIXTURES.some((f) => f.scenario === s), s).toBe(true);
  });

  it('are minified: no whitespace-only text between elements', () => {
    for (const f of FIXTURES) {
      for (const h of [f.html, f.frameHtml ?? '']) expect(/>\s+</.test(h.replace(/<(script|style)\b[\s\S]*?<\/\1>/g, '')), f.name).toBe(false);
    }
  });

  it('put the React view in an iframe on the reactblade host, and the Knockout blade in the top frame', () => {
    for (const f of FIXTURES) {
      const top = parse(f.html);
      if (f.form === 'react') {
        const u = new URL(f.frameUrl!);
        expect(u.hostname, f.name).toBe('sandbox-1.reactblade.portal.azure.net');
        expect(u.pathname).toBe('/React/Index');
        expect(u.searchParams.get('reactView')).toBe('true');
        const frame = top.querySelector('iframe.fxs-reactview-frame-active');
        expect(frame?.getAttribute('src'), f.name).toBe(f.frameUrl);
        expect(frame?.getAttribute('name'), f.name).toMatch(/^\w+\.ReactView$/);
        expect(text(top.querySelector('h2.fxs-blade-title-titleText')), f.name).not.toBe('');
        // The content lives only in the frame.
        expect(top.querySelector('[role=grid], [role=gridcell], .azc-toolbarButton-container'), f.name).toBeNull();
        if (f.rendered) expect(parse(f.frameHtml!).querySelector('.ms-DetailsList, .ms-Toggle, .ms-Panel'), f.name).not.toBeNull();
        else expect(parse(f.frameHtml!).querySelector('[role=grid], [role=row], [role=tab], label'), f.name).toBeNull();
      } else {
        expect(f.frameUrl, f.name).toBeUndefined();
        expect(top.querySelector('iframe'), f.name).toBeNull();
        if (f.rendered) {
          expect(text(top.querySelector('h2.fxs-blade-title-titleText')), f.name).not.toBe('');
          expect(top.querySelector('.azc-toolbarButton-container[aria-label]'), f.name).not.toBeNull();
        } else expect(top.querySelector('h2, [role=grid], [role=row], [role=tab]'), f.name).toBeNull();
      }
    }
  });

  it('order the columns differently in the two forms (a reader must go by header)', () => {
    const grids = ['Admin consent requests', 'Requested by', 'Admin consent', 'Enterprise applications'];
    for (const label of grids) {
      const pairs = FIXTURES.filter((f) => f.rendered && f.form === 'knockout').flatMap((k) => {
        const r = FIXTURES.find((x) => x.form === 'react' && x.rendered && base(x) === base(k))!;
        const a = gridLabelled(contentDoc(k), label);
        const b = gridLabelled(contentDoc(r), label);
        return a && b ? [[readGrid(a).headers, readGrid(b).headers] as const] : [];
      });
      expect(pairs.length, label).toBeGreaterThan(0);
      for (const [k, r] of pairs) {
        expect(k, label).not.toEqual(r);
        expect([...k].sort(), label).toEqual([...r].sort());
      }
    }
  });

  it('show what `expect` claims, read by column header', () => {
    for (const f of FIXTURES.filter((x) => x.rendered)) {
      const doc = contentDoc(f);
      if (f.expect.roxRows !== undefined) {
        const g = gridLabelled(doc, f.expect.blade === 'apps' ? 'Enterprise applications' : 'Admin consent requests')!;
        const rows = readGrid(g).rows;
        expect(rows.filter((r) => r['Application ID'] === ROX.clientId).length, f.name).toBe(f.expect.roxRows);
        expect(rows.filter((r) => r['Application ID'] !== ROX.clientId && /Rox/.test(r.Name ?? '')).length, f.name).toBe(f.expect.lookalikeRows);
      }
      if (f.expect.permissions) {
        const g = gridLabelled(doc, 'Admin consent') ?? gridLabelled(doc, 'User consent');
        const admin = gridLabelled(doc, 'Admin consent') ? readGrid(g!).rows.map((r) => ({ claim: r['Claim value'], type: r.Type })) : [];
        expect(admin, f.name).toEqual(f.expect.permissions);
        for (const r of readGrid(g!).rows) expect(r['API Name'], f.name).toBe('Microsoft Graph');
        if (!f.expect.permissions.length && gridLabelled(doc, 'Admin consent')) expect(doc.textContent, f.name).toContain('No admin consented permissions found for the application');
      }
      if (f.expect.blade === 'request-details') {
        const pane = doc.querySelector('.fxs-contextpane, .ms-Panel')!;
        expect(pane, f.name).not.toBeNull();
        const tabs = [...pane.querySelectorAll('[role=tab]')].map((t) => `${text(t)}:${t.getAttribute('aria-selected')}`);
        expect(tabs.map((t) => t.split(':')[0])).toEqual(['App details', 'Requested by', 'Help']);
        const toolbar = f.form === 'knockout' ? [...pane.querySelectorAll('.azc-toolbarButton-container')].map((b) => b.getAttribute('aria-label')) : [...pane.querySelectorAll('.ms-OverflowSet[role=menubar] [role=menuitem]')].map((b) => text(b));
        expect(toolbar).toEqual(['Review permissions and consent', 'Block', 'Deny', 'Review Application', 'Refresh']);
        const id = f.expect.paneApp === 'rox' ? ROX.clientId : f.expect.paneApp === 'lookalike' ? IMPOSTOR.clientId : null;
        if (tabs[0] === 'App details:true') {
          if (id) expect(pane.textContent, f.name).toContain(id);
          for (const l of ['Application name', 'Publisher', 'Application ID', 'Homepage URL', 'Reply URL']) expect([...pane.querySelectorAll('label')].map(text), f.name).toContain(l);
        } else {
          const rows = readGrid(gridLabelled(doc, 'Requested by')!).rows;
          expect(rows.length, f.name).toBeGreaterThan(0);
          for (const r of rows) expect(r.UPN, f.name).toMatch(/@fabrikam\.com$/);
        }
      }
      if (f.expect.settings) {
        expect(doc.textContent, f.name).toContain('Users can request admin consent to apps they are unable to consent to');
        expect(doc.textContent!.includes('Who can review admin consent requests'), f.name).toBe(f.expect.settings.workflow);
      }
    }
  });

  it('before the late render, claim nothing and show no rows', () => {
    for (const f of FIXTURES.filter((x) => !x.rendered)) {
      expect(f.expect.blade, f.name).toBeNull();
      expect(contentDoc(f).querySelector('[role=gridcell]'), f.name).toBeNull();
    }
  });

  it('use the titles and labels of the public screenshots', () => {
    const titleOf = (f: AdminFixture) => text(parse(f.html).querySelector('h2.fxs-blade-title-titleText'));
    const one = (pred: (f: AdminFixture) => boolean) => FIXTURES.filter((f) => f.rendered && pred(f));
    for (const f of one((f) => f.expect.blade === 'access-requests')) expect(titleOf(f)).toBe('Enterprise applications | Admin consent requests');
    for (const f of one((f) => f.expect.blade === 'consent-settings')) expect(titleOf(f)).toBe('Consent and permissions | Admin consent settings');
    for (const f of one((f) => f.expect.blade === 'permissions')) {
      expect(titleOf(f)).toMatch(/ \| Permissions$/);
      expect(text(parse(f.html).querySelector('.fxs-blade-title-subtitle'))).toBe('Enterprise Application');
      expect(contentDoc(f).textContent).toContain('Grant admin consent for Fabrikam');
    }
  });

  it('parse every example route by name, whatever the form, order and tail', () => {
    for (const r of ROUTE_EXAMPLES) {
      const parsed = parseAdminRoute(r.url);
      expect(parsed?.blade ?? null, r.url).toBe(r.blade);
      if (r.params) expect(parsed!.params, r.url).toMatchObject(r.params);
    }
  });

  it('keeps the legacy admin center as the default, and lets the policy pick a form per blade', () => {
    expect(renderingFor(DEFAULT_POLICY, 'access-requests')).toBe('legacy');
    expect(renderingFor(DEFAULT_POLICY, 'consent-settings')).toBe('knockout');
    expect(renderingFor({ adminRendering: 'react' }, 'permissions')).toBe('react');
    expect(renderingFor({ adminRendering: { permissions: 'knockout' } }, 'permissions')).toBe('knockout');
    expect(renderingFor({ adminRendering: { permissions: 'knockout' } }, 'access-requests')).toBe('legacy');
  });
});
