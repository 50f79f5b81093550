/**
 * The approval check, the worker's half: which flows wait, when each is due, one check at a time per flow,
 * and what Microsoft's answer does to the flow. The requester cannot see their request anywhere in
 * Microsoft's UI (docs/microsoft-pages.md, "Graph"), so the extension asks the authorize endpoint silently
 * (prompt=none, the requester as login_hint): a code back means the admin consented. MSAL builds the request
 * and reads the answer in a page (ProbeHost); the worker carries it with identity.launchWebAuthFlow.
 * Nothing lives only in memory but the "a check of this flow is running" set, which dies with the check.
 */
import { integrationById } from '../catalog';
import type { Flow, ProbeResult } from '../flow/model';
import type { ProbeOutcome, ProbeRequest, ProbeStart } from '../probe/msal-probe';
import type { FlowStore } from './store';

const MINUTE = 60_000;
/** Every 10 minutes for the first day after the request, then hourly. */
const FIRST_DAY = 24 * 60 * MINUTE;
/** Backoff ceiling when Microsoft cannot be reached. */
const MAX_BACKOFF = 6 * 60 * MINUTE;
/** A silent check that gets no answer in this time counts as "could not check". */
export const CHECK_TIMEOUT_MS = 30_000;
/** The user's own sign-in window: checks run in turn, so even that one cannot hold the others forever. */
const SIGN_IN_TIMEOUT_MS = 10 * MINUTE;
/** MSAL's page building the request or reading the answer. */
const PAGE_TIMEOUT_MS = 15_000;
const OIDC = new Set(['openid', 'profile', 'email', 'offline_access']);

/** Where MSAL runs: an offscreen document (Chrome) or the background page (Firefox). */
export interface ProbeHost {
  start(req: ProbeRequest): Promise<ProbeStart>;
  finish(state: string, responseUrl: string): Promise<ProbeOutcome>;
  abandon(state: string): Promise<void>;
}

export interface CheckEnv {
  flows: FlowStore;
  host: ProbeHost;
  now(): number;
  redirectUri: string;
  /** identity.launchWebAuthFlow: resolves to the redirect URL, rejects when Microsoft wants a page shown. */
  launch(url: string, interactive: boolean): Promise<string>;
  /** A flow just became approved. */
  approved(flow: Flow): Promise<void>;
}

/** States in which the admin's answer is awaited. */
export const isWaiting = (f: Flow): boolean => f.state === 'requested' || f.state === 'admin-approval-needed';

/**
 * When a waiting flow's next automatic check is due (never, for a flow that does not wait). `laterMs`: the
 * period after the first day (the options' check interval; default hourly).
 */
export function nextCheckAt(f: Flow, periodMs?: number, laterMs = 60 * MINUTE): number {
  if (!isWaiting(f)) return Infinity;
  const since = f.requestedAt ?? f.updatedAt;
  const last = f.lastProbe?.at ?? since;
  const base = periodMs ?? (last - since < FIRST_DAY ? 10 * MINUTE : laterMs);
  const backoff = Math.min(base * 2 ** (f.probeFailures ?? 0), Math.max(MAX_BACKOFF, base));
  return last + backoff;
}

/** The scopes to ask for: the flow's own API scopes (MSAL adds the OpenID ones), or its integration's. */
export function checkScopes(f: Flow): string[] {
  const own = f.scopes.filter((s) => !OIDC.has(s.toLowerCase()));
  if (own.length) return own;
  return integrationById(f.integration)?.permissions.map((p) => p.scope).filter((s) => !OIDC.has(s.toLowerCase())) ?? ['User.Read'];
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    p.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e)),
    );
  });
}

export function createChecker(env: CheckEnv) {
  const running = new Set<string>();
  // MSAL's redirect flow allows one interaction at a time: checks run in turn.
  let turn: Promise<unknown> = Promise.resolve();

  async function check(key: string, interactive = false): Promise<ProbeResult | 'busy' | 'not-waiting'> {
    if (running.has(key)) return 'busy';
    running.add(key);
    const mine = turn.then(() => run(key, interactive));
    turn = mine.catch(() => undefined);
    try {
      return await mine;
    } finally {
      running.delete(key);
    }
  }

  async function run(key: string, interactive: boolean): Promise<ProbeResult | 'not-waiting'> {
    const flow = (await env.flows.load()).stored.flows[key];
    if (!flow || !(isWaiting(flow) || flow.state === 'expired' || flow.state === 'approval-required')) return 'not-waiting';
    const startedAt = env.now();
    // The user's own sign-in only signs in (they may pick any account there); the silent check for the
    // requester's account then decides.
    if (interactive && flow.account) await signIn(flow);
    // Without the requester's account, a silent check would answer for whoever is signed in, anywhere.
    const outcome: ProbeOutcome = flow.account ? await ask(flow) : { result: 'sign-in-needed', error: 'no_account' };
    // The answer belongs to this flow only, as it was when the check began (never to another account's).
    const after = await env.flows.applyToKey(key, { type: 'probe', result: outcome.result, at: startedAt });
    if (after?.state === 'approved' && flow.state !== 'approved') await withTimeout(env.approved(after), PAGE_TIMEOUT_MS).catch(() => undefined);
    return outcome.result;
  }

  /** Microsoft's sign-in in the browser's own window, for the requester; its answer is not used. */
  async function signIn(flow: Flow): Promise<void> {
    const start = await withTimeout(env.host.start(request(flow, true)), PAGE_TIMEOUT_MS).catch(() => undefined);
    if (!start) return;
    try {
      await withTimeout(env.launch(start.url, true), SIGN_IN_TIMEOUT_MS);
    } catch {
      // Closed or failed: the silent check says what is known.
    }
    await withTimeout(env.host.abandon(start.state), PAGE_TIMEOUT_MS).catch(() => undefined);
  }

  const request = (flow: Flow, interactive: boolean): ProbeRequest => ({
    clientId: flow.clientId,
    tenant: flow.tenant || 'organizations',
    scopes: checkScopes(flow),
    loginHint: flow.account || undefined,
    interactive,
    redirectUri: env.redirectUri,
  });

  /** The silent check (prompt=none) for the requester's account. */
  async function ask(flow: Flow): Promise<ProbeOutcome> {
    let start: ProbeStart;
    try {
      start = await withTimeout(env.host.start(request(flow, false)), PAGE_TIMEOUT_MS);
    } catch {
      return { result: 'network-error', error: 'probe_host' };
    }
    let answer: string;
    try {
      answer = await withTimeout(env.launch(start.url, false), CHECK_TIMEOUT_MS);
    } catch (e) {
      await withTimeout(env.host.abandon(start.state), PAGE_TIMEOUT_MS).catch(() => undefined);
      const message = String(e instanceof Error ? e.message : e);
      // No redirect back without interaction: Microsoft wants to show a page, i.e. the user must sign in.
      if (/interaction|user/i.test(message) && !/timeout/.test(message)) return { result: 'sign-in-needed', error: 'interaction_required' };
      return { result: 'network-error', error: /timeout/.test(message) ? 'timeout' : 'launch_failed' };
    }
    // Only an answer at this extension's own redirect address counts.
    if (!answer.startsWith(env.redirectUri)) {
      await withTimeout(env.host.abandon(start.state), PAGE_TIMEOUT_MS).catch(() => undefined);
      return { result: 'network-error', error: 'foreign_redirect' };
    }
    return withTimeout(env.host.finish(start.state, answer), PAGE_TIMEOUT_MS).catch(() => ({ result: 'network-error' as const, error: 'probe_host' }));
  }

  /** The alarm: every waiting flow whose check is due (`laterMs`: see nextCheckAt). */
  async function checkDue(periodMs?: number, laterMs?: number): Promise<void> {
    const { stored } = await env.flows.load();
    const now = env.now();
    for (const f of Object.values(stored.flows)) if (nextCheckAt(f, periodMs, laterMs) <= now) await check(f.key).catch(() => undefined);
  }

  return { check, checkDue };
}

export type Checker = ReturnType<typeof createChecker>;
