/**
 * Detectors for Rox's own app. Rox controls this markup: tiles carry `data-integration="<id>"` and a
 * Connect link; the Microsoft callback lives at /integrations/microsoft/callback.
 */
import { integrationById, isRoxHost } from '../catalog';
import type { Detector } from './types';

export const isRoxIntegrations: Detector = ({ url, doc }) => {
  if (url.protocol !== 'https:' || !isRoxHost(url.hostname) || !/^\/(integrations\/?)?$/.test(url.pathname)) return null;
  const integrations = Array.from(doc.querySelectorAll<HTMLElement>('[data-integration]'))
    .map((tile) => ({ id: tile.dataset.integration ?? '', connect: tile.querySelector<HTMLElement>('a.connect, button.connect, a, button') }))
    .filter((t): t is { id: string; connect: HTMLElement } => !!integrationById(t.id) && !!t.connect);
  if (!integrations.length) return null;
  return { kind: 'rox-integrations', verified: null, permissions: [], rox: { integrations }, signals: ['url:integrations', 'tiles'] };
};

export const isRoxCallback: Detector = ({ url, doc }) => {
  if (url.protocol !== 'https:' || !isRoxHost(url.hostname) || url.pathname !== '/integrations/microsoft/callback') return null;
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
