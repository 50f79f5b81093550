/**
 * The approval check's page: Chrome opens it as an offscreen document (MSAL needs a page), and the worker
 * sends it the check's two halves. It answers only this extension's worker, and only these calls.
 */
import type { Runtime } from 'webextension-polyfill';
import { browser } from '../platform/browser';
import { abandonProbe, finishProbe, startProbe, type ProbeRequest } from './msal-probe';
import { PROBE_TARGET, type ProbeCall } from './protocol';

/** This extension's script (not a page): the service worker's URL. */
const isWorkerUrl = (url: string) => url.startsWith(browser.runtime.getURL('')) && /\.js$/.test(new URL(url).pathname);

function parse(v: unknown): ProbeCall | null {
  const m = v as ProbeCall;
  if (!m || typeof m !== 'object' || m.target !== PROBE_TARGET) return null;
  const str = (x: unknown, max: number) => typeof x === 'string' && x.length <= max;
  if (m.op === 'start') {
    const r = m.req as ProbeRequest;
    const ok = r && str(r.clientId, 64) && str(r.tenant, 255) && Array.isArray(r.scopes) && r.scopes.length <= 64 && r.scopes.every((s) => str(s, 256)) && (r.loginHint === undefined || str(r.loginHint, 320)) && str(r.redirectUri, 2048);
    return ok ? m : null;
  }
  if (m.op === 'finish') return str(m.state, 512) && str(m.responseUrl, 8192) ? m : null;
  if (m.op === 'abandon') return str(m.state, 512) ? m : null;
  return null;
}

browser.runtime.onMessage.addListener((raw: unknown, sender: Runtime.MessageSender) => {
  const call = parse(raw);
  // Only the worker: this extension, no tab (content scripts and pages in tabs have one), and not one of the
  // extension's pages (the popup): the worker's script, or no URL. (An offscreen document has no
  // runtime.getManifest to name the worker's script exactly.)
  if (!call || sender.id !== browser.runtime.id || sender.tab || (sender.url !== undefined && !isWorkerUrl(sender.url))) return undefined;
  if (call.op === 'start') return startProbe(call.req);
  if (call.op === 'finish') return finishProbe(call.state, call.responseUrl);
  return abandonProbe(call.state).then(() => null);
});
