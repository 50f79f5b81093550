/**
 * Every fixture page against every detector: a page matches its own kind and no other (or none at all).
 * On failure, decide: is the detection wrong, or the fixture?
 */
import { describe, expect, it } from 'vitest';
import { isRoxCallback } from '../../src/detect/rox';
import { detectSignInPage } from '../../src/detect/signin';
import type { PageInput } from '../../src/detect/types';
import { adminFixtures } from '../fixtures/admin';
import { DETECTORS } from './detectors';
import { fixtures, roxFixtures, type Fixture } from '../fixtures/pages';


const input = (f: Fixture, html = f.html): PageInput => ({ url: new URL(f.url), doc: new DOMParser().parseFromString(html, 'text/html'), context: f.context });
/**
 * The admin center's fixtures, frame by frame (each frame's content script reads its own document): the
 * Permissions blade's Admin consent tab is admin-permissions, in the top frame (Knockout) or in the React
 * view's frame; every other admin page and frame is nothing.
 */
function adminFrames(): Fixture[] {
  return adminFixtures().flatMap((f) => {
    // The Admin consent tab, even empty (nothing granted yet is worth saying); not the User consent tab.
    const grant = f.rendered && f.expect.blade === 'permissions' && !f.name.includes('User consent tab');
    // The requests grid, also under an open Details pane.
    const requests = f.rendered && (f.expect.blade === 'access-requests' || f.expect.blade === 'request-details');
    const settings = f.rendered && f.expect.blade === 'consent-settings';
    const apps = f.rendered && f.expect.blade === 'apps';
    const kind = grant ? 'admin-permissions' : requests ? 'admin-requests' : settings ? 'admin-consent-settings' : apps ? 'admin-apps' : null;
    // The top frame names the app in the blade's title "{App} | Permissions": reported (title only) so that a
    // look-alike's blade is warned about, on any tab; a React blade's title shows while its frame loads, a
    // Knockout blade's only once rendered.
    const title = f.expect.route === 'permissions' && (f.form === 'react' || f.rendered) ? 'admin-permissions' : null;
    const top: Fixture = { name: `${f.name} (top frame)`, kind: (f.form === 'knockout' ? kind : null) ?? title, url: f.url, html: f.html };
    const frame: Fixture[] = f.frameUrl && f.frameHtml ? [{ name: `${f.name} (React frame)`, kind: f.form === 'react' ? kind : null, url: f.frameUrl, html: f.frameHtml }] : [];
    return [top, ...frame];
  });
}

const ALL = [...fixtures(), ...roxFixtures(), ...adminFrames()];

describe('every fixture against every detector', () => {
  it.each(ALL.map((f) => [f.name, f] as const))('%s', (_name, f) => {
    const page = input(f);
    for (const [kind, detect] of Object.entries(DETECTORS)) {
      const m = detect(page);
      if (kind === f.kind) expect(m, `"${f.name}" should be ${kind}: is the detector too strict, or the fixture wrong?`).not.toBeNull();
      else expect(m?.kind, `"${f.name}" (${f.kind ?? 'not ours'}) must not match ${kind}: is the detector too loose, or the fixture wrong?`).toBeUndefined();
    }
  });

  it('covers every page kind and every sandbox locale', () => {
    const kinds = new Set(ALL.map((f) => f.kind));
    for (const k of Object.keys(DETECTORS)) expect(kinds, `no fixture for ${k}`).toContain(k);
    for (const l of ['en-US', 'en-GB', 'de', 'ja', 'fr']) expect(ALL.some((f) => f.name.includes(`[${l}`))).toBe(true);
  });
});

describe('late render', () => {
  it.each(fixtures().filter((f) => f.unrendered && f.kind).map((f) => [f.name, f] as const))('%s is not recognised before it renders, and is after', (_n, f) => {
    const doc = new DOMParser().parseFromString(f.unrendered!, 'text/html');
    expect(detectSignInPage({ url: new URL(f.url), doc, context: f.context })).toBeNull();
    const t = doc.getElementById('page-body') as HTMLTemplateElement;
    doc.getElementById('lightbox')!.append(t.content.cloneNode(true));
    t.remove();
    expect(detectSignInPage({ url: new URL(f.url), doc, context: f.context })?.kind).toBe(f.kind);
  });
});

describe('what the detectors read', () => {
  const byName = (n: string) => ALL.find((f) => f.name === n)!;

  it('reads the approval page: app, publisher, verified badge, permissions, UPN, authorize parameters, elements', () => {
    const m = detectSignInPage(input(byName('approval required [en-US, authorize-url]')))!;
    expect(m).toMatchObject({
      kind: 'approval-required',
      appName: 'Rox 365 Integration',
      publisher: 'rox.com',
      verified: true,
      upn: 'megan@fabrikam.com',
      authorize: { clientId: '5c9e8a2e-7f3b-4d1a-9b6e-2f4c8d1e0a17', tenant: 'organizations', redirectUri: 'https://app.rox.com/integrations/microsoft/callback' },
    });
    expect(m.permissions).toEqual(["View users' basic profile", 'Read user calendars', 'Have full access to user calendars', 'Sign in and read user profile', 'Maintain access to data you have given it access to']);
    expect(m.justificationBox?.tagName).toBe('TEXTAREA');
    expect(m.submitButton?.getAttribute('value')).toBe('Request approval');
    expect(m.signals).toEqual(expect.arrayContaining(['justification-box', 'text:title', 'text:placeholder']));
  });

  it('takes the authorize request from the tab context on /common/reprocess', () => {
    const m = detectSignInPage(input(byName('approval required [en-US, reprocess]')))!;
    expect(m.authorize?.clientId).toBe('5c9e8a2e-7f3b-4d1a-9b6e-2f4c8d1e0a17');
  });

  it('recognises an unknown language by structure and Rox client id, and says so', () => {
    expect(detectSignInPage(input(byName('approval required [fr, authorize-url]')))?.signals).toContain('structure-only');
  });

  it('reads the impostor as unverified with its own client id', () => {
    const m = detectSignInPage(input(byName('impostor: approval required [en-US]')))!;
    expect(m).toMatchObject({ appName: 'Rox 365 Integration', verified: false, publisher: 'rox-connect.test' });
    expect(m.authorize?.clientId).toBe('9d1f0c3b-2a4e-4f6d-8c7b-1e5a3f9b2d40');
  });

  it('keeps hostile text as inert, capped text', () => {
    const hostile = detectSignInPage(input(byName('approval required, hostile app name')))!;
    expect(hostile.appName).toContain('<img src=x onerror=');
    const huge = detectSignInPage(input(byName('approval required, 100 kB app name')))!;
    expect(huge.appName!.length).toBeLessThanOrEqual(300);
  });

  it('reads the need-admin-approval app name from Microsoft\'s sentence and the code', () => {
    const m = detectSignInPage(input(byName('need admin approval [en-GB, reprocess]')))!;
    expect(m).toMatchObject({ appName: 'Rox 365 Integration', errorCode: '90094' });
    expect(m.signals).toEqual(expect.arrayContaining(['text:title', 'text:body', 'code:90094']));
  });

  it('never reads the authorization code on the Rox callback', () => {
    const m = isRoxCallback(input(byName('rox callback connected')))!;
    expect(JSON.stringify({ ...m, rox: { ...m.rox } })).not.toContain('SECRET_CODE');
    expect(m.rox).toMatchObject({ outcome: 'connected', integration: 'outlook-calendar' });
  });
});

describe('admin consent for the organization', () => {
  it('reads the app name past "Accept for your organization"', () => {
    const f = fixtures().find((x) => x.name === 'admin consent (org) [en-US]')!;
    expect(detectSignInPage(input(f))).toMatchObject({ kind: 'admin-consent', appName: 'Rox 365 Integration', publisher: 'rox.com', verified: true });
  });
});
