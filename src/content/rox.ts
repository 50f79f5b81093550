/** Rox's own pages: the Integrations page (steps 1 and 7) and the Microsoft callback. Every page here is ours. */
import { isRoxHost } from '../catalog/app';
import { isRoxCallback, isRoxIntegrations } from '../detect/rox';
import type { PageInput } from '../detect/types';
import { send } from '../platform/content';
import { ROX_STEPS } from '../steps/rox-steps';
import { startEngine } from './engine';
import { createUi } from './ui';

/**
 * This script runs only where the manifest (rox.com) or the worker's registration (an extra Rox origin the
 * user granted access to, src/background/rox-origins.ts) puts it: elsewhere than rox.com it is registered.
 */
const registered = !isRoxHost(location.hostname);
const detect = (input: PageInput) => isRoxIntegrations(input, registered) ?? isRoxCallback(input, registered);

/** The OAuth `state` a Connect link carries, when it links straight to Microsoft's authorize URL. */
function linkState(connect: Element): string | undefined {
  const href = connect instanceof HTMLAnchorElement ? connect.href : '';
  let state: string | null = null;
  try {
    state = href ? new URL(href).searchParams.get('state') : null;
  } catch {
    // Not a URL: no state to tell.
  }
  return state && state.length <= 512 ? state : undefined;
}

/**
 * The Connect intent (the worker ties the callback that follows to it): a click on one of the Integrations
 * page's Connect controls, recorded whether or not the panel is up, minimised or still loading (a user may
 * click before the worker has answered). The listener captures on the window, so no handler of the page's
 * can stop it (a React root calling stopPropagation would hide a bubbling one); it only observes, never
 * prevents or clicks.
 */
addEventListener(
  'click',
  (e) => {
    if (!e.isTrusted || e.button !== 0) return;
    const path = e.composedPath();
    if (!path.some((n) => n instanceof Element && n.matches('a, button'))) return;
    const tiles = isRoxIntegrations({ url: new URL(location.href), doc: document }, registered)?.rox?.integrations ?? [];
    const tile = tiles.find(({ connect }) => path.includes(connect));
    if (tile) void send('connect-clicked', { integration: tile.id, state: linkState(tile.connect) });
  },
  { capture: true, passive: true },
);

startEngine({ detect, mayBeOurs: () => false, loadUi: async () => createUi(ROX_STEPS) });
