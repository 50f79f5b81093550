/**
 * The overlay's host: an element the extension owns, attached to <html> (never inside Microsoft's or Rox's
 * own tree), holding a CLOSED shadow root so the page can neither read nor restyle the panel. If the page
 * removes the host, it is put back.
 */
import css from './overlay.css?inline';

export interface OverlayHost {
  mount: HTMLElement;
  destroy(): void;
}

export function createOverlayHost(doc: Document = document): OverlayHost {
  const host = doc.createElement('rox-consent-companion');
  host.style.setProperty('all', 'initial', 'important');
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = css;
  const mount = doc.createElement('div');
  shadow.append(style, mount);
  doc.documentElement.append(host);
  // Watches only <html>'s own children, not the page's subtree.
  const keeper = new MutationObserver(() => {
    if (!host.isConnected) doc.documentElement.append(host);
  });
  keeper.observe(doc.documentElement, { childList: true });
  return {
    mount,
    destroy() {
      keeper.disconnect();
      host.remove();
    },
  };
}
