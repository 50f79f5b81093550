/**
 * Detectors for Rox's own app: the Integrations page (tiles recognised by their name and Connect control;
 * `data-integration="<id>"` as a fast path) and the Microsoft callback at /integrations/microsoft/callback.
 */
import { INTEGRATIONS, integrationById, isRoxHost } from '../catalog';
import type { PageInput, PageMatch } from './types';

/** Connect (or Reconnect) as a tile's own button or link says it. */
const CONNECT = /^(re)?connect$/i;
const clean = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/**
 * The tiles of Rox's Integrations page by what they show (Rox's real markup is not known here): a heading
 * with the integration's name and, in the same tile, one Connect button or link. `data-integration` hooks
 * are only a fast path.
 */
function tiles(doc: Document): { id: string; connect: HTMLElement }[] {
  const hooked = Array.from(doc.querySelectorAll<HTMLElement>('[data-integration]'))
    .map((tile) => ({ id: tile.dataset.integration ?? '', connect: tile.querySelector<HTMLElement>('a.connect, button.connect, a, button') }))
    .filter((t): t is { id: string; connect: HTMLElement } => !!integrationById(t.id) && !!t.connect);
  if (hooked.length) return hooked;
  const headings = Array.from(doc.querySelectorAll<HTMLElement>('h1, h2, h3, h4, [role=heading]')).slice(0, 200);
  const found: { id: string; connect: HTMLElement }[] = [];
  for (const integration of INTEGRATIONS) {
    const heading = headings.find((h) => clean(h.textContent).toLowerCase() === integration.name.toLowerCase());
    // The smallest enclosing tile (up to 4 levels) with exactly one Connect control.
    for (let tile = heading?.parentElement, depth = 0; tile && depth < 4; tile = tile.parentElement, depth++) {
      const controls = Array.from(tile.querySelectorAll<HTMLElement>('a, button')).filter((c) => CONNECT.test(clean(c.textContent)));
      if (controls.length === 1) {
        found.push({ id: integration.id, connect: controls[0]! });
        break;
      }
      if (controls.length > 1) break;
    }
  }
  return found;
}

/**
 * Rox's own https origin: rox.com and its subdomains, or (`registered`) an extra Rox origin the extension
 * registered its content script on, after the user granted access to it (the script runs nowhere else).
 */
const onRox = (url: URL, registered: boolean) => url.protocol === 'https:' && (isRoxHost(url.hostname) || registered);

export const isRoxIntegrations = ({ url, doc }: PageInput, registered = false): PageMatch | null => {
  if (!onRox(url, registered) || !/^\/(integrations\/?)?$/.test(url.pathname)) return null;
  const integrations = tiles(doc);
  if (!integrations.length) return null;
  return { kind: 'rox-integrations', verified: null, permissions: [], rox: { integrations }, signals: ['url:integrations', 'tiles'] };
};

export const isRoxCallback = ({ url, doc }: PageInput, registered = false): PageMatch | null => {
  if (!onRox(url, registered) || url.pathname !== '/integrations/microsoft/callback') return null;
  const q = url.searchParams;
  if (!q.has('code') && !q.has('error')) return null;
  const heading = doc.querySelector('h1');
  if (!heading) return null;
  // The code itself is never read into the match: only whether one came back.
  const error = q.get('error')?.slice(0, 64);
  const failed = !!error || heading.classList.contains('error');
  const integration = doc.querySelector<HTMLElement>('[data-integration]')?.dataset.integration;
  return {
    kind: 'rox-callback',
    verified: null,
    permissions: [],
    rox: { integration: integration && integrationById(integration) ? integration : undefined, outcome: failed ? 'failed' : 'connected', error, errorDescription: q.get('error_description')?.slice(0, 1000) },
    signals: ['url:callback', 'heading'],
  };
};
