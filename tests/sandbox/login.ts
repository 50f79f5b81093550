/**
 * login.microsoftonline.com as the sandbox plays it: authorize (interactive and prompt=none), sign-in,
 * consent, Approval required / Request sent / Need admin approval, adminconsent, device code entry, token,
 * OpenID metadata, JWKS and instance discovery, enough for @azure/msal-browser to accept it.
 * What is known of the real pages, and what the sandbox assumes: docs/microsoft-pages.md.
 */
import { createHash, generateKeyPairSync, randomBytes, randomUUID, createSign } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { ROX, ROX_INTEGRATIONS, type AdversarialApp } from './apps.js';
import { b64url, cookie, esc, html, json, redirect, withParams, type Req } from './http.js';
import * as P from './login-pages.js';
import { pickLocale, strings } from './strings.js';
import { TENANT_ID, type App, type Tenant, type User, PASSWORD, OIDC_SCOPES } from './tenant.js';

export const LOGIN = 'https://login.microsoftonline.com';
const SESSION_COOKIE = 'ESTSAUTH';

interface AuthorizeParams {
  tenant: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string;
  nonce: string;
  responseMode: string | null;
  codeChallenge: string;
  loginHint: string;
  prompt: string;
}

interface Ctx {
  /** 'device': a device code entered at /common/oauth2/deviceauth (no redirect URI: the device polls). */
  kind: 'authorize' | 'adminconsent' | 'device';
  params: AuthorizeParams;
  mkt: string | null;
  /** Scopes asked for at /adminconsent (all of the app's configured permissions when absent). */
}

interface CodeGrant {
  params: AuthorizeParams;
  upn: string;
  expires: number;
}

interface DeviceCode {
  clientId: string;
  scopes: string[];
  expires: number;
}

/** Parameters whose repetition the sandbox resolves by policy (the others: first value). */
const GUARDED_PARAMS = ['client_id', 'scope', 'redirect_uri'];

/**
 * An authorize request's parameters as the sandbox's Microsoft reads them: names case-insensitively
 * (ESTS is an ASP.NET service, whose query collections ignore case [I]); a repeated name yields the value
 * `duplicates` picks [S].
 */
function queryReader(q: URLSearchParams, duplicates: 'last' | 'first' | 'error') {
  const all = new Map<string, string[]>();
  for (const [k, v] of q) {
    const name = k.toLowerCase();
    all.set(name, [...(all.get(name) ?? []), v]);
  }
  const duplicated = GUARDED_PARAMS.filter((n) => (all.get(n)?.length ?? 0) > 1);
  return {
    duplicated: duplicates === 'error' ? duplicated : [],
    get(name: string): string | null {
      const list = all.get(name);
      if (!list?.length) return null;
      return GUARDED_PARAMS.includes(name) && duplicates === 'last' ? list[list.length - 1]! : list[0]!;
    },
  };
}

/** The tenant path segment, percent-decoded when it can be (a malformed escape stays as it is). */
function tenantSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export class LoginSite {
  private ctxs = new Map<string, Ctx>();
  private codes = new Map<string, CodeGrant>();
  /** Device codes by user code (upper case, no dashes). */
  private deviceCodes = new Map<string, DeviceCode>();
  private key = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private kid = randomUUID();

  /** Every authorize request with prompt=none (the approval check), as the sandbox saw it. */
  silentRequests: { clientId: string; loginHint: string; scopes: string[]; responseMode: string; answer: string }[] = [];
  /** Every token request: which app redeemed a code (the approval check never does). */
  tokenRequests: { clientId: string; grantType: string; redirectUri: string }[] = [];
  /** Test control: the next silent requests get no answer for this long (ms), as a slow Microsoft. */
  silentDelayMs = 0;
  /** Test control: silent requests get their connection dropped, as an unreachable Microsoft. */
  silentDrop = false;

  constructor(private tenant: Tenant) {}

  reset(): void {
    this.ctxs.clear();
    this.codes.clear();
    this.deviceCodes.clear();
    this.silentRequests = [];
    this.tokenRequests = [];
    this.silentDelayMs = 0;
    this.silentDrop = false;
  }

  /**
   * Starts a device code flow for an app, as a device would (POST /{tenant}/oauth2/v2.0/devicecode): the
   * user code to enter at https://login.microsoftonline.com/common/oauth2/deviceauth.
   */
  issueDeviceCode(clientId: string, scopes: string[]): string {
    const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
    const bytes = randomBytes(9);
    const code = Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
    this.deviceCodes.set(code, { clientId, scopes, expires: Date.now() + 900_000 });
    return code;
  }

  async handle(req: Req, res: ServerResponse): Promise<void> {
    const path = req.url.pathname;
    let m: RegExpMatchArray | null;
    if (req.method === 'OPTIONS') return this.cors(req, res, 204, '');
    if (path === '/common/discovery/instance') return this.discovery(req, res);
    if ((m = path.match(/^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/))) return this.metadata(req, res, m[1]!);
    if ((m = path.match(/^\/([^/]+)\/discovery\/v2\.0\/keys$/))) return this.cors(req, res, 200, this.jwks());
    if ((m = path.match(/^\/([^/]+)\/oauth2\/v2\.0\/authorize$/))) return this.authorize(req, res, m[1]!);
    if ((m = path.match(/^\/([^/]+)\/oauth2\/v2\.0\/token$/)) && req.method === 'POST') return this.token(req, res);
    if ((m = path.match(/^\/([^/]+)\/oauth2\/v2\.0\/devicecode$/)) && req.method === 'POST') return this.deviceCodeEndpoint(req, res);
    if (/^\/common\/oauth2\/deviceauth$/i.test(path)) return this.deviceAuth(req, res);
    if ((m = path.match(/^\/([^/]+)\/oauth2\/v2\.0\/logout$/))) return this.logout(req, res);
    if ((m = path.match(/^\/([^/]+)\/(?:v2\.0\/)?adminconsent$/))) return this.adminConsent(req, res, m[1]!);
    if (path === '/common/login' && req.method === 'POST') return this.login(req, res);
    if (path === '/common/reprocess') return this.reprocess(req, res);
    if (path === '/kmsi' && req.method === 'POST') return redirect(res, `/common/reprocess?ctx=${encodeURIComponent(req.form.get('ctx') ?? '')}`);
    if (path === '/common/Consent/Set' && req.method === 'POST') return this.consentSet(req, res);
    if (path === '/common/consent/request' && req.method === 'POST') return this.requestApproval(req, res);
    if (path === '/favicon.ico') return void res.writeHead(204).end();
    return html(res, '<h1>404</h1>', {}, 404);
  }

  // ---- helpers ---------------------------------------------------------------------------------------

  private locale(req: Req, ctx?: Ctx) {
    return pickLocale(req.headers['accept-language'], ctx?.mkt ?? req.url.searchParams.get('mkt'));
  }

  private sessionUser(req: Req): User | undefined {
    const id = req.cookies[SESSION_COOKIE];
    return id ? this.tenant.user(this.tenant.sessions.get(id)) : undefined;
  }

  private newCtx(ctx: Ctx): string {
    const id = b64url(randomBytes(18));
    this.ctxs.set(id, ctx);
    return id;
  }

  private get markup(): P.Markup {
    return this.tenant.policy.markup ?? {};
  }

  /** Renders a page: the sign-in page's own config, or a screen (body, `$Config`, PageID) from login-pages.ts. */
  private render(res: ServerResponse, req: Req, ctx: Ctx | undefined, body: string, config: Record<string, unknown>, pageId?: 'ConvergedConsent' | 'KmsiInterrupt') {
    html(res, P.page({ locale: this.locale(req, ctx), delay: this.tenant.policy.renderDelayMs, pageId, body, config: this.config(config), markup: this.markup }));
  }

  private config(extra: Record<string, unknown>) {
    return { sFT: b64url(randomBytes(24)), canary: b64url(randomBytes(24)), urlPost: '/common/login', iMaxStackForKnockoutAsyncComponents: 10000, ...extra };
  }

  private show(res: ServerResponse, req: Req, id: string, ctx: Ctx, user: User, kind: P.Screen, extra: Partial<P.ScreenFacts> = {}) {
    const app = this.tenant.app(ctx.params.clientId)!;
    const s = P.screen(kind, { locale: this.locale(req, ctx), ctx: id, upn: user.upn, app, scopes: ctx.params.scopes, markup: this.markup, ...extra });
    this.render(res, req, ctx, s.body, s.config, s.pageId);
  }

  private cors(req: Req, res: ServerResponse, status: number, body: string) {
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'access-control-allow-origin': req.headers.origin ?? '*',
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': 'content-type, client-request-id, return-client-request-id, x-client-sku, x-client-ver, x-client-os, x-client-cpu, x-client-current-telemetry, x-client-last-telemetry, x-ms-lib-capability',
      'access-control-max-age': '600',
      'cache-control': 'no-store',
    });
    res.end(body);
  }

  private errorRedirect(res: ServerResponse, p: AuthorizeParams, error: string, description: string, extra: Record<string, string> = {}) {
    if (!p.redirectUri) return this.deviceEnd(res, p, false);
    const params: Record<string, string> = { error, error_description: description, ...extra };
    if (p.state) params.state = p.state;
    redirect(res, withParams(p.redirectUri, params, p.responseMode));
  }

  private codeRedirect(res: ServerResponse, p: AuthorizeParams, upn: string) {
    if (!p.redirectUri) return this.deviceEnd(res, p, true);
    const code = b64url(randomBytes(32));
    this.codes.set(code, { params: p, upn, expires: Date.now() + 600_000 });
    const params: Record<string, string> = { code, client_info: this.clientInfo(this.tenant.user(upn)!) };
    if (p.state) params.state = p.state;
    params.session_state = randomUUID();
    redirect(res, withParams(p.redirectUri, params, p.responseMode));
  }

  private clientInfo(u: User) {
    return b64url(JSON.stringify({ uid: u.oid, utid: TENANT_ID }));
  }

  private trace() {
    return `\r\nTrace ID: ${randomUUID()}\r\nCorrelation ID: ${randomUUID()}\r\nTimestamp: ${new Date().toISOString().replace('T', ' ').slice(0, 19)}Z`;
  }

  // ---- authorize -------------------------------------------------------------------------------------

  private async authorize(req: Req, res: ServerResponse, rawTenant: string) {
    const tenantSeg = tenantSegment(rawTenant);
    // The request may also come as a form POST to the authorize endpoint (OpenID Connect allows it [I]): then
    // its URL carries no parameters at all.
    const source = req.method === 'POST' ? req.form : req.url.searchParams;
    const q = queryReader(source, this.tenant.policy.duplicateParams ?? 'last');
    if (q.duplicated.length)
      return html(res, `<p>AADSTS90023: Invalid request. The parameter '${esc(q.duplicated[0])}' is given more than once.</p>`, {}, 400);
    if (!this.tenant.knowsTenant(tenantSeg)) return html(res, `<p>AADSTS90002: Tenant '${tenantSeg.replace(/[^\w.-]/g, '')}' not found.</p>`, {}, 400);
    const app = this.tenant.app(q.get('client_id'));
    if (!app) return html(res, `<p>AADSTS700016: Application not found in the directory.</p>`, {}, 400);
    const redirectUri = q.get('redirect_uri') ?? app.redirectUris[0]!;
    if (!app.redirectUris.includes(redirectUri))
      return html(res, `<p>AADSTS50011: The redirect URI specified in the request does not match the redirect URIs configured for the application.</p>`, {}, 400);
    const p: AuthorizeParams = {
      tenant: tenantSeg,
      clientId: app.clientId,
      redirectUri,
      scopes: (q.get('scope') ?? 'openid').split(/\s+/).filter(Boolean),
      state: q.get('state') ?? '',
      nonce: q.get('nonce') ?? '',
      responseMode: q.get('response_mode'),
      codeChallenge: q.get('code_challenge') ?? '',
      loginHint: q.get('login_hint') ?? '',
      prompt: q.get('prompt') ?? '',
    };
    const user = this.sessionUser(req);
    const ctx: Ctx = { kind: 'authorize', params: p, mkt: q.get('mkt') };
    if (p.prompt === 'none') {
      const answer = !user || (p.loginHint && p.loginHint.toLowerCase() !== user.upn) ? 'login_required' : this.tenant.hasConsent(app.clientId, user.upn, p.scopes) ? 'code' : 'consent_required';
      this.silentRequests.push({ clientId: app.clientId, loginHint: p.loginHint, scopes: p.scopes, responseMode: p.responseMode ?? '', answer });
      // A slow or unreachable Microsoft (test control): no answer for a while.
      if (this.silentDelayMs) await new Promise((r) => setTimeout(r, this.silentDelayMs));
      if (this.silentDrop) return void res.socket?.destroy();
      if (answer === 'login_required')
        return this.errorRedirect(res, p, 'login_required', `AADSTS50058: A silent sign-in request was sent but no user is signed in.${this.trace()}`);
      if (answer === 'consent_required')
        return this.errorRedirect(
          res,
          p,
          'consent_required',
          `AADSTS65001: The user or administrator has not consented to use the application with ID '${app.clientId}' named '${app.name}'. Send an interactive authorization request for this user and resource.${this.trace()}`,
          { error_codes: '[65001]' } as Record<string, string>,
        );
      return this.codeRedirect(res, p, user!.upn);
    }
    const id = this.newCtx(ctx);
    if (!user || p.prompt === 'login' || p.prompt === 'select_account' || (p.loginHint && p.loginHint.toLowerCase() !== user.upn))
      return this.signInPage(req, res, id, ctx, null);
    return this.decide(req, res, id, ctx, user);
  }

  private signInPage(req: Req, res: ServerResponse, id: string, ctx: Ctx, error: string | null) {
    this.render(res, req, ctx, P.signInBody(this.locale(req, ctx), id, ctx.params.loginHint, error), { sCtx: id, urlPost: '/common/login' });
  }

  /** What the user sees once signed in, by tenant policy. Rendered at whatever URL we are on. */
  private decide(req: Req, res: ServerResponse, id: string, ctx: Ctx, user: User) {
    const { params: p } = ctx;
    const policy = this.tenant.policy;
    const show = (kind: P.Screen, extra: Partial<P.ScreenFacts> = {}) => this.show(res, req, id, ctx, user, kind, extra);
    if (ctx.kind === 'adminconsent') return show(user.admin ? 'consent-admin-org' : 'need-admin-approval');
    if (this.tenant.hasConsent(p.clientId, user.upn, p.scopes)) return this.codeRedirect(res, p, user.upn);
    if (user.admin) return show('consent-admin');
    if (policy.forceError) return show('error', { errorCode: policy.forceError });
    if (policy.userConsent && this.tenant.app(p.clientId)!.verified) return show('consent-user');
    return show(policy.workflow ? 'approval-required' : 'need-admin-approval');
  }

  // ---- device code -----------------------------------------------------------------------------------

  /** POST /{tenant}/oauth2/v2.0/devicecode, as a device asks for a code (the token polling is not played). */
  private deviceCodeEndpoint(req: Req, res: ServerResponse) {
    const app = this.tenant.app(req.form.get('client_id'));
    if (!app) return this.cors(req, res, 400, JSON.stringify({ error: 'invalid_client', error_description: 'AADSTS700016: Application not found in the directory.' }));
    const userCode = this.issueDeviceCode(app.clientId, (req.form.get('scope') ?? 'openid').split(/\s+/).filter(Boolean));
    this.cors(
      req,
      res,
      200,
      JSON.stringify({
        user_code: userCode,
        device_code: b64url(randomBytes(32)),
        verification_uri: 'https://microsoft.com/devicelogin',
        expires_in: 900,
        interval: 5,
        message: `To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code ${userCode} to authenticate.`,
      }),
    );
  }

  /**
   * /common/oauth2/deviceauth: the code entry page (GET) and the code (POST). A valid code continues as
   * that app's sign-in: the sign-in page, or /common/reprocess?ctx=... when signed in [S].
   */
  private deviceAuth(req: Req, res: ServerResponse) {
    const locale = this.locale(req);
    const show = (error: string | null) => html(res, P.page({ locale, delay: this.tenant.policy.renderDelayMs, body: P.deviceCodeBody(locale, error), config: this.config({ urlPost: '/common/oauth2/deviceauth' }), markup: this.markup }));
    if (req.method !== 'POST') return show(null);
    const otc = (req.form.get('otc') ?? '').replace(/[\s-]/g, '').toUpperCase();
    const device = this.deviceCodes.get(otc);
    if (!device || device.expires < Date.now()) return show(strings(locale).codeInvalid);
    this.deviceCodes.delete(otc);
    const ctx: Ctx = {
      kind: 'device',
      mkt: req.url.searchParams.get('mkt'),
      params: { tenant: 'organizations', clientId: device.clientId, redirectUri: '', scopes: device.scopes, state: '', nonce: '', responseMode: null, codeChallenge: '', loginHint: '', prompt: '' },
    };
    const id = this.newCtx(ctx);
    if (!this.sessionUser(req)) return this.signInPage(req, res, id, ctx, null);
    redirect(res, `/common/reprocess?ctx=${encodeURIComponent(id)}`);
  }

  /** The device flow's end: the device gets its answer by polling, the browser a closing page. */
  private deviceEnd(res: ServerResponse, p: AuthorizeParams, ok: boolean) {
    const app = this.tenant.app(p.clientId)!;
    html(res, P.page({ locale: 'en-US', delay: 0, body: P.deviceDoneBody('en-US', app, ok), config: this.config({}), rendered: true }));
  }

  // ---- forms -----------------------------------------------------------------------------------------

  private login(req: Req, res: ServerResponse) {
    const id = req.form.get('ctx') ?? '';
    const ctx = this.ctxs.get(id);
    if (!ctx) return html(res, '<p>AADSTS90100: ctx parameter is empty or not valid.</p>', {}, 400);
    const user = this.tenant.user(req.form.get('loginfmt'));
    if (!user || req.form.get('passwd') !== PASSWORD)
      return this.signInPage(req, res, id, ctx, 'Your account or password is incorrect.');
    const session = this.tenant.newSession(user.upn);
    ctx.params.loginHint = user.upn;
    if (this.tenant.policy.kmsi)
      return html(res, P.page({ locale: this.locale(req, ctx), delay: this.tenant.policy.renderDelayMs, pageId: 'KmsiInterrupt', body: P.kmsiBody(this.locale(req, ctx), id, user.upn), config: this.config({ sCtx: id, urlPost: '/kmsi' }), markup: this.markup }), {
        'set-cookie': cookie(SESSION_COOKIE, session),
      });
    // Microsoft continues at /common/reprocess?ctx=... after an interactive sign-in: the URL no longer
    // carries client_id or scope (seen on the Need admin approval page).
    redirect(res, `/common/reprocess?ctx=${encodeURIComponent(id)}`, { 'set-cookie': cookie(SESSION_COOKIE, session) });
  }

  private reprocess(req: Req, res: ServerResponse) {
    const id = req.url.searchParams.get('ctx') ?? '';
    const ctx = this.ctxs.get(id);
    if (!ctx) return html(res, '<p>AADSTS90100: ctx parameter is empty or not valid.</p>', {}, 400);
    const user = this.sessionUser(req);
    if (req.url.searchParams.get('back'))
      return this.errorRedirect(res, ctx.params, 'access_denied', `AADSTS65004: User declined to consent to access the app.${this.trace()}`, { error_subcode: 'cancel' });
    if (req.url.searchParams.get('switch') || !user) return this.signInPage(req, res, id, ctx, null);
    if (req.url.searchParams.get('sent')) return this.show(res, req, id, ctx, user, 'request-sent');
    return this.decide(req, res, id, ctx, user);
  }

  private consentSet(req: Req, res: ServerResponse) {
    const id = req.form.get('ctx') ?? '';
    const ctx = this.ctxs.get(id);
    const user = this.sessionUser(req);
    if (!ctx || !user) return html(res, '<p>AADSTS90100: ctx parameter is empty or not valid.</p>', {}, 400);
    const p = ctx.params;
    if (!req.form.has('accept'))
      return this.errorRedirect(res, p, 'access_denied', `AADSTS65004: User declined to consent to access the app.${this.trace()}`, { error_subcode: 'cancel' });
    if (ctx.kind === 'adminconsent') {
      if (!user.admin) return html(res, '<p>AADSTS90093</p>', {}, 403);
      this.tenant.grant(p.clientId, p.scopes, user.upn, 'AllPrincipals');
      return redirect(res, withParams(p.redirectUri, { admin_consent: 'True', tenant: TENANT_ID, state: p.state, scope: p.scopes.join(' ') }, null));
    }
    if (req.form.get('ConsentOnBehalf') === 'true' && user.admin) this.tenant.grant(p.clientId, p.scopes, user.upn, 'AllPrincipals');
    else if (user.admin || this.tenant.policy.userConsent) this.tenant.grant(p.clientId, p.scopes, user.upn, 'Principal', user.upn);
    else return html(res, '<p>AADSTS90093</p>', {}, 403);
    return this.codeRedirect(res, p, user.upn);
  }

  private requestApproval(req: Req, res: ServerResponse) {
    const id = req.form.get('ctx') ?? '';
    const ctx = this.ctxs.get(id);
    const user = this.sessionUser(req);
    if (!ctx || !user) return html(res, '<p>AADSTS90100: ctx parameter is empty or not valid.</p>', {}, 400);
    const justification = (req.form.get('justification') ?? '').trim();
    if (!justification) return this.show(res, req, id, ctx, user, 'approval-required', { error: 'Please enter a justification.' });
    // The unknown real limit is not enforced beyond a generous cap [I].
    this.tenant.request(ctx.params.clientId, user.upn, ctx.params.scopes, justification.slice(0, 1000));
    redirect(res, `/common/reprocess?ctx=${encodeURIComponent(id)}&sent=1`);
  }

  private adminConsent(req: Req, res: ServerResponse, rawTenant: string) {
    const tenantSeg = tenantSegment(rawTenant);
    const q = queryReader(req.url.searchParams, this.tenant.policy.duplicateParams ?? 'last');
    if (q.duplicated.length)
      return html(res, `<p>AADSTS90023: Invalid request. The parameter '${esc(q.duplicated[0])}' is given more than once.</p>`, {}, 400);
    const app = this.tenant.app(q.get('client_id'));
    if (!app || !this.tenant.knowsTenant(tenantSeg)) return html(res, '<p>AADSTS700016: Application not found in the directory.</p>', {}, 400);
    const redirectUri = q.get('redirect_uri') ?? app.redirectUris[0]!;
    // The admin center's own "Review permissions and consent" completes on its own origin [I].
    const portalReturn = /^https:\/\/(entra\.microsoft\.com|portal\.azure\.com)\/adminconsent\/complete$/.test(redirectUri);
    if (!app.redirectUris.includes(redirectUri) && !portalReturn)
      return html(res, `<p>AADSTS50011: The redirect URI specified in the request does not match.</p>`, {}, 400);
    // The app's configured permissions: Rox's integrations' scopes; an adversarial app's own scopes.
    const configured = app.clientId === ROX.clientId ? [...new Set(ROX_INTEGRATIONS.flatMap((i) => i.scopes))] : ((app as Partial<AdversarialApp>).scopes ?? OIDC_SCOPES);
    const scopes = (q.get('scope') ?? '').split(/\s+/).filter(Boolean);
    const ctx: Ctx = {
      kind: 'adminconsent',
      mkt: q.get('mkt'),
      params: { tenant: tenantSeg, clientId: app.clientId, redirectUri, scopes: scopes.length ? scopes : configured, state: q.get('state') ?? '', nonce: '', responseMode: null, codeChallenge: '', loginHint: '', prompt: '' },
    };
    const id = this.newCtx(ctx);
    const user = this.sessionUser(req);
    if (!user) return this.signInPage(req, res, id, ctx, null);
    return this.decide(req, res, id, ctx, user);
  }

  private logout(req: Req, res: ServerResponse) {
    const id = req.cookies[SESSION_COOKIE];
    if (id) this.tenant.sessions.delete(id);
    const back = req.url.searchParams.get('post_logout_redirect_uri');
    const headers = { 'set-cookie': cookie(SESSION_COOKIE, '', 0) };
    if (back) return redirect(res, back, headers);
    html(res, '<p>You signed out of your account.</p>', headers);
  }

  // ---- token and metadata ----------------------------------------------------------------------------

  /** Redeems a code for the sandbox's Rox app server (in-process) or an HTTP client such as MSAL. */
  redeem(form: URLSearchParams): { status: number; body: Record<string, unknown> } {
    this.tokenRequests.push({ clientId: form.get('client_id') ?? '', grantType: form.get('grant_type') ?? '', redirectUri: form.get('redirect_uri') ?? '' });
    const bad = (error: string, d: string) => ({ status: 400, body: { error, error_description: d, error_codes: [Number(d.slice(6, 11)) || 0] } });
    if (form.get('grant_type') !== 'authorization_code') return bad('unsupported_grant_type', 'AADSTS70003: grant type not supported by the sandbox.');
    const code = form.get('code') ?? '';
    const grant = this.codes.get(code);
    this.codes.delete(code);
    if (!grant || grant.expires < Date.now()) return bad('invalid_grant', 'AADSTS70008: The provided authorization code or refresh token has expired.');
    const p = grant.params;
    if (form.get('client_id') !== p.clientId) return bad('invalid_client', 'AADSTS700016: client_id does not match the code.');
    if (form.get('redirect_uri') !== p.redirectUri) return bad('invalid_grant', 'AADSTS50148: redirect_uri does not match.');
    if (p.codeChallenge) {
      const verifier = form.get('code_verifier') ?? '';
      if (b64url(createHash('sha256').update(verifier).digest()) !== p.codeChallenge)
        return bad('invalid_grant', 'AADSTS501481: The Code_Verifier does not match the code_challenge supplied in the authorization request.');
    }
    const user = this.tenant.user(grant.upn)!;
    const now = Math.floor(Date.now() / 1000);
    const idToken = this.jwt({
      aud: p.clientId,
      iss: `${LOGIN}/${TENANT_ID}/v2.0`,
      iat: now,
      nbf: now,
      exp: now + 3600,
      name: user.name,
      nonce: p.nonce || undefined,
      oid: user.oid,
      preferred_username: user.upn,
      sub: b64url(createHash('sha256').update(user.oid + p.clientId).digest()).slice(0, 43),
      tid: TENANT_ID,
      ver: '2.0',
    });
    const api = p.scopes.filter((s) => !['openid', 'profile', 'email', 'offline_access'].includes(s.toLowerCase()));
    return {
      status: 200,
      body: {
        token_type: 'Bearer',
        scope: (api.length ? api : ['User.Read']).map((s) => (s.includes('/') ? s : s)).join(' '),
        expires_in: 3600,
        ext_expires_in: 3600,
        access_token: this.jwt({ aud: '00000003-0000-0000-c000-000000000000', iss: `https://sts.windows.net/${TENANT_ID}/`, iat: now, exp: now + 3600, scp: api.join(' '), tid: TENANT_ID, oid: user.oid, upn: user.upn, appid: p.clientId }),
        ...(p.scopes.some((s) => s.toLowerCase() === 'offline_access') ? { refresh_token: b64url(randomBytes(48)) } : {}),
        id_token: idToken,
        client_info: this.clientInfo(user),
      },
    };
  }

  private token(req: Req, res: ServerResponse) {
    const { status, body } = this.redeem(req.form);
    this.cors(req, res, status, JSON.stringify(body));
  }

  private jwt(claims: Record<string, unknown>): string {
    const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid: this.kid }));
    const payload = b64url(JSON.stringify(claims));
    const sig = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(this.key.privateKey);
    return `${header}.${payload}.${b64url(sig)}`;
  }

  private jwks(): string {
    const jwk = this.key.publicKey.export({ format: 'jwk' });
    return JSON.stringify({ keys: [{ kty: 'RSA', use: 'sig', kid: this.kid, n: jwk.n, e: jwk.e }] });
  }

  private metadata(req: Req, res: ServerResponse, tenantSeg: string) {
    const t = tenantSeg === 'common' || tenantSeg === 'organizations' ? tenantSeg : TENANT_ID;
    const iss = t === TENANT_ID ? TENANT_ID : '{tenantid}';
    this.cors(
      req,
      res,
      200,
      JSON.stringify({
        token_endpoint: `${LOGIN}/${t}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        jwks_uri: `${LOGIN}/${t}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        issuer: `${LOGIN}/${iss}/v2.0`,
        request_uri_parameter_supported: false,
        userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
        authorization_endpoint: `${LOGIN}/${t}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${LOGIN}/${t}/oauth2/v2.0/devicecode`,
        http_logout_supported: true,
        frontchannel_logout_supported: true,
        end_session_endpoint: `${LOGIN}/${t}/oauth2/v2.0/logout`,
        claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email'],
        kerberos_endpoint: `${LOGIN}/${t}/kerberos`,
        tenant_region_scope: 'EU',
        cloud_instance_name: 'microsoftonline.com',
        cloud_graph_host_name: 'graph.windows.net',
        msgraph_host: 'graph.microsoft.com',
        rbac_url: 'https://pas.windows.net',
      }),
    );
  }

  private discovery(req: Req, res: ServerResponse) {
    this.cors(
      req,
      res,
      200,
      JSON.stringify({
        tenant_discovery_endpoint: `${LOGIN}/common/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [
          { preferred_network: 'login.microsoftonline.com', preferred_cache: 'login.windows.net', aliases: ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net'] },
        ],
      }),
    );
  }
}

export type { App };
