/**
 * The Entra admin center and the Azure portal, and the React views they frame: Admin consent requests and a
 * request's Details pane (seed step 4), Rox's Permissions blade (step 6), the consent settings. Each frame's
 * script reads its own document; the worker decides whose rows and blade they are. This script is only the
 * detectors and the engine: the panel (./admin-ui.tsx) is injected by the worker into the frames that get
 * one, so admin-center pages about anything else never load it.
 */
import { adminGate, detectAdminPage, quietAdminNode } from '../detect/admin';
import { send } from '../platform/content';
import { startEngine } from './engine';
import { registeredUi } from './ui-registry';

startEngine({
  detect: detectAdminPage,
  mayBeOurs: () => false,
  gate: adminGate,
  // The admin center routes by hash in its top frame: a route that is not ours (or settled as not ours)
  // keeps this one listener, so the next route is looked at. Its frames keep nothing (a React view is a
  // document of its own).
  wake: window.top === window ? ['hashchange'] : [],
  quiet: quietAdminNode,
  // A blade renders in many small steps: one look per burst of changes.
  coalesceMs: 100,
  // Most admin-center pages are about other apps: the panel loads only where the worker has something to say.
  eagerUi: false,
  // A list the worker had nothing to say about may be searched or scrolled in place into one about Rox; a
  // blade about one app (another app's Permissions, the consent settings) stays that app's until the route
  // changes, which wakes the top frame.
  settleWhenSilent: (m) => m.kind !== 'admin-requests' && m.kind !== 'admin-apps',
  loadUi: async () => registeredUi() ?? ((await send('inject-ui', {})).ok ? registeredUi() : undefined),
});
