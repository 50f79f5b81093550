/**
 * The admin center at entra.microsoft.com and portal.azure.com (same hash routes, a tenant in the path or
 * after `#@`, a query before `#`), signing admins in through the sandbox's own login host. Each blade comes
 * in the rendering model `tenant.policy.adminRendering` selects (entra-views.ts): 'knockout' (top frame),
 * 'react' (Fluent UI inside an iframe from sandbox-1.reactblade.portal.azure.net), or 'legacy', the
 * sandbox's first admin center (the default for the requests, permissions and apps blades): the requests
 * blade in its own cross-origin iframe, the permissions blade as `table.permissions`.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { b64url, cookie, esc, html, json, redirect, send, type Req } from './http.js';
import type { LoginSite } from './login.js';
import { PORTAL_CLIENT_ID, TENANT_ID, type Tenant } from './tenant.js';
import { bladeView, frameBody, framePage, frameSrc, parseAdminRoute, parseState, permissionRows, renderingFor, routeForView, shellPage, topBlade, type AdminForm } from './entra-views.js';

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
    // A tenant in the path: entra.microsoft.com/fabrikam.onmicrosoft.com/#view/...
    const seg = path.match(/^\/([^/]+)\/?$/);
    if (seg && this.tenant.knowsTenant(decodeURIComponent(seg[1]!))) return this.shell(req, res);
    html(res, '<h1>Not found</h1>', {}, 404);
  }

  private shell(req: Req, res: ServerResponse) {
    html(res, shellPage({ host: req.host, content: null, style: STYLE }));
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
    const to = back.startsWith('#') ? `/${back}` : /^\/(?![/\\])/.test(back) ? back : '/';
    redirect(res, to, { 'set-cookie': cookie('portal_session', sid) });
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
    if (path === '/api/view') return this.view(req, res);
    if ((m = path.match(/^\/api\/requests\/([\w-]+)\/deny$/)) && req.method === 'POST') return json(res, { ok: this.denyAll(m[1]!, upn, req.body) });
    if (path === '/api/apps')
      return json(res, this.tenant.apps.filter((a) => !a.firstParty && this.tenant.grants.some((g) => g.clientId === a.clientId)).map((a) => ({ appId: a.clientId, spId: a.spId, name: a.name, publisher: a.publisher })));
    if ((m = path.match(/^\/api\/apps\/([\w-]+)\/permissions$/))) {
      const app = this.tenant.app(m[1]);
      if (!app) return json(res, { error: 'not found' }, 404);
      return json(res, { appName: app.name, admin: permissionRows(this.tenant, app.clientId, 'admin'), user: permissionRows(this.tenant, app.clientId, 'user') });
    }
    json(res, { error: 'not found' }, 404);
  }

  /** Deny (or Block) every pending request for the app of request `id`. */
  private denyAll(id: string, upn: string, rawBody: string): boolean {
    let body: { justification?: string } = {};
    try {
      body = JSON.parse(rawBody || '{}') as typeof body;
    } catch {
      /* empty */
    }
    const first = this.tenant.requests.find((r) => r.id === id);
    if (first) for (const r of this.tenant.requests) if (r.clientId === first.clientId && r.status === 'InProgress') this.tenant.deny(r.id, upn, String(body.justification ?? ''));
    return !!first;
  }

  /**
   * The top frame's blade for `href` (the page's address) in the form the policy selects: `{legacy}` (the
   * client renders the sandbox's first admin center), `{home}`, or `{form, html, meta}`.
   */
  private view(req: Req, res: ServerResponse) {
    const href = req.url.searchParams.get('href') ?? '';
    const route = parseAdminRoute(href);
    if (!route?.blade) return json(res, { home: true });
    const rendering = renderingFor(this.tenant.policy, route.blade);
    if (rendering === 'legacy') return json(res, { legacy: true, blade: route.blade, params: route.params });
    const form: AdminForm = rendering;
    const origin = `https://${req.host}`;
    const view = bladeView(this.tenant, route, form, parseState(req.url.searchParams.get('state')), { origin });
    if (!view) return json(res, { home: true });
    let src: string | undefined;
    if (form === 'react') {
      const token = b64url(randomBytes(16));
      this.bladeTokens.set(token, this.sessions.get(req.cookies.portal_session ?? '') ?? '');
      src = frameSrc(view, route, origin, token);
    }
    return json(res, { form, blade: view.blade, title: view.title, html: topBlade(view, form, src), meta: form === 'knockout' ? view.meta : {}, churn: form === 'knockout' ? (this.tenant.policy.gridChurn ?? 0) : 0 });
  }

  /** The React view's content, for the iframe's client (bearer token from the frame's hash). */
  private frameView(req: Req, res: ServerResponse, cors: Record<string, string>) {
    const q = req.url.searchParams;
    const params: Record<string, string> = {};
    for (const k of ['objectId', 'appId']) if (q.get(k)) params[k] = q.get(k)!;
    const route = routeForView(q.get('view') ?? '', params);
    const origin = q.get('trustedAuthority') ?? '';
    if (!route?.blade || !/^https:\/\/(entra\.microsoft\.com|portal\.azure\.com)$/.test(origin)) return json(res, { error: 'bad view' }, 400, cors);
    const view = bladeView(this.tenant, route, 'react', parseState(q.get('state')), { origin });
    if (!view) return json(res, { error: 'bad view' }, 400, cors);
    return json(res, { html: frameBody(view), meta: view.meta }, 200, cors);
  }

  private blade(req: Req, res: ServerResponse) {
    const path = req.url.pathname;
    if (path === '/React/Index') return html(res, framePage(null));
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
    if (path === '/api/frame-view') return this.frameView(req, res, cors);
    if (path === '/api/requests') return json(res, this.requestList(req.url.searchParams.get('tab') ?? 'pending'), 200, cors);
    if ((m = path.match(/^\/api\/requests\/([\w-]+)\/deny$/)) && req.method === 'POST') return json(res, { ok: this.denyAll(m[1]!, upn, req.body) }, 200, cors);
    json(res, { error: 'not found' }, 404, cors);
  }
}
