/**
 * The simulated Entra tenant behind the sandbox: users, sessions, apps, consent policy, admin consent
 * requests and grants. Plain data plus small, synchronous operations so tests can set state directly.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { registeredApps, type App } from './apps.js';
import type { Markup } from './login-pages.js';

export { IMPOSTOR_CLIENT_ID, PORTAL_CLIENT_ID, THIRD_PARTY_CLIENT_ID, type App } from './apps.js';

export const TENANT_ID = 'b7e1c0de-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
export const TENANT_DOMAINS = ['fabrikam.com', 'fabrikam.onmicrosoft.com'];
export const TENANT_NAME = 'Fabrikam';
export const PASSWORD = 'demo-password';

export interface User {
  upn: string;
  oid: string;
  name: string;
  admin: boolean;
}

export interface Grant {
  clientId: string;
  consentType: 'AllPrincipals' | 'Principal';
  principal?: string;
  scopes: string[];
  grantedBy: string;
  grantedAt: number;
}

export interface ConsentRequest {
  id: string;
  clientId: string;
  requester: string;
  justification: string;
  scopes: string[];
  createdAt: number;
  status: 'InProgress' | 'Completed' | 'Expired';
  reviewResult: 'NotReviewed' | 'Approved' | 'Denied';
  reviewedBy?: string;
  reviewJustification?: string;
}

export interface Policy {
  /** May ordinary users consent to this app themselves? */
  userConsent: boolean;
  /** "Users can request admin consent to apps they are unable to consent to" */
  workflow: boolean;
  expiryDays: number;
  /** Force an AADSTS error page for every non-admin interactive authorize (risky-app variants, 90093...). */
  forceError?: '90093' | '90095' | '900941' | '900981';
  /** How long (ms) the sign-in pages wait before rendering, as Microsoft's pages render late. */
  renderDelayMs: number;
  /**
   * Page variants that follow the real captures (login-pages.ts `Markup`): minified markup, a body hidden
   * until rendered, the captured Approval required layout, no publisher line, $Config app keys on pages
   * other than ConvergedConsent, unknown $Config keys, user-facing permission labels, `<html lang>` form.
   * Unset: the sandbox's default pages.
   */
  markup?: Markup;
  /**
   * When an authorize URL repeats a parameter (client_id, scope, redirect_uri...), which value the sandbox's
   * Microsoft uses: the LAST (default; the worst case for a reader that takes the first, as
   * URLSearchParams.get does), the first, or an error page. Microsoft's behaviour is unknown [S].
   */
  duplicateParams?: 'last' | 'first' | 'error';
  /**
   * After the password, Microsoft's "Stay signed in?" interrupt (`PageID=KmsiInterrupt` [C], the answer posted
   * to /kmsi [I]) before going on. Off by default (the bench turns it on: a page the extension must ignore).
   */
  kmsi?: boolean;
}

export const DEFAULT_POLICY: Policy = { userConsent: false, workflow: true, expiryDays: 30, renderDelayMs: 150 };

/** OpenID scopes every app may ask for without them being API permissions. */
export const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'];

export class Tenant {
  users: User[] = [];
  apps: App[] = [];
  grants: Grant[] = [];
  requests: ConsentRequest[] = [];
  policy: Policy = { ...DEFAULT_POLICY };
  /** session id -> upn, for the login host's cookie and for the admin center's cookie. */
  sessions = new Map<string, string>();

  constructor() {
    this.reset();
  }

  reset(): void {
    this.users = [
      { upn: 'megan@fabrikam.com', oid: '0f1e2d3c-0000-4000-8000-00000000a001', name: 'Megan Bowen', admin: false },
      { upn: 'alex@fabrikam.com', oid: '0f1e2d3c-0000-4000-8000-00000000a002', name: 'Alex Wilber', admin: false },
      { upn: 'adele@fabrikam.com', oid: '0f1e2d3c-0000-4000-8000-00000000a003', name: 'Adele Vance', admin: true },
    ];
    this.apps = registeredApps();
    this.grants = [];
    this.requests = [];
    this.policy = { ...DEFAULT_POLICY };
    this.sessions.clear();
  }

  user(upn: string | undefined | null): User | undefined {
    return upn ? this.users.find((u) => u.upn.toLowerCase() === upn.toLowerCase()) : undefined;
  }

  app(clientId: string | undefined | null): App | undefined {
    return clientId ? this.apps.find((a) => a.clientId.toLowerCase() === clientId.toLowerCase()) : undefined;
  }

  /** `common`, `organizations`, the tenant id or one of its domains. */
  knowsTenant(segment: string): boolean {
    const s = segment.toLowerCase();
    return s === 'common' || s === 'organizations' || s === TENANT_ID || TENANT_DOMAINS.includes(s);
  }

  newSession(upn: string): string {
    const id = randomBytes(16).toString('hex');
    this.sessions.set(id, upn);
    return id;
  }

  /** Scopes that need consent: everything but OpenID scopes (those are covered by any grant). */
  apiScopes(scopes: string[]): string[] {
    return scopes.filter((s) => !OIDC_SCOPES.includes(s.toLowerCase()));
  }

  hasConsent(clientId: string, upn: string, scopes: string[]): boolean {
    const app = this.app(clientId);
    if (app?.firstParty) return true;
    const granted = new Set(
      this.grants
        .filter((g) => g.clientId === clientId && (g.consentType === 'AllPrincipals' || g.principal === upn))
        .flatMap((g) => g.scopes.map((s) => s.toLowerCase())),
    );
    if (granted.size === 0) return false;
    return this.apiScopes(scopes).every((s) => granted.has(s.toLowerCase()));
  }

  grant(clientId: string, scopes: string[], by: string, consentType: Grant['consentType'] = 'AllPrincipals', principal?: string): void {
    const api = this.apiScopes(scopes);
    const existing = this.grants.find((g) => g.clientId === clientId && g.consentType === consentType && g.principal === principal);
    if (existing) existing.scopes = [...new Set([...existing.scopes, ...api])];
    else this.grants.push({ clientId, consentType, principal, scopes: api, grantedBy: by, grantedAt: Date.now() });
    if (consentType === 'AllPrincipals') {
      for (const r of this.requests) {
        if (r.clientId === clientId && r.status === 'InProgress') {
          r.status = 'Completed';
          r.reviewResult = 'Approved';
          r.reviewedBy = by;
        }
      }
    }
  }

  pendingRequest(clientId: string, requester: string): ConsentRequest | undefined {
    this.expireOld();
    return this.requests.find((r) => r.clientId === clientId && r.requester === requester && r.status === 'InProgress');
  }

  /** Microsoft submits only a user's FIRST request for an app; later ones change nothing. */
  request(clientId: string, requester: string, scopes: string[], justification: string): ConsentRequest {
    const pending = this.pendingRequest(clientId, requester);
    if (pending) return pending;
    const r: ConsentRequest = {
      id: randomUUID(),
      clientId,
      requester,
      justification,
      scopes: this.apiScopes(scopes).concat(scopes.filter((s) => OIDC_SCOPES.includes(s.toLowerCase()))),
      createdAt: Date.now(),
      status: 'InProgress',
      reviewResult: 'NotReviewed',
    };
    this.requests.push(r);
    return r;
  }

  deny(id: string, by: string, justification: string): ConsentRequest | undefined {
    const r = this.requests.find((x) => x.id === id);
    if (r && r.status === 'InProgress') Object.assign(r, { status: 'Completed', reviewResult: 'Denied', reviewedBy: by, reviewJustification: justification });
    return r;
  }

  expire(id?: string): void {
    for (const r of this.requests) if (r.status === 'InProgress' && (!id || r.id === id)) r.status = 'Expired';
  }

  private expireOld(): void {
    const limit = this.policy.expiryDays * 86_400_000;
    for (const r of this.requests) if (r.status === 'InProgress' && Date.now() - r.createdAt > limit) r.status = 'Expired';
  }

  revoke(clientId: string): void {
    this.grants = this.grants.filter((g) => g.clientId !== clientId);
  }
}
