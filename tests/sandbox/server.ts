/**
 * The sandbox: one HTTPS server on 127.0.0.1 that impersonates Microsoft's and Rox's hosts. Chromium is
 * started with --host-resolver-rules mapping every host here, so the sandbox also sees (and records) any
 * request for a host it does not serve: that is the privacy check's evidence.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EntraSite } from './entra.js';
import { html, json, parseCookies, type Req } from './http.js';
import { LoginSite } from './login.js';
import { impostorSite, RoxSite, thirdPartySite } from './rox.js';
import { Tenant, type Policy } from './tenant.js';

/** Hosts the sandbox serves, i.e. the only hosts the browser may ask for during tests. */
export const SANDBOX_HOSTS = [
  'login.microsoftonline.com',
  'entra.microsoft.com',
  'portal.azure.com',
  'sandbox-1.reactblade.portal.azure.net',
  'app.rox.com',
  'rox-connect.test',
  'notes.contoso.test',
  // Look-alike hosts: served with a copy of Microsoft's / Rox's pages so tests can prove the extension
  // stays silent there.
  'login.microsoftonline.com.evil.test',
  'app.rox.com.evil.test',
] as const;

const CONTROL_HOSTS = new Set(['127.0.0.1', 'localhost']);

export interface ForeignRequest {
  host: string;
  method: string;
  path: string;
  origin: string;
  referer: string;
  /** The query string ('' when none): what a request would carry to a real host. */
  query: string;
}

export interface Sandbox {
  port: number;
  /** Chromium flag value that maps every host to the sandbox. */
  hostResolverRules: string;
  tenant: Tenant;
  login: LoginSite;
  rox: RoxSite;
  /** Hosts that were asked for but are not the sandbox's (should stay empty). */
  foreignHosts: Set<string>;
  /** The requests behind foreignHosts: who asked (Origin / Referer) tells the browser's own from a page's. */
  foreignRequests: ForeignRequest[];
  /** Every request, "HOST METHOD PATH", for debugging and for tests that check what was sent. */
  log: string[];
  reset(): void;
  close(): Promise<void>;
}

function makeCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'rox-sandbox-'));
  try {
    const san = SANDBOX_HOSTS.map((h) => `DNS:${h}`).join(',') + ',DNS:*.reactblade.portal.azure.net,IP:127.0.0.1';
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=Rox sandbox', '-addext', `subjectAltName=${san}`, '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem')],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(join(dir, 'c.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startSandbox(options: { port?: number; quiet?: boolean } = {}): Promise<Sandbox> {
  const tenant = new Tenant();
  const login = new LoginSite(tenant);
  const rox = new RoxSite(tenant, login);
  const entra = new EntraSite(tenant, login);
  const foreignHosts = new Set<string>();
  const foreignRequests: ForeignRequest[] = [];
  const log: string[] = [];

  const reset = () => {
    tenant.reset();
    login.reset();
    rox.reset();
    entra.reset();
    foreignHosts.clear();
    foreignRequests.length = 0;
    log.length = 0;
  };

  const route = async (r: Req, res: import('node:http').ServerResponse) => {
    const host = r.host;
    if (CONTROL_HOSTS.has(host)) return control(r, res);
    if (host === 'login.microsoftonline.com') return login.handle(r, res);
    if (host === 'entra.microsoft.com' || host === 'portal.azure.com' || /^sandbox-\d+\.reactblade\.portal\.azure\.net$/.test(host)) return entra.handle(r, res);
    if (host === 'app.rox.com') return rox.handle(r, res);
    if (host === 'rox-connect.test') return impostorSite(r, res);
    if (host === 'notes.contoso.test') return thirdPartySite(r, res);
    if (host === 'login.microsoftonline.com.evil.test') return login.handle(r, res);
    if (host === 'app.rox.com.evil.test') return rox.handle(r, res);
    foreignHosts.add(host);
    foreignRequests.push({ host, method: r.method, path: r.url.pathname, origin: String(r.headers.origin ?? ''), referer: String(r.headers.referer ?? ''), query: r.url.search });
    html(res, '<h1>421 Not a sandbox host</h1>', {}, 421);
  };

  const control = (r: Req, res: import('node:http').ServerResponse) => {
    const p = r.url.pathname;
    const body = r.body ? (JSON.parse(r.body) as Record<string, unknown>) : {};
    if (p === '/__sandbox/state') return json(res, { policy: tenant.policy, requests: tenant.requests, grants: tenant.grants, connected: [...rox.connected], foreignHosts: [...foreignHosts] });
    if (r.method !== 'POST') return json(res, { error: 'POST only' }, 405);
    if (p === '/__sandbox/reset') reset();
    else if (p === '/__sandbox/policy') Object.assign(tenant.policy, body as Partial<Policy>);
    else if (p === '/__sandbox/grant') tenant.grant(String(body.clientId), (body.scopes as string[]) ?? [], String(body.by ?? 'adele@fabrikam.com'));
    else if (p === '/__sandbox/deny') tenant.requests.filter((x) => x.status === 'InProgress').forEach((x) => tenant.deny(x.id, 'adele@fabrikam.com', String(body.justification ?? 'denied')));
    else if (p === '/__sandbox/expire') tenant.expire(body.id as string | undefined);
    else if (p === '/__sandbox/request') tenant.request(String(body.clientId), String(body.requester), (body.scopes as string[]) ?? [], String(body.justification ?? ''));
    else return json(res, { error: 'unknown control' }, 404);
    json(res, { ok: true });
  };

  const server: Server = createServer(makeCertificate(), (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.length < 1024 && chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', `https://${host || 'invalid'}`);
      if (!CONTROL_HOSTS.has(host)) log.push(`${host} ${req.method} ${url.pathname}`);
      const r: Req = {
        method: req.method ?? 'GET',
        host,
        url,
        headers: req.headers,
        cookies: parseCookies(req.headers.cookie),
        form: new URLSearchParams(String(req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded') ? body : ''),
        body,
      };
      Promise.resolve(route(r, res)).catch((e: unknown) => {
        if (!options.quiet) console.error('sandbox error', e);
        if (!res.headersSent) html(res, '<h1>500</h1>', {}, 500);
      });
    });
  });
  // Chromium opens several connections at once; keep-alive on loopback is fine.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    hostResolverRules: `MAP * 127.0.0.1:${port}`,
    tenant,
    login,
    rox,
    foreignHosts,
    foreignRequests,
    log,
    reset,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
