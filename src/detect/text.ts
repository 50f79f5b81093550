/**
 * Microsoft's page text per locale: data, not code. Only strings a public source quotes are here
 * (docs/microsoft-pages.md). Adding a locale is adding an entry. Matching is a
 * case-insensitive substring test on normalised text, so punctuation and spacing variants still match.
 */

export type TextKey =
  | 'approvalRequired'
  | 'requiresApproval'
  | 'justificationPlaceholder'
  | 'requestSent'
  | 'needAdminApproval'
  | 'needAdminBody'
  | 'returnWithoutConsent'
  | 'permissionsRequested'
  | 'acceptForOrg'
  | 'consentOnBehalf';

export type TextTable = Partial<Record<TextKey, readonly string[]>>;

const EN: TextTable = {
  approvalRequired: ['Approval required'],
  requiresApproval: ["This app requires your admin's approval to"],
  justificationPlaceholder: ['Enter justification for requesting this app'],
  requestSent: ['Request sent'],
  needAdminApproval: ['Need admin approval'],
  needAdminBody: ['that only an admin can grant'],
  returnWithoutConsent: ['Return to the application without granting consent'],
  permissionsRequested: ['Permissions requested'],
  // Newer tenants are said to show "Review for your organization" [I].
  acceptForOrg: ['Accept for your organization', 'Review for your organization'],
  consentOnBehalf: ['Consent on behalf of your organization'],
};

export const TEXT: Readonly<Record<string, TextTable>> = {
  en: EN,
  'en-GB': {
    ...EN,
    acceptForOrg: ['Accept for your organisation', 'Review for your organisation'],
    consentOnBehalf: ['Consent on behalf of your organisation'],
  },
  de: {
    needAdminApproval: ['Administratorgenehmigung erforderlich'],
    // Unconfirmed by a public screenshot, quoted in community answers [I].
    consentOnBehalf: ['Zustimmung im Namen Ihrer Organisation'],
  },
  ja: {
    needAdminApproval: ['管理者の承認が必要です'],
    consentOnBehalf: ['組織の代理として同意する'],
  },
};

export const normalize = (s: string): string => s.replace(/\s+/g, ' ').replace(/[’‘]/g, "'").trim().toLowerCase();

let normalized: Map<TextKey, string[]> | undefined;
/** Every locale's strings for `key`, normalised once. */
function strings(key: TextKey): string[] {
  normalized ??= new Map();
  let list = normalized.get(key);
  if (!list) normalized.set(key, (list = [...new Set(Object.values(TEXT).flatMap((t) => (t[key] ?? []).map(normalize)))]));
  return list;
}

/** Does `text` contain any locale's string for `key`? `text` must already be normalised. */
export const hasText = (text: string, key: TextKey): boolean => strings(key).some((s) => text.includes(s));

/** Is `block` (normalised) exactly one of the strings for `key` (for titles, to avoid body-text hits)? */
export const isText = (block: string, key: TextKey): boolean => strings(key).includes(block);

/**
 * Could this text name Rox? A cheap pre-filter for content scripts (the worker's skeleton check decides):
 * "rox" starting a word after NFKD, with marks and invisible characters removed and the commonest
 * confusables of o, x and r folded; any bidi override; "365" (Rox's app name has it); or a word that mixes Latin with another script, the
 * mark of a homoglyph spelling whatever letters it swaps.
 */
export function mayNameRox(text: string): boolean {
  const raw = text.slice(0, 300);
  // Decomposed (Ŗ -> R + cedilla) so the marks can go; bidi overrides are forwarded as they are.
  const t = raw.normalize('NFKD').replace(/[\p{Cf}\p{M}]/gu, '').toLowerCase();
  const folded = t.replace(/[οоօᴏ0]/g, 'o').replace(/[хχ×]/g, 'x').replace(/[ʀгɍ]/g, 'r');
  return (
    /[\u202A-\u202E\u2066-\u2069]/.test(raw) ||
    /(^|[^\p{L}])rox/u.test(folded) ||
    /(^|\D)365(\D|$)/.test(t) ||
    t.split(' ').some((w) => /\p{sc=Latin}/u.test(w) && /[^\P{L}\p{sc=Latin}]/u.test(w))
  );
}
