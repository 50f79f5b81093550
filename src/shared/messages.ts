/**
 * The one message protocol between content scripts, extension pages and the background. Every message is
 * validated by shape and size here; the router additionally checks who sent it.
 */
import type { PageKind } from '../detect/types';
import type { Flow } from '../flow/model';
import type { Verdict } from '../guard';
import type { Prefs } from '../flow/storage';
import { isAuthorizeParams, type AuthorizeParams } from './authorize';

/** What a content script reports of a page: facts only, never page HTML, never a code or token. */
export interface PageReport {
  kind: PageKind;
  url: string;
  appName?: string;
  publisher?: string;
  verified?: boolean | null;
  permissions?: string[];
  upn?: string;
  authorize?: AuthorizeParams;
  errorCode?: string;
  justification?: string;
  /** Rox pages: the integration concerned. */
  integration?: string;
  outcome?: 'connected' | 'failed';
}

export type Message =
  | { type: 'page-detected'; report: PageReport }
  | { type: 'get-tab-context'; authorize?: AuthorizeParams }
  | { type: 'get-flows' }
  | { type: 'set-minimised'; key: string; minimised: boolean }
  | { type: 'forget-flow'; key: string };

export interface TabContextReply {
  authorize?: AuthorizeParams;
  lastKind?: PageKind;
}

/** The integration a page concerns, as much of the catalog as a step needs. */
export interface IntegrationInfo {
  id: string;
  nameKey: string;
  scopes: string[];
}

/** The background's answer to a page report: the guard's verdict and what the steps need to show. */
export interface PageReply {
  verdict: Verdict | null;
  integration?: IntegrationInfo;
  /** Microsoft's permission text (lower case) -> message key of its plain-language explanation. */
  plain: Record<string, string>;
  flow?: Flow;
  prefs: Prefs;
}

export interface FlowsReply {
  flows: Flow[];
  problem?: string;
}

const KINDS: ReadonlySet<string> = new Set(['approval-required', 'request-sent', 'need-admin-approval', 'user-consent', 'admin-consent', 'consent-error', 'rox-integrations', 'rox-callback']);
const str = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const optStr = (v: unknown, max: number) => v === undefined || str(v, max);

function isReport(r: unknown): r is PageReport {
  const o = r as PageReport;
  return (
    !!o &&
    typeof o === 'object' &&
    KINDS.has(o.kind) &&
    str(o.url, 4096) &&
    optStr(o.appName, 300) &&
    optStr(o.publisher, 300) &&
    (o.verified === undefined || o.verified === null || typeof o.verified === 'boolean') &&
    (o.permissions === undefined || (Array.isArray(o.permissions) && o.permissions.length <= 50 && o.permissions.every((p) => str(p, 300)))) &&
    optStr(o.upn, 320) &&
    (o.authorize === undefined || isAuthorizeParams(o.authorize)) &&
    optStr(o.errorCode, 8) &&
    optStr(o.justification, 1000) &&
    optStr(o.integration, 64) &&
    (o.outcome === undefined || o.outcome === 'connected' || o.outcome === 'failed')
  );
}

/** The message, if `v` is a well-formed one; otherwise null. */
export function parseMessage(v: unknown): Message | null {
  const m = v as Message;
  if (!m || typeof m !== 'object' || typeof m.type !== 'string') return null;
  switch (m.type) {
    case 'page-detected':
      return isReport(m.report) ? m : null;
    case 'get-tab-context':
      return m.authorize === undefined || isAuthorizeParams(m.authorize) ? m : null;
    case 'get-flows':
      return m;
    case 'set-minimised':
      return str(m.key, 800) && typeof m.minimised === 'boolean' ? m : null;
    case 'forget-flow':
      return str(m.key, 800) ? m : null;
    default:
      return null;
  }
}

/** Which messages content scripts may send, and from which origins. Extension pages may send the rest. */
export const CONTENT_MESSAGES: Readonly<Record<string, readonly string[]>> = {
  'page-detected': ['https://login.microsoftonline.com', 'rox'],
  'get-tab-context': ['https://login.microsoftonline.com', 'rox'],
  'set-minimised': ['https://login.microsoftonline.com', 'rox'],
};
