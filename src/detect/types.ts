import type { AuthorizeParams } from '../shared/authorize';

/** Every kind of page a content script may recognise (what each site may report is in src/sites). */
export const PAGE_KINDS = [
  'approval-required',
  'request-sent',
  'need-admin-approval',
  'user-consent',
  'admin-consent',
  'consent-error',
  'rox-integrations',
  'rox-callback',
  'admin-permissions',
  'admin-requests',
  'admin-consent-settings',
  'admin-apps',
] as const;
export type PageKind = (typeof PAGE_KINDS)[number];

/** What a detector is given. `context` is what this tab's earlier pages told the background (optional). */
export interface PageInput {
  url: URL;
  doc: Document;
  context?: TabContext;
}

export interface TabContext {
  /** The authorize request that led to this page (the URL may no longer carry it, e.g. /common/reprocess). */
  authorize?: AuthorizeParams;
  /** The kind of page this tab showed last, to recognise a follow-up page in an unknown language. */
  lastKind?: PageKind;
}

/**
 * Microsoft's own facts about the app, from the page's inline `$Config` (docs/microsoft-pages.md: seen on
 * ConvergedConsent pages; unknown elsewhere). Absent keys are normal. App name and labels are still text
 * the app's owner chose; the verified publisher name and reply URLs are Microsoft's.
 */
export interface ConfigFacts {
  appName?: string;
  /** `sAppVerifiedPublisherName`: '' when the key is present but empty (no verified publisher). */
  verifiedPublisher?: string;
  /** `arrAppReplyUrls`: the app's registered redirect URIs. */
  replyUrls?: string[];
  /** `arrScopes[].adminLabel || label`: the permissions as Microsoft lists them. */
  scopeLabels?: string[];
}

export interface PageMatch {
  kind: PageKind;
  /** `<html lang>`, lower case ('' when absent). */
  lang?: string;
  config?: ConfigFacts;
  appName?: string;
  /** Publisher name or domain as the page shows it. */
  publisher?: string;
  /** true: verified badge; false: "unverified" shown; null: the page does not say. */
  verified: boolean | null;
  permissions: string[];
  upn?: string;
  authorize?: AuthorizeParams;
  /** AADSTS code a page carries (need admin approval, error pages). */
  errorCode?: string;
  /** Rox pages: integration tiles and the callback's outcome. */
  /** Admin center, an app's Permissions blade (Admin consent tab): its rows, read by header. */
  admin?: { rows: { api: string; claim: string; type: string }[]; truncated?: true };
  /**
   * Admin center, Admin consent requests: each request row's app name and application id (and whether it
   * is the selected one), and the open request's Details pane, as shown.
   */
  requests?: {
    rows: { name: string; appId: string; selected?: boolean }[];
    /** More rows than a report carries. */
    truncated?: true;
    details?: {
      /** The pane's selected tab. */
      tab: 'app' | 'requested' | 'other';
      appName: string;
      /** '' when the App details tab is not shown. */
      appId: string;
      publisher: string;
      /** true: the verified publisher badge; null: not seen (proves nothing). */
      verified: true | null;
      /** Review permissions and consent can be clicked (the request is pending). */
      pending: boolean;
      requesters: { upn: string; justification: string }[];
    };
  };
  /** Admin center, Enterprise applications: each app's name, object id and application id. */
  apps?: { rows: { name: string; objectId: string; appId: string }[] };
  /** Admin center, Admin consent settings: the admin consent workflow's setting (null: not readable). */
  settings?: { workflow: boolean | null };
  /** Elements a step draws over (not sent to the worker): the request rows, in the same order. */
  rowElements?: Element[];
  /** The open request's "Review permissions and consent" button (not sent to the worker). */
  reviewButton?: HTMLElement;
  /** The page's own controls the panel must never cover (not sent to the worker). */
  actions?: Element[];
  rox?: { integrations?: { id: string; connect: HTMLElement }[]; integration?: string; outcome?: 'connected' | 'failed'; error?: string; errorDescription?: string };
  /** Elements a step needs. */
  justificationBox?: HTMLTextAreaElement;
  submitButton?: HTMLElement;
  /** Which signals decided the match (for tests and the closing note, not shown to users). */
  signals: string[];
}

export type Detector = (input: PageInput) => PageMatch | null;

/**
 * A content script's first look at a page, before any of its machinery (src/content/engine.ts): 'no'
 * (rendered, and nothing here can be ours), 'wait' (not rendered yet), 'maybe' (run the detectors), 'early'
 * (the address says Rox: fetch the tab's context and the panel while the page renders).
 */
export type Gate = 'no' | 'wait' | 'maybe' | 'early';
