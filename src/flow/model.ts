/**
 * The flow of one (Microsoft account, app client id, integration) through admin consent, and the pure
 * transition function that moves it. Storage only persists what flowAfter returns.
 *
 *   connecting ─▶ approval-required ─▶ requested ─▶ approved ─▶ connected
 *        │                                 └──▶ expired
 *        └──▶ admin-approval-needed ─▶ approved ─▶ connected
 *        └──▶ connected
 *
 * No token, code or password ever enters a flow.
 */

export const FLOW_STATES = ['connecting', 'approval-required', 'requested', 'admin-approval-needed', 'approved', 'connected', 'expired'] as const;
export type FlowState = (typeof FLOW_STATES)[number];

export interface Flow {
  key: string;
  account: string;
  clientId: string;
  integration: string;
  tenant: string;
  state: FlowState;
  scopes: string[];
  returnUrl: string;
  justification?: string;
  createdAt: number;
  updatedAt: number;
  requestedAt?: number;
  approvedAt?: number;
  connectedAt?: number;
  /** Microsoft's error code the last page showed (need admin approval, declined…). */
  errorCode?: string;
  lastProbe?: { at: number; result: ProbeResult };
  /** Checks in a row that could not reach Microsoft (the schedule backs off). */
  probeFailures?: number;
  minimised?: boolean;
}

export const PROBE_RESULTS = ['approved', 'pending', 'sign-in-needed', 'network-error'] as const;
export type ProbeResult = (typeof PROBE_RESULTS)[number];

export type PageEventKind = 'connect-started' | 'approval-required' | 'request-sent' | 'need-admin-approval' | 'consent-error' | 'connected' | 'connect-failed';

export type FlowEvent =
  | { type: 'page'; kind: PageEventKind; at: number; data: FlowData }
  | { type: 'probe'; result: ProbeResult; at: number }
  | { type: 'user'; action: 'forget' | 'set-minimised'; at: number; minimised?: boolean }
  | { type: 'tick'; at: number };

export interface FlowData {
  account?: string;
  clientId: string;
  integration: string;
  tenant?: string;
  scopes?: string[];
  returnUrl?: string;
  justification?: string;
  errorCode?: string;
}

export const EXPIRY_DAYS_DEFAULT = 30;
const DAY = 86_400_000;

export const flowKey = (account: string, clientId: string, integration: string) => `${account.toLowerCase() || '?'}|${clientId.toLowerCase()}|${integration}`;

function created(data: FlowData, at: number): Flow {
  return {
    key: flowKey(data.account ?? '', data.clientId, data.integration),
    account: data.account ?? '',
    clientId: data.clientId,
    integration: data.integration,
    tenant: data.tenant ?? '',
    state: 'connecting',
    scopes: data.scopes ?? [],
    returnUrl: data.returnUrl ?? '',
    createdAt: at,
    updatedAt: at,
  };
}

function merge(flow: Flow, data: FlowData): Flow {
  return {
    ...flow,
    tenant: data.tenant || flow.tenant,
    scopes: data.scopes?.length ? data.scopes : flow.scopes,
    returnUrl: data.returnUrl || flow.returnUrl,
  };
}

/** States from which a later page may not pull the flow back (a stale tab re-rendering, say). */
const WAITING: ReadonlySet<FlowState> = new Set(['requested', 'admin-approval-needed']);

/**
 * The flow after `event`. `undefined` in, and an event that does not start a flow: stays undefined
 * (e.g. a probe answer for a flow the user forgot). Returns the same object when nothing changes.
 */
export function flowAfter(flow: Flow | undefined, event: FlowEvent, expiryDays = EXPIRY_DAYS_DEFAULT): Flow | undefined {
  const at = event.at;
  if (event.type === 'user') {
    if (!flow) return undefined;
    if (event.action === 'forget') return undefined;
    return flow.minimised === !!event.minimised ? flow : { ...flow, minimised: !!event.minimised };
  }
  if (event.type === 'tick') {
    if (flow?.state === 'requested' && flow.requestedAt !== undefined && at >= flow.requestedAt + expiryDays * DAY)
      return { ...flow, state: 'expired', updatedAt: at };
    return flow;
  }
  if (event.type === 'probe') {
    if (!flow) return undefined;
    // An answer older than the flow's last change says nothing about the current state.
    if (at < flow.updatedAt) return flow;
    const lastProbe = { at, result: event.result };
    const probeFailures = event.result === 'network-error' ? Math.min((flow.probeFailures ?? 0) + 1, 20) : 0;
    if (event.result === 'approved' && ['approval-required', 'requested', 'admin-approval-needed', 'expired'].includes(flow.state))
      return { ...flow, state: 'approved', approvedAt: at, updatedAt: at, lastProbe, probeFailures };
    return { ...flow, lastProbe, probeFailures };
  }

  const base = merge(flow ?? created(event.data, at), event.data);
  const to = (state: FlowState, extra: Partial<Flow> = {}): Flow => ({ ...base, ...extra, state, updatedAt: at });
  switch (event.kind) {
    case 'connect-started':
      // Clicking Connect again after approval is the expected next step; it changes nothing until Microsoft answers.
      return flow ?? base;
    case 'approval-required':
      // Revisiting the page while a request is pending (or already approved) keeps the first request.
      if (flow && (WAITING.has(flow.state) || flow.state === 'approved')) return flow;
      return to('approval-required', { errorCode: undefined });
    case 'request-sent':
      // Microsoft submits only the FIRST request: a second "Request sent" keeps the first time and text.
      if (flow?.state === 'requested') return flow;
      if (flow?.state === 'approved' || flow?.state === 'connected') return flow;
      return to('requested', { requestedAt: at, justification: event.data.justification?.slice(0, 1000) ?? base.justification });
    case 'need-admin-approval':
    case 'consent-error':
      if (flow?.state === 'approved' || flow?.state === 'requested') return flow;
      return to('admin-approval-needed', { errorCode: event.data.errorCode });
    case 'connected':
      if (flow?.state === 'connected') return flow;
      return to('connected', { connectedAt: at, errorCode: undefined });
    case 'connect-failed':
      return flow ? { ...flow, errorCode: event.data.errorCode, updatedAt: at } : undefined;
  }
}
