/**
 * The stand-in Rox app at https://app.rox.com: an Integrations page with tiles, a scope review, the
 * redirect to Microsoft, and the callback that redeems the code server-side and shows "Connected" or
 * Microsoft's error. What Rox asks for is written in apps.ts (the sandbox's own copy of Rox's facts).
 * Also the impostor site (rox-connect.test), an unrelated app (notes.contoso.test) and the start pages of
 * the adversarial look-alikes (rox-connect.test/apps/<slug>, notes.contoso.test/for-rox).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import {
  ADVERSARIAL_APPS,
  IMPOSTOR,
  IMPOSTOR_SCOPES,
  ROX_CALLBACK as CALLBACK,
  ROX_INTEGRATIONS,
  SANDBOX_ROX_CLIENT_ID,
  THIRD_PARTY,
  THIRD_PARTY_SCOPES,
  authorizeUrl,
  roxIntegration as integrationById,
} from './apps.js';
import { adminLabel } from './graph.js';
import { b64url, cookie, esc, html, redirect, type Req } from './http.js';
import type { LoginSite } from './login.js';
import type { Tenant } from './tenant.js';

const TILES = [
  ...ROX_INTEGRATIONS.map((i) => ({ id: i.id, name: i.name, vendor: 'Microsoft', microsoft: true })),
  { id: 'salesforce', name: 'Salesforce', vendor: 'Salesforce', microsoft: false },
  { id: 'slack', name: 'Slack', vendor: 'Slack', microsoft: false },
];

const STYLE = `:root{color-scheme:light dark;font-family:Inter,system-ui,sans-serif}body{margin:0;padding:32px;background:Canvas;color:CanvasText}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:16px;max-width:960px}
.tile{border:1px solid #8884;border-radius:12px;padding:16px}.tile h2{font-size:18px;margin:0 0 4px}
.status{font-size:13px;margin:8px 0}.connected{color:#107c10}button,.button{font:inherit;padding:6px 14px;border-radius:8px;border:1px solid #8886;background:#5b3df5;color:#fff;text-decoration:none;cursor:pointer}
.error{color:#c50f1f}`;

const layout = (title: string, body: string) =>
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)} · Rox</title><meta name="viewport" content="width=device-width"><style>${STYLE}</style></head>
<body><header><strong>Rox</strong></header><main>${body}</main></body></html>`;

interface Pending {
  integration: string;
  verifier: string;
}

export class RoxSite {
  /** Connections made (integration id -> upn), as Rox would keep them. */
  connected = new Map<string, string>();
  private pending = new Map<string, Pending>();

  constructor(
    private tenant: Tenant,
    private login: LoginSite,
  ) {}

  reset(): void {
    this.connected.clear();
    this.hooks = true;
    this.pending.clear();
  }

  handle(req: Req, res: ServerResponse): void {
    const path = req.url.pathname;
    let m: RegExpMatchArray | null;
    if (path === '/' || path === '/integrations') return this.integrations(res);
    if ((m = path.match(/^\/integrations\/([\w-]+)\/connect$/))) return this.review(res, m[1]!);
    if ((m = path.match(/^\/integrations\/([\w-]+)\/authorize$/))) return this.authorize(req, res, m[1]!);
    if (path === '/integrations/microsoft/callback') return this.callback(req, res);
    if (path === '/favicon.ico') return void res.writeHead(204).end();
    html(res, layout('Not found', '<h1>Not found</h1>'), {}, 404);
  }

  /** Test control: false renders the Integrations page without `data-integration` hooks (Rox's real markup is unknown). */
  hooks = true;

  private integrations(res: ServerResponse) {
    const tiles = TILES.map(
      (t) => `<section class="tile"${this.hooks ? ` data-integration="${t.id}"` : ''} aria-labelledby="t-${t.id}">
  <h2 id="t-${t.id}">${esc(t.name)}</h2><div class="vendor">${esc(t.vendor)}</div>
  <div class="status ${this.connected.has(t.id) ? 'connected' : ''}">${this.connected.has(t.id) ? 'Connected' : 'Not connected'}</div>
  <a class="button connect" href="/integrations/${t.id}/connect">${this.connected.has(t.id) ? 'Reconnect' : 'Connect'}</a>
</section>`,
    ).join('');
    html(res, layout('Integrations', `<h1>Integrations</h1><p>Connect the tools your team uses.</p><div class="tiles">${tiles}</div>`));
  }

  private review(res: ServerResponse, id: string) {
    const integration = integrationById(id);
    if (!integration) {
      const tile = TILES.find((t) => t.id === id);
      if (!tile) return html(res, layout('Not found', '<h1>Not found</h1>'), {}, 404);
      this.connected.set(id, 'demo');
      return redirect(res, '/integrations');
    }
    html(
      res,
      layout(
        `Connect ${integration.name}`,
        `<h1>Connect ${esc(integration.name)}</h1><p>Rox will ask Microsoft for:</p>
<ul class="scopes">${integration.scopes.map((s) => `<li><code>${esc(s)}</code> ${esc(adminLabel(s))}</li>`).join('')}</ul>
<form method="get" action="/integrations/${integration.id}/authorize"><button type="submit" class="connect">Connect</button></form>
<p><a href="/integrations">Back</a></p>`,
      ),
    );
  }

  private authorize(req: Req, res: ServerResponse, id: string) {
    const integration = integrationById(id);
    if (!integration) return redirect(res, '/integrations');
    const state = b64url(randomBytes(16));
    const verifier = b64url(randomBytes(32));
    this.pending.set(state, { integration: id, verifier });
    const q = new URLSearchParams({
      client_id: SANDBOX_ROX_CLIENT_ID,
      response_type: 'code',
      redirect_uri: CALLBACK,
      response_mode: 'query',
      scope: ['openid', 'profile', ...integration.scopes].join(' '),
      state,
      code_challenge: b64url(createHash('sha256').update(verifier).digest()),
      code_challenge_method: 'S256',
    });
    const tenant = req.url.searchParams.get('tenant') ?? 'organizations';
    redirect(res, `https://login.microsoftonline.com/${encodeURIComponent(tenant)}/oauth2/v2.0/authorize?${q}`, {
      'set-cookie': cookie('rox_state', state, 900),
    });
  }

  private callback(req: Req, res: ServerResponse) {
    const q = req.url.searchParams;
    const state = q.get('state') ?? '';
    const pending = this.pending.get(state);
    if (q.get('admin_consent')) {
      return html(res, layout('Admin consent', `<h1>Admin consent granted</h1><p>Your organization approved Rox 365 Integration.</p><p><a href="/integrations">Go to Integrations</a></p>`));
    }
    if (!pending || req.cookies.rox_state !== state) {
      return html(res, layout('Connection failed', `<h1 class="error">Connection failed</h1><p class="error-detail">The sign-in response did not match a connection started here.</p><p><a href="/integrations">Back to Integrations</a></p>`), {}, 400);
    }
    this.pending.delete(state);
    const integration = integrationById(pending.integration)!;
    const error = q.get('error');
    if (error) {
      return html(
        res,
        layout(
          'Connection failed',
          `<h1 class="error" data-integration="${integration.id}">Could not connect ${esc(integration.name)}</h1><p>Microsoft returned <code class="error-code">${esc(error)}</code></p>
<p class="error-detail">${esc(q.get('error_description') ?? '')}</p><p><a href="/integrations">Back to Integrations</a></p>`,
        ),
      );
    }
    const { status, body } = this.login.redeem(
      new URLSearchParams({ grant_type: 'authorization_code', code: q.get('code') ?? '', client_id: SANDBOX_ROX_CLIENT_ID, redirect_uri: CALLBACK, code_verifier: pending.verifier }),
    );
    if (status !== 200) return html(res, layout('Connection failed', `<h1 class="error">Could not connect ${esc(integration.name)}</h1><p class="error-detail">${esc(String(body.error_description))}</p>`));
    const claims = JSON.parse(Buffer.from(String(body.id_token).split('.')[1]!, 'base64url').toString()) as { preferred_username: string };
    this.connected.set(integration.id, claims.preferred_username);
    html(
      res,
      layout(
        'Connected',
        `<h1 class="connected" data-integration="${integration.id}">${esc(integration.name)} is connected</h1><p>Signed in as ${esc(claims.preferred_username)}.</p><p><a href="/integrations">Back to Integrations</a></p>`,
      ),
    );
  }
}

/** A phishing site: a look-alike "Rox 365 Integration" with its own client id and a foreign redirect host. */
export function impostorSite(req: Req, res: ServerResponse): void {
  if (req.url.pathname.startsWith('/apps')) return adversarialSite(req, res);
  if (req.url.pathname === '/callback') return html(res, layout('Thanks', '<h1>Thanks! You can close this tab.</h1>'));
  const url = authorizeUrl(IMPOSTOR, IMPOSTOR_SCOPES, { state: 'x' });
  html(res, layout('Rox connect', `<h1>Reconnect your Rox calendar</h1><p><a class="button connect" href="${esc(url)}">Connect to Rox</a></p>`));
}

/** An unrelated, honest third-party app that also uses Microsoft sign-in. */
export function thirdPartySite(req: Req, res: ServerResponse): void {
  if (req.url.pathname.startsWith('/for-rox')) return adversarialSite(req, res);
  if (req.url.pathname === '/callback') return html(res, layout('Contoso Notes', '<h1>Contoso Notes connected</h1>'));
  const url = authorizeUrl(THIRD_PARTY, THIRD_PARTY_SCOPES, { state: 'y' });
  html(res, layout('Contoso Notes', `<h1>Contoso Notes</h1><p><a class="button connect" href="${esc(url)}">Sign in with Microsoft</a></p>`));
}

/**
 * The adversarial apps' own pages: a start page with a "Connect" link (`a.connect`) to the app's authorize
 * request, and its callback. `https://rox-connect.test/apps/` lists them all.
 */
export function adversarialSite(req: Req, res: ServerResponse): void {
  const here = `https://${req.host}${req.url.pathname.replace(/\/$/, '')}`;
  if (here === 'https://rox-connect.test/apps')
    return html(
      res,
      layout('Apps', `<h1>Apps</h1><ul>${ADVERSARIAL_APPS.map((a) => `<li><a href="${esc(a.startUrl)}">${esc(a.name)}</a> <small>${esc(a.what)}</small></li>`).join('')}</ul>`),
    );
  const app = ADVERSARIAL_APPS.find((a) => a.startUrl === here || a.redirectUris.includes(here));
  if (!app) return html(res, layout('Not found', '<h1>Not found</h1>'), {}, 404);
  if (app.redirectUris.includes(here)) return html(res, layout(app.name, `<h1>Thanks! ${esc(app.name)} is connected. You can close this tab.</h1>`));
  // Also a form that POSTs the same request to the authorize endpoint: the address bar then shows no client id.
  const url = new URL(authorizeUrl(app, app.scopes, { state: app.slug }));
  const fields = [...url.searchParams].map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join('');
  html(
    res,
    layout(
      app.name,
      `<h1>${esc(app.name)}</h1><p>${esc(app.publisher)}</p><p><a class="button connect" href="${esc(url.href)}">Connect with Microsoft</a></p>
<form class="connect-post" method="post" action="${esc(url.origin + url.pathname)}">${fields}<button type="submit">Connect (form)</button></form>`,
    ),
  );
}
