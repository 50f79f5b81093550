/**
 * The admin center at entra.microsoft.com and portal.azure.com (same hash routes), with the Admin consent
 * requests blade rendered inside a cross-origin iframe from sandbox-1.reactblade.portal.azure.net, as the
 * real portal renders React views. Signs admins in through the sandbox's own login host.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { adminLabel } from './graph.js';
import { b64url, cookie, esc, html, json, redirect, send, type Req } from './http.js';
import type { LoginSite } from './login.js';
import { PORTAL_CLIENT_ID, TENANT_ID, type Tenant } from './tenant.js';

const CLIENT_JS = readFileSync(new URL('./entra-client.js', import.meta.url), 'utf8');

const STYLE = `:root{color-scheme:light dark;font-family:"Segoe UI",system-ui,sans-serif}body{margin:0}
header{background:#0f1e3c;color:#fff;padding:8px 16px;display:flex;justify-content:space-between}
nav{float:left;width:200px;padding:16px}main{margin-left:232px;padding:16px}
iframe.reactblade{width:100%;height:640px;border:0}table{border-collapse:collapse}td,th{border-bottom:1px solid #8884;padding:4px 8px;text-align:left}
.grid [role=row]{display:grid;grid-template-columns:2fr 2fr 1fr 1fr 1fr;gap:8px;padding:4px;border-bottom:1px solid #8884}.request-row{cursor:pointer}`;

export class EntraSite {
  /** session id -> upn, per admin center host (cookies are per host). */
  private sessions = new Map<string, string>();
  /** Tokens the shell hands its React blade iframe (no third-party cookies needed). */
  private bladeTokens = new Map<string, string>();

  constructor(
    private tenant: Tenant,
    private login: LoginSite,
  ) {}

  reset(): void {
    this.sessions.clear();
    this.bladeTokens.clear();
  }

  handle(req: Req, res: ServerResponse): void | Promise<void> {
    const path = req.url.pathname;
    if (req.host.endsWith('.reactblade.portal.azure.net')) return this.blade(req, res);
    if (path === '/sandbox/entra-client.js') return send(res, 200, CLIENT_JS, 'text/javascript; charset=utf-8');
    if (path === '/signin') return this.signIn(req, res);
    if (path === '/signin-oidc') return this.signInDone(req, res);
    if (path === '/adminconsent/complete') return this.consentComplete(req, res);
    if (path.startsWith('/api/')) {
      const upn = this.sessions.get(req.cookies.portal_session ?? '');
      const user = this.tenant.user(upn);
      if (!user?.admin) return json(res, { error: 'unauthorized' }, 401);
      return this.api(req, res, user.upn);
    }
    if (path === '/' || path === '/index.html') return this.shell(req, res);
    html(res, '<h1>Not found</h1>', {}, 404);
  }

  private shell(req: Req, res: ServerResponse) {
    const title = req.host === 'portal.azure.com' ? 'Microsoft Azure' : 'Microsoft Entra admin center';
    html(
      res,
      `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><style>${STYLE}</style></head>
<body><header><span>${title}</span><span id="me"></span></header>
<nav aria-label="Navigation"><ul><li><a href="#view/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/~/AppAppsPreview">Enterprise apps</a></li>
<li><a href="#view/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/~/AccessRequests">Admin consent requests</a></li></ul></nav>
<main id="content"></main><script src="/sandbox/entra-client.js"></script></body></html>`,
    );
  }

  private signIn(req: Req, res: ServerResponse) {
    const q = new URLSearchParams({
      client_id: PORTAL_CLIENT_ID,
      response_type: 'code',
      redirect_uri: `https://${req.host}/signin-oidc`,
      scope: 'openid profile',
      state: req.url.searchParams.get('return') ?? '',
      response_mode: 'query',
    });
    redirect(res, `https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?${q}`);
  }

  private signInDone(req: Req, res: ServerResponse) {
    const { status, body } = this.login.redeem(
      new URLSearchParams({ grant_type: 'authorization_code', code: req.url.searchParams.get('code') ?? '', client_id: PORTAL_CLIENT_ID, redirect_uri: `https://${req.host}/signin-oidc` }),
    );
    if (status !== 200) return html(res, `<p>Sign-in failed: ${esc(String(body.error_description))}</p>`, {}, 400);
    const { preferred_username } = JSON.parse(Buffer.from(String(body.id_token).split('.')[1]!, 'base64url').toString()) as { preferred_username: string };
    if (!this.tenant.user(preferred_username)?.admin) return html(res, `<h1>You don't have access</h1><p>${esc(preferred_username)} is not an administrator.</p>`, {}, 403);
    const sid = b64url(randomBytes(16));
    this.sessions.set(sid, preferred_username);
    const back = req.url.searchParams.get('state') || '';
    redirect(res, `/${back.startsWith('#') ? back : ''}`, { 'set-cookie': cookie('portal_session', sid) });
  }

  private consentComplete(req: Req, res: ServerResponse) {
    const ok = req.url.searchParams.get('admin_consent') === 'True';
    html(
      res,
      `<!DOCTYPE html><html lang="en"><body><p>${ok ? 'Permissions granted.' : 'Consent was not granted.'}</p>
<script>try { window.opener && window.opener.postMessage('consent-complete', '*'); } catch (e) {} setTimeout(function () { window.close(); }, 300);</script></body></html>`,
    );
  }

  private requestList(tab: string) {
    const byApp = new Map<string, ReturnType<EntraSite['requestView']>>();
    for (const r of this.tenant.requests) {
      if (tab === 'pending' && r.status !== 'InProgress') continue;
      const key = `${r.clientId}|${r.status}`;
      const view = byApp.get(key) ?? this.requestView(r.clientId, r.id, r.status, r.createdAt);
      view.requesters.push({ upn: r.requester, justification: r.justification, createdAt: r.createdAt });
      view.scopes = [...new Set([...view.scopes, ...r.scopes])];
      byApp.set(key, view);
    }
    return [...byApp.values()];
  }

  private requestView(clientId: string, id: string, status: string, createdAt: number) {
    const app = this.tenant.app(clientId)!;
    return {
      id,
      appId: app.clientId,
      appName: app.name,
      publisher: app.publisher,
      verified: app.verified,
      homepage: `https://${app.publisherDomain}`,
      tenantId: TENANT_ID,
      status,
      createdAt,
      scopes: [] as string[],
      requesters: [] as { upn: string; justification: string; createdAt: number }[],
    };
  }

  private api(req: Req, res: ServerResponse, upn: string) {
    const path = req.url.pathname;
    let m: RegExpMatchArray | null;
    if (path === '/api/me') {
      const token = b64url(randomBytes(16));
      this.bladeTokens.set(token, upn);
      return json(res, { upn, tenantId: TENANT_ID, bladeToken: token });
    }
    if (path === '/api/apps')
      return json(res, this.tenant.apps.filter((a) => !a.firstParty && this.tenant.grants.some((g) => g.clientId === a.clientId)).map((a) => ({ appId: a.clientId, spId: a.spId, name: a.name, publisher: a.publisher })));
    if ((m = path.match(/^\/api\/apps\/([\w-]+)\/permissions$/))) {
      const app = this.tenant.app(m[1]);
      if (!app) return json(res, { error: 'not found' }, 404);
      const rows = (type: 'AllPrincipals' | 'Principal') =>
        this.tenant.grants
          .filter((g) => g.clientId === app.clientId && g.consentType === type)
          .flatMap((g) =>
            g.scopes.map((s) => ({
              api: 'Microsoft Graph',
              claim: s,
              permission: adminLabel(s),
              type: 'Delegated',
              grantedThrough: type === 'AllPrincipals' ? 'Admin consent' : 'User consent',
              grantedBy: type === 'AllPrincipals' ? 'An administrator' : (g.principal ?? ''),
            })),
          );
      return json(res, { appName: app.name, admin: rows('AllPrincipals'), user: rows('Principal') });
    }
    json(res, { error: 'not found' }, 404);
  }

  private blade(req: Req, res: ServerResponse) {
    const path = req.url.pathname;
    if (path === '/blades/access-requests')
      return html(
        res,
        `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Admin consent requests</title><style>${STYLE}</style></head><body><div id="root"><p>Loading…</p></div><script src="/sandbox/entra-client.js"></script></body></html>`,
      );
    if (path === '/sandbox/entra-client.js') return send(res, 200, CLIENT_JS, 'text/javascript; charset=utf-8');
    const upn = this.bladeTokens.get((req.headers.authorization ?? '').replace(/^Bearer /, ''));
    const cors = { 'access-control-allow-origin': String(req.headers.origin ?? '*'), 'access-control-allow-headers': 'authorization, content-type' };
    if (req.method === 'OPTIONS') return send(res, 204, '', 'text/plain', cors);
    if (!upn) return json(res, { error: 'unauthorized' }, 401, cors);
    let m: RegExpMatchArray | null;
    if (path === '/api/requests') return json(res, this.requestList(req.url.searchParams.get('tab') ?? 'pending'), 200, cors);
    if ((m = path.match(/^\/api\/requests\/([\w-]+)\/deny$/)) && req.method === 'POST') {
      const body = JSON.parse(req.body || '{}') as { justification?: string };
      const first = this.tenant.requests.find((r) => r.id === m![1]);
      if (first) for (const r of this.tenant.requests) if (r.clientId === first.clientId && r.status === 'InProgress') this.tenant.deny(r.id, upn, String(body.justification ?? ''));
      return json(res, { ok: !!first }, 200, cors);
    }
    json(res, { error: 'not found' }, 404, cors);
  }
}
