/**
 * The message router's rules, pure (the worker passes this extension's id and base URL, and its handlers).
 * Every request is parsed by its schema first; then who may send what, read from the sites registry:
 * - Only this extension (`sender.id`).
 * - The extension's own pages (popup, probe, options: their URL is on the extension's origin) may send the
 *   extension-page messages and nothing else.
 * - A content script may send a message only from a tab, from a frame its site runs in, on an origin of a
 *   site that allows that message; a page report only of a kind that site may report.
 */
import type { Runtime } from 'webextension-polyfill';
import { parseMessage, type Message, type Result } from '../shared/messages';
import { EXTENSION_PAGE_MESSAGES, siteOfOrigin } from '../sites';

export interface Self {
  id: string;
  /** The extension's base URL, `runtime.getURL('')`: chrome-extension://<id>/ or moz-extension://<uuid>/ */
  base: string;
  /** Extra Rox origins where the worker registered Rox's content script (the user granted their access). */
  roxOrigins?: readonly string[];
}

function originOf(url: string | undefined): string {
  try {
    return new URL(url ?? '').origin;
  } catch {
    return '';
  }
}

export function senderAllowed(msg: Message, sender: Runtime.MessageSender, self: Self): boolean {
  if (!self.id || sender.id !== self.id || !self.base.endsWith('/')) return false;
  // Chromium also says which origin the frame has; it must agree with the URL (an opaque or sandboxed
  // frame's does not). Extension URLs are compared by prefix: URL parsers differ on their origin.
  const claimed = (sender as { origin?: string }).origin;
  if (sender.url?.startsWith(self.base)) {
    return (claimed === undefined || `${claimed}/` === self.base) && EXTENSION_PAGE_MESSAGES.includes(msg.type);
  }
  const origin = originOf(sender.url);
  if (!origin || origin === 'null' || (claimed !== undefined && claimed !== origin)) return false;
  if (sender.tab?.id === undefined) return false;
  const site = siteOfOrigin(origin, self.roxOrigins);
  if (!site || !site.messages.includes(msg.type)) return false;
  if (!site.allFrames && sender.frameId !== undefined && sender.frameId !== 0) return false;
  return msg.type !== 'page-detected' || site.kinds.includes(msg.data.kind);
}

/** Parse, check the sender, run the handler: every reply is a Result, a failure never looks like a success. */
export async function route(raw: unknown, sender: Runtime.MessageSender, self: Self, handle: (msg: Message, sender: Runtime.MessageSender) => Promise<unknown>): Promise<Result<unknown>> {
  const msg = parseMessage(raw);
  if (!msg) return { ok: false, error: 'bad-message' };
  if (!senderAllowed(msg, sender, self)) return { ok: false, error: 'forbidden' };
  try {
    return { ok: true, value: await handle(msg, sender) };
  } catch (e) {
    return { ok: false, error: String(e instanceof Error ? e.message : e).slice(0, 200) };
  }
}
