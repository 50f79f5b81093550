/**
 * Seed step 6: does the Permissions blade's Admin consent tab show what Rox's integration needs? Pure: rows as
 * read by header (detect/grid.ts) against the catalog. Each expected Microsoft Graph permission is verified
 * (listed, Delegated), listed with another type, or missing; anything listed beyond the integration's set is
 * unexpected. The OpenID scopes may be listed or not.
 */
import { allowedScopes, INTEGRATIONS, normalizeScope, SIGN_IN_PERMISSIONS, type Integration } from '../catalog';

export interface GrantRow {
  api: string;
  claim: string;
  type: string;
}

export interface GrantCheck {
  integration?: Integration['id'];
  verified: string[];
  /** Listed, but not as a Delegated permission (e.g. Application). */
  wrongType: string[];
  missing: string[];
  unexpected: string[];
  /** Everything expected is there, Delegated, and nothing else. */
  done: boolean;
  /**
   * The blade's object id was not seen listed with Rox's application id (Enterprise applications): the
   * ticks stand, "Done" waits until the blade is tied to Rox's app.
   */
  unconfirmed?: boolean;
}

const GRAPH = 'microsoft graph';
const OIDC = new Set(['openid', 'profile', 'email', 'offline_access']);

/** Rows from the grid, by their headers ("API Name", "Claim value", "Type"); others are ignored. */
export const grantRows = (rows: readonly Record<string, string>[]): GrantRow[] =>
  rows.map((r) => ({ api: r['api name'] ?? '', claim: r['claim value'] ?? '', type: r.type ?? '' })).filter((r) => r.claim);

export function checkGrant(rows: readonly GrantRow[], integrationId?: string): GrantCheck {
  const graph = rows.filter((r) => r.api.trim().toLowerCase() === GRAPH);
  const claims = new Set(graph.map((r) => normalizeScope(r.claim)));
  // The integration named, else the one whose own (non sign-in) permissions the grid shows.
  const integration =
    INTEGRATIONS.find((i) => i.id === integrationId) ??
    INTEGRATIONS.find((i) => i.permissions.some((p) => !SIGN_IN_PERMISSIONS.includes(p) && claims.has(normalizeScope(p.scope))));
  if (!integration) return { verified: [], wrongType: [], missing: [], unexpected: graph.map((r) => r.claim), done: false };
  const verified: string[] = [];
  const wrongType: string[] = [];
  const missing: string[] = [];
  // The OpenID scopes (offline_access...) ride along with sign-in; the blade need not list them.
  for (const p of integration.permissions.filter((x) => !OIDC.has(normalizeScope(x.scope)))) {
    const row = graph.find((r) => normalizeScope(r.claim) === normalizeScope(p.scope));
    if (!row) missing.push(p.scope);
    else if (row.type.trim().toLowerCase() !== 'delegated') wrongType.push(p.scope);
    else verified.push(p.scope);
  }
  const allowed = allowedScopes(integration);
  const unexpected = rows.filter((r) => r.api.trim().toLowerCase() !== GRAPH || !allowed.has(normalizeScope(r.claim))).map((r) => r.claim);
  return { integration: integration.id, verified, wrongType, missing, unexpected, done: !missing.length && !wrongType.length && !unexpected.length };
}
