/** The content-script engine's lifetime: settles on pages not ours, and wakes again on SPA navigation. */
import { afterEach, expect, it, vi } from 'vitest';
import { startEngine } from '../../src/content/engine';

afterEach(() => vi.useRealTimers());

it('after settling unrecognised, a hash route change (the admin center is a single-page app) is looked at again', async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'requestAnimationFrame', 'cancelAnimationFrame'] });
  const detect = vi.fn(() => null);
  startEngine({ detect, mayBeOurs: () => false, loadUi: async () => undefined });
  const first = detect.mock.calls.length;
  vi.advanceTimersByTime(16_000); // settled: mutations are no longer watched
  document.body.append(document.createElement('div'));
  await Promise.resolve();
  vi.advanceTimersByTime(100);
  expect(detect.mock.calls.length).toBe(first);
  dispatchEvent(new HashChangeEvent('hashchange'));
  vi.advanceTimersByTime(100);
  expect(detect.mock.calls.length).toBeGreaterThan(first);
  // And the new route's late render is watched again.
  const after = detect.mock.calls.length;
  document.body.append(document.createElement('div'));
  await Promise.resolve();
  vi.advanceTimersByTime(100);
  expect(detect.mock.calls.length).toBeGreaterThan(after);
  dispatchEvent(new Event('pagehide'));
});

it.each([
  ['admin-permissions', true],
  ['admin-requests', false],
] as const)('a %s page the worker had nothing to say about: settles (%s) when the site says its kind may', async (kind, settles) => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'requestAnimationFrame', 'cancelAnimationFrame'] });
  const detect = vi.fn(() => ({ kind, verified: null, permissions: [], signals: ['test'] }) as never);
  startEngine({ detect, mayBeOurs: () => false, loadUi: async () => undefined, settleWhenSilent: (m) => m.kind !== 'admin-requests' && m.kind !== 'admin-apps' });
  // The worker's answer (refused here: no runtime to answer) counts as nothing to show.
  for (let i = 0; i < 5; i++) await Promise.resolve();
  vi.advanceTimersByTime(2_000);
  const before = detect.mock.calls.length;
  document.body.append(document.createElement('p'));
  await Promise.resolve();
  vi.advanceTimersByTime(100);
  expect(detect.mock.calls.length > before).toBe(!settles);
  dispatchEvent(new Event('pagehide'));
});

it('the panel\'s own host coming and going is not looked at; anything else the page adds is', async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'requestAnimationFrame', 'cancelAnimationFrame'] });
  const detect = vi.fn(() => null);
  startEngine({ detect, mayBeOurs: () => false, loadUi: async () => undefined });
  const first = detect.mock.calls.length;
  const host = document.createElement('rox-consent-companion');
  document.documentElement.append(host);
  await Promise.resolve();
  vi.advanceTimersByTime(100);
  host.remove();
  await Promise.resolve();
  vi.advanceTimersByTime(100);
  expect(detect.mock.calls.length).toBe(first);
  // A page element beside it (same record) is looked at.
  document.documentElement.append(document.createElement('rox-consent-companion'), document.createElement('div'));
  await Promise.resolve();
  vi.advanceTimersByTime(100);
  expect(detect.mock.calls.length).toBeGreaterThan(first);
  dispatchEvent(new Event('pagehide'));
});
