/**
 * CPU profiles (CDP Profiler domain) and what in them is an extension's: a sample counts as the
 * extension's when any frame on its stack comes from a chrome-extension:// script (content scripts run in
 * isolated worlds of the page's renderer, and V8's sampler walks their frames like any other). Time spent
 * inside a Blink call made from those frames (forced layout from getBoundingClientRect, DOM work, a GC that
 * such a call triggers while the JS stack is live) is part of the sample's stack and counts too. Work that
 * runs with no extension frame on the stack (the page's own style, layout and paint after our DOM change,
 * a GC the sampler shows under "(garbage collector)" at the root) is not counted: see README of the bench.
 */
import type { CDPSession } from 'playwright-core';

export interface CallFrame {
  functionName: string;
  url: string;
  scriptId: string;
  lineNumber: number;
  columnNumber: number;
}
export interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
  hitCount?: number;
}
export interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** Sampling interval in microseconds (Chromium's default is 1000; 50-100 sees short callbacks). */
export const SAMPLING_US = 50;

export async function startProfile(cdp: CDPSession, intervalUs = SAMPLING_US): Promise<void> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: intervalUs });
  await cdp.send('Profiler.start');
}

export async function stopProfile(cdp: CDPSession): Promise<Profile> {
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
  return profile;
}

export const isExtensionUrl = (url: string) => url.startsWith('chrome-extension://');

export interface Attribution {
  /** ms of samples with an extension frame on the stack. */
  extensionMs: number;
  /** ms of samples that are neither idle nor the profiler's own "(program)" bookkeeping: the page's whole main-thread JS+native time. */
  busyMs: number;
  /** ms of "(garbage collector)" samples (root-level in V8 profiles: not attributable to a script). */
  gcMs: number;
  /** Self time by the innermost extension frame on the stack: "script function" -> ms. */
  byFunction: Map<string, number>;
  /** ms by extension script (the innermost extension frame's file). */
  byScript: Map<string, number>;
  samples: number;
}

/**
 * Attributes a profile: each sample covers half the gap to either neighbour (the ends get the median interval).
 * `match` decides which frames are "ours" (default: any chrome-extension:// URL).
 */
export function attribute(profile: Profile, match: (url: string) => boolean = isExtensionUrl): Attribution {
  const byId = new Map<number, ProfileNode>();
  for (const n of profile.nodes) byId.set(n.id, n);
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  /** The innermost matching frame on the node's stack (or null), memoised. */
  const innermost = new Map<number, ProfileNode | null>();
  const ours = (id: number): ProfileNode | null => {
    if (innermost.has(id)) return innermost.get(id)!;
    const n = byId.get(id)!;
    const p = parent.get(id);
    const r = match(n.callFrame.url) ? n : p === undefined ? null : ours(p);
    innermost.set(id, r);
    return r;
  };
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const times: number[] = [];
  let t = profile.startTime;
  for (const d of deltas) times.push((t += d));
  const gaps = times.slice(1).map((x, i) => x - times[i]!).sort((a, b) => a - b);
  const typical = gaps[Math.floor(gaps.length / 2)] ?? 0;
  const out: Attribution = { extensionMs: 0, busyMs: 0, gcMs: 0, byFunction: new Map(), byScript: new Map(), samples: samples.length };
  for (let i = 0; i < samples.length; i++) {
    // Each sample stands for the time from halfway after the previous sample to halfway before the next
    // (an idle thread shows as "(idle)" samples), so a late sampler tick is shared by both neighbours.
    const before = i > 0 ? times[i]! - times[i - 1]! : typical;
    const after = i + 1 < times.length ? times[i + 1]! - times[i]! : typical;
    const dur = (before + after) / 2 / 1000;
    const node = byId.get(samples[i]!)!;
    const name = node.callFrame.functionName;
    if (name === '(idle)' || name === '(program)' || name === '(root)') continue;
    if (name === '(garbage collector)') {
      out.gcMs += dur;
      out.busyMs += dur;
      continue;
    }
    out.busyMs += dur;
    const mine = ours(node.id);
    if (!mine) continue;
    out.extensionMs += dur;
    const script = mine.callFrame.url.replace(/^chrome-extension:\/\/[a-p]{32}\//, '');
    const top = node.callFrame.url ? node : mine;
    const fn = `${script} ${top === mine ? '' : '[' + (top.callFrame.url.split('/').pop() || 'native') + '] '}${top.callFrame.functionName || '(anonymous)'}:${top.callFrame.lineNumber + 1}:${top.callFrame.columnNumber + 1}`;
    out.byFunction.set(fn, (out.byFunction.get(fn) ?? 0) + dur);
    out.byScript.set(script, (out.byScript.get(script) ?? 0) + dur);
  }
  return out;
}
