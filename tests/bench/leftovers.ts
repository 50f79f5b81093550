/**
 * What of an extension is still there once a page has settled, counted through CDP without touching the
 * extension (no wrapping of timers or observers in its world, which would change what is measured):
 *  - listeners: DOMDebugger.getEventListeners on `window` and `document`, asked from the main world and from
 *    the extension's isolated world, kept when the handler's script (Debugger.scriptParsed) is the
 *    extension's;
 *  - timers and animation frames pending at the settle mark: the devtools.timeline trace's TimerInstall /
 *    TimerRemove / TimerFire and RequestAnimationFrame / CancelAnimationFrame / FireAnimationFrame events,
 *    each install kept when its stack trace has an extension frame;
 *  - observers: after the mark the page's DOM is changed (nodes added and removed over several frames, as
 *    a page does) and time passes; any extension function Blink calls after the mark (trace FunctionCall
 *    events: MutationObserver callbacks, listeners, timers) means something is still watching. The number
 *    of MutationObserver objects alive in the extension's world (Runtime.queryObjects on its
 *    MutationObserver.prototype) is printed too: an object can outlive its disconnect(), so it is context,
 *    not the verdict.
 */
import type { CDPSession, Page } from 'playwright-core';
import { isExtensionUrl } from './profile';

interface TraceEvent {
  name: string;
  ts: number;
  pid: number;
  cat: string;
  args?: { data?: Record<string, unknown> & { stackTrace?: { url: string; functionName: string }[] } };
}

export async function startTrace(cdp: CDPSession): Promise<() => Promise<TraceEvent[]>> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => void events.push(...(e.value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { recordMode: 'recordAsMuchAsPossible', includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline.stack'] },
  });
  return async () => {
    const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
    await cdp.send('Tracing.end');
    await done;
    return events;
  };
}

export interface Leftovers {
  listeners: string[];
  timersPending: string[];
  framesPending: string[];
  callsAfterSettle: string[];
  observersAlive: number;
}

const extFrame = (stack?: { url: string; functionName: string }[]) => stack?.find((f) => isExtensionUrl(f.url));
const short = (url: string) => url.replace(/^chrome-extension:\/\/[a-p]{32}\//, '');

/**
 * The extension's listeners on window and document (asked from the main world and from each extension
 * world), and the MutationObserver objects alive in the extension's worlds.
 */
export async function listenersAndObservers(page: Page, cdp: CDPSession): Promise<{ listeners: string[]; observersAlive: number }> {
  const scripts = new Map<string, string>();
  const contexts: { id: number; origin: string; type: string }[] = [];
  const onScript = (e: { scriptId: string; url: string }) => void scripts.set(e.scriptId, e.url);
  const onContext = (e: { context: { id: number; origin: string; auxData?: { type?: string; frameId?: string; isDefault?: boolean } } }) =>
    void contexts.push({ id: e.context.id, origin: e.context.origin, type: e.context.auxData?.type ?? '' });
  cdp.on('Debugger.scriptParsed', onScript);
  cdp.on('Runtime.executionContextCreated', onContext);
  await cdp.send('Runtime.enable');
  await cdp.send('Debugger.enable');
  await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
  const worlds = [undefined, ...contexts.filter((c) => c.type === 'isolated' && c.origin.startsWith('chrome-extension://')).map((c) => c.id)];
  const listeners: string[] = [];
  let observersAlive = 0;
  for (const contextId of worlds) {
    for (const target of ['window', 'document']) {
      const { result } = (await cdp.send('Runtime.evaluate', { expression: target, ...(contextId ? { contextId } : {}) })) as { result: { objectId?: string } };
      if (!result.objectId) continue;
      const { listeners: found } = (await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId })) as { listeners: { type: string; scriptId: string; lineNumber: number; columnNumber: number }[] };
      for (const l of found) {
        const url = scripts.get(l.scriptId) ?? '';
        if (isExtensionUrl(url)) listeners.push(`${target}.${l.type} (${short(url)}:${l.lineNumber + 1}:${l.columnNumber + 1})`);
      }
    }
    if (contextId) {
      const { result: proto } = (await cdp.send('Runtime.evaluate', { expression: 'MutationObserver.prototype', contextId })) as { result: { objectId: string } };
      const { objects } = (await cdp.send('Runtime.queryObjects', { prototypeObjectId: proto.objectId })) as { objects: { objectId: string } };
      const { result: n } = (await cdp.send('Runtime.callFunctionOn', { objectId: objects.objectId, functionDeclaration: 'function () { return this.length; }', returnByValue: true })) as { result: { value: number } };
      observersAlive += n.value;
    }
  }
  await cdp.send('Debugger.disable');
  // Disabled again so that the next count is told the contexts afresh.
  await cdp.send('Runtime.disable');
  cdp.off('Debugger.scriptParsed', onScript);
  cdp.off('Runtime.executionContextCreated', onContext);
  return { listeners, observersAlive };
}

/** Marks the settle point, provokes the page (DOM changes over frames, then `quietMs`), and counts. */
export async function countLeftovers(page: Page, cdp: CDPSession, stopTrace: () => Promise<TraceEvent[]>, quietMs = 1000): Promise<Leftovers> {
  await page.evaluate(() => console.timeStamp('bench:settled'));
  await page.evaluate(async () => {
    for (let i = 0; i < 5; i++) {
      const d = document.createElement('div');
      d.textContent = `bench ${i}`;
      document.body.append(d);
      await new Promise((r) => requestAnimationFrame(r));
      d.remove();
      await new Promise((r) => requestAnimationFrame(r));
    }
  });
  await page.waitForTimeout(quietMs);
  await page.evaluate(() => console.timeStamp('bench:end'));
  const { listeners, observersAlive } = await listenersAndObservers(page, cdp);

  const events = await stopTrace();
  const mark = events.find((e) => e.name === 'TimeStamp' && e.args?.data?.message === 'bench:settled');
  const end = events.find((e) => e.name === 'TimeStamp' && e.args?.data?.message === 'bench:end');
  if (!mark || !end) throw new Error('leftovers: no settle mark in the trace');
  const t0 = mark.ts;
  const timers = new Map<string, { what: string; single: boolean; done: boolean }>();
  const frames = new Map<string, { what: string; done: boolean }>();
  const calls: string[] = [];
  for (const e of events.sort((a, b) => a.ts - b.ts)) {
    const d = e.args?.data;
    if (!d) continue;
    const key = `${e.pid}|${String(d.frame ?? '')}|${String(d.timerId ?? d.id ?? '')}`;
    if (e.ts <= t0) {
      if (e.name === 'TimerInstall') {
        const f = extFrame(d.stackTrace);
        if (f) timers.set(key, { what: `${d.singleShot ? 'setTimeout' : 'setInterval'} ${String(d.timeout)} ms (${short(f.url)} ${f.functionName || '(anonymous)'})`, single: !!d.singleShot, done: false });
      } else if (e.name === 'TimerRemove' && timers.has(key)) timers.get(key)!.done = true;
      else if (e.name === 'TimerFire' && timers.get(key)?.single) timers.get(key)!.done = true;
      else if (e.name === 'RequestAnimationFrame') {
        const f = extFrame(d.stackTrace);
        if (f) frames.set(key, { what: `requestAnimationFrame (${short(f.url)} ${f.functionName || '(anonymous)'})`, done: false });
      } else if ((e.name === 'CancelAnimationFrame' || e.name === 'FireAnimationFrame') && frames.has(key)) frames.get(key)!.done = true;
    } else if (e.ts <= end.ts && e.name === 'FunctionCall' && typeof d.url === 'string' && isExtensionUrl(d.url)) {
      calls.push(`${short(d.url)} ${String(d.functionName || '(anonymous)')}`);
    }
  }
  return {
    listeners,
    timersPending: [...timers.values()].filter((t) => !t.done).map((t) => t.what),
    framesPending: [...frames.values()].filter((t) => !t.done).map((t) => t.what),
    callsAfterSettle: calls,
    observersAlive,
  };
}
