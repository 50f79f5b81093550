/**
 * The one message protocol between content scripts, extension pages and the worker. `Protocol` maps each
 * message type to its data and its reply; each message's data has one valibot schema, which is both its
 * type and its validator (bounded: string lengths and array sizes). Who may send what is the sites
 * registry's business (src/sites), checked by the worker's router.
 *
 * On the wire a request is `{ type, data }` and every reply is a `Result`: `{ ok: true, value }` or
 * `{ ok: false, error }`. Content scripts import only TYPES from here (valibot stays in the worker and
 * extension pages); they send through `send` in src/platform/content.ts.
 */
import * as v from 'valibot';
import { PAGE_KINDS, type PageKind } from '../detect/types';
import type { Flow, ProbeResult } from '../flow/model';
import type { Prefs } from '../flow/storage';
import type { Verdict } from '../guard';
import type { GrantCheck } from '../guard/grant';
import type { AuthorizeParams } from './authorize';
import { SETTINGS_MESSAGE_DATA, type SettingsProtocol } from '../settings/messages';

const NAVIGATION = v.picklist(['navigate', 'reload', 'back_forward', 'prerender']);
const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const list = <T extends v.GenericSchema>(item: T, max: number) => v.pipe(v.array(item), v.maxLength(max));

export { PAGE_KINDS };


/** A page URL as reported: https, no query, no fragment (a Rox callback's `?code=` never leaves the page). */
const pageUrl = v.pipe(text(4096), v.regex(/^https:\/\/[^?#]*$/));

/** What a content script reports of a page: facts only, never page HTML, never a code or token. */
export const PageReportSchema = v.strictObject({
  kind: v.picklist(PAGE_KINDS),
  url: pageUrl,
  appName: v.optional(text(300)),
  publisher: v.optional(text(300)),
  verified: v.optional(v.nullable(v.boolean())),
  permissions: v.optional(list(text(300), 50)),
  upn: v.optional(text(320)),
  errorCode: v.optional(text(8)),
  /** How the document was reached (Navigation Timing): Back / Forward / reload pages keep their own request. */
  navigation: v.optional(NAVIGATION),
  /** `<html lang>`: permission texts are compared only in a language the catalog has. */
  lang: v.optional(text(16)),
  /** Microsoft's own facts from the page's $Config (docs/microsoft-pages.md). */
  config: v.optional(
    v.strictObject({
      appName: v.optional(text(300)),
      verifiedPublisher: v.optional(text(300)),
      replyUrls: v.optional(list(text(2048), 50)),
      scopeLabels: v.optional(list(text(300), 50)),
    }),
  ),
  /** Admin center, Permissions blade: the Admin consent tab's rows, read by header. */
  admin: v.optional(v.strictObject({ rows: list(v.strictObject({ api: text(300), claim: text(300), type: text(64) }), 200), truncated: v.optional(v.literal(true)) })),
  /** Admin center, Admin consent requests: each row's app name and application id; the open request's pane. */
  requests: v.optional(
    v.strictObject({
      rows: list(v.strictObject({ name: text(300), appId: text(64), selected: v.optional(v.boolean()) }), 200),
      truncated: v.optional(v.literal(true)),
      details: v.optional(
        v.strictObject({
          tab: v.picklist(['app', 'requested', 'other']),
          appName: text(300),
          appId: text(64),
          publisher: text(300),
          verified: v.nullable(v.literal(true)),
          pending: v.boolean(),
          requesters: list(v.strictObject({ upn: text(320), justification: text(1000) }), 50),
        }),
      ),
    }),
  ),
  /** Admin center, Enterprise applications: each app's name, object id and application id. */
  apps: v.optional(v.strictObject({ rows: list(v.strictObject({ name: text(300), objectId: text(64), appId: text(64) }), 200) })),
  /** Admin center, Admin consent settings: the admin consent workflow (null: not readable). */
  settings: v.optional(v.strictObject({ workflow: v.nullable(v.boolean()) })),
  /** Rox pages: the integration concerned. */
  integration: v.optional(text(64)),
  outcome: v.optional(v.picklist(['connected', 'failed'])),
});
export type PageReport = v.InferOutput<typeof PageReportSchema>;

/** Each message type's data. The keys of this table are the protocol's message types. */
export const MESSAGE_DATA = {
  /** A content script recognised a page (sign-in host, Rox). */
  'page-detected': PageReportSchema,
  /** What this tab showed before (the worker reads the page's address from the sender, never from here). */
  'get-tab-context': v.strictObject({ navigation: v.optional(NAVIGATION) }),
  /** The user minimised or restored the panel of a flow. */
  'set-minimised': v.strictObject({ key: text(800), minimised: v.boolean() }),
  /** Rox's Integrations page: the user clicked Connect on a tile; `state` if the Connect link carried one. */
  'connect-clicked': v.strictObject({ integration: v.pipe(text(64), v.regex(/^[\w-]+$/)), state: v.optional(text(512)) }),
  /** A page that is ours needs its panel: the worker injects the site's panel script into the sender's frame. */
  'inject-ui': v.strictObject({}),
  /** Approval required: the user submitted the request with this justification. */
  'justification-submitted': v.strictObject({ justification: text(1000) }),
  /** Extension pages: every flow, newest first. */
  'get-flows': v.strictObject({}),
  /** Extension pages: forget one flow. */
  'forget-flow': v.strictObject({ key: text(800) }),
  /** Extension pages: check one flow's approval now (interactive: the user clicked "Sign in to check"). */
  'check-now': v.strictObject({ key: text(800), interactive: v.optional(v.boolean()) }),
  /** Extension pages: go back to Rox for a flow (focus an open Rox tab, or open the page it started from). */
  'return-to-rox': v.strictObject({ key: text(800) }),
  /** The options page's messages (src/settings/messages.ts). */
  ...SETTINGS_MESSAGE_DATA,
} as const;

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

/** The worker's answer to a page report: the guard's verdict and what the steps need to show. */
export interface PageReply {
  verdict: Verdict | null;
  integration?: IntegrationInfo;
  /** Microsoft's permission text (lower case) -> message key of its plain-language explanation. */
  plain: Record<string, string>;
  flow?: Flow;
  prefs: Prefs;
  /** Admin center, Permissions blade of Rox's app (proven by the route's appId): seed step 6's check. */
  grant?: GrantCheck;
  /** Admin center, Admin consent requests: whose each row is, in the page's order. */
  requestKinds?: ('rox' | 'lookalike' | 'other')[];
  /** Admin center, the open request's Details pane: whose request it is (by application id). */
  detailsKind?: 'rox' | 'lookalike' | 'other';
  /**
   * Admin center: an app that looks like Rox but whose application id is not Rox's (a request's pane, an
   * app's Permissions blade): the red warning, with what it shows, as text.
   */
  lookalike?: { name: string; appId: string };
  /** Admin center, a blade with general help that is about no app (Admin consent settings). */
  hint?: true;
  /** Not yet decidable (a React view's frame reported before its top frame): report again shortly. */
  retry?: true;
}

/** The answer to "check now": what Microsoft said, or that a check of this flow is already running. */
export interface CheckReply {
  result: ProbeResult | 'busy' | 'not-waiting';
}

export interface FlowsReply {
  flows: Flow[];
  problem?: string;
  /** How many saved requests could not be kept (kept aside unread); said once. */
  dropped?: number;
  /** The user's justification template (prefs), for "Request again". */
  justificationTemplate?: string;
  /** Managed policy: whom "Remind my admin" writes to (an e-mail address or an https address). */
  adminContact?: string;
  /** Managed policy: the organization's tenant, for links when a request does not name one. */
  tenant?: string;
}

type Data<K extends keyof typeof MESSAGE_DATA> = v.InferOutput<(typeof MESSAGE_DATA)[K]>;

/** The whole protocol: each message type's data and the worker's reply (`null`: done, nothing to say). */
export interface Protocol extends SettingsProtocol {
  'page-detected': { data: Data<'page-detected'>; reply: PageReply };
  'get-tab-context': { data: Data<'get-tab-context'>; reply: TabContextReply };
  'set-minimised': { data: Data<'set-minimised'>; reply: null };
  'connect-clicked': { data: Data<'connect-clicked'>; reply: null };
  'inject-ui': { data: Data<'inject-ui'>; reply: null };
  'justification-submitted': { data: Data<'justification-submitted'>; reply: null };
  'get-flows': { data: Data<'get-flows'>; reply: FlowsReply };
  'forget-flow': { data: Data<'forget-flow'>; reply: null };
  'check-now': { data: Data<'check-now'>; reply: CheckReply };
  'return-to-rox': { data: Data<'return-to-rox'>; reply: null };
}

export type MessageType = keyof Protocol;
export type MessageData<K extends MessageType> = Protocol[K]['data'];
export type MessageReply<K extends MessageType> = Protocol[K]['reply'];
/** A request as the worker receives it, narrowed by `type`. */
export type Message = { [K in MessageType]: { type: K; data: MessageData<K> } }[MessageType];

/** A reply: the value, or why there is none. Failures never look like successes. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

// Compile-time check (no code): the table and the interface name the same messages.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;
export type ProtocolChecks = [
  Holds<Same<MessageType, keyof typeof MESSAGE_DATA>>,
];

export const MESSAGE_TYPES = Object.keys(MESSAGE_DATA) as MessageType[];

/** The request, if `raw` is a well-formed `{ type, data }` of this protocol; otherwise null. */
export function parseMessage(raw: unknown): Message | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const { type, data, ...rest } = raw as { type?: unknown; data?: unknown };
  if (typeof type !== 'string' || !Object.hasOwn(MESSAGE_DATA, type) || Object.keys(rest).length) return null;
  const parsed = v.safeParse(MESSAGE_DATA[type as MessageType], data);
  return parsed.success ? ({ type, data: parsed.output } as Message) : null;
}
