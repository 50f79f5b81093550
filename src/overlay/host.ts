/**
 * The overlay's host: an element the extension owns, attached to <html> (never inside Microsoft's or Rox's
 * own tree), holding a CLOSED shadow root so the page can neither read nor restyle the panel. If the page
 * removes the host, it is put back.
 */
import { t } from '../platform/content';
import css from './overlay.css?inline';

export interface OverlayHost {
  mount: HTMLElement;
  /**
   * Says `text` through the root's live region (role=status, polite), which lives beside the panel so it
   * outlasts re-renders; the same text twice is said once.
   */
  announce(text: string): void;
  destroy(): void;
}

/** Hosts on the page, and the one observer (of <html>'s own children, not the page's subtree) that puts them back. */
const hosts = new Set<HTMLElement>();
let keeper: MutationObserver | undefined;

function keep(host: HTMLElement, on: boolean): void {
  const root = host.ownerDocument.documentElement;
  if (on) hosts.add(host);
  else hosts.delete(host);
  if (!hosts.size) return keeper?.disconnect();
  keeper ??= new MutationObserver(() => {
    for (const h of hosts) if (!h.isConnected) h.ownerDocument.documentElement.append(h);
  });
  if (on) keeper.observe(root, { childList: true });
}

export function createOverlayHost(doc: Document = document): OverlayHost {
  const host = doc.createElement('rox-consent-companion');
  host.style.setProperty('all', 'initial', 'important');
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = css;
  const mount = doc.createElement('div');
  const live = doc.createElement('div');
  // The panel's own language (the locale its text came from), not the page's: a screen reader then reads a
  // German panel on an English page in German.
  mount.lang = live.lang = t('langTag') || 'en';
  live.className = 'sr';
  live.setAttribute('role', 'status');
  live.setAttribute('aria-live', 'polite');
  shadow.append(style, mount, live);
  let said = '';
  let timer = 0;
  doc.documentElement.append(host);
  keep(host, true);
  return {
    mount,
    announce(text) {
      if (text === said) return;
      said = text;
      // A moment after the region exists (a new host) or after the panel changed: screen readers say a
      // region's change, not a region that arrives with its text.
      clearTimeout(timer);
      timer = window.setTimeout(() => (live.textContent = text), 150);
    },
    destroy() {
      clearTimeout(timer);
      keep(host, false);
      host.remove();
    },
  };
}
