/** Small HTTP helpers shared by the sandbox's sites. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Req {
  method: string;
  host: string;
  url: URL;
  headers: IncomingMessage['headers'];
  cookies: Record<string, string>;
  form: URLSearchParams;
  body: string;
}

export type Handler = (req: Req, res: ServerResponse) => void | Promise<void>;

export const esc = (s: string | number | undefined | null) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** JSON for an inline <script>: no "</script>" or "<!--" can break out. */
export const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028|\u2029/g, '');

export function send(res: ServerResponse, status: number, body: string, type = 'text/html; charset=utf-8', headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
  res.end(body);
}

export const html = (res: ServerResponse, body: string, headers: Record<string, string> = {}, status = 200) => send(res, status, body, 'text/html; charset=utf-8', headers);
export const json = (res: ServerResponse, v: unknown, status = 200, headers: Record<string, string> = {}) =>
  send(res, status, JSON.stringify(v), 'application/json; charset=utf-8', headers);

export function redirect(res: ServerResponse, location: string, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(302, { location, 'cache-control': 'no-store', ...headers });
  res.end();
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

export const cookie = (name: string, value: string, maxAge?: number) =>
  `${name}=${encodeURIComponent(value)}; Path=/; Secure; HttpOnly; SameSite=None${maxAge !== undefined ? `; Max-Age=${maxAge}` : ''}`;

/** Adds OAuth response parameters to a redirect URI, in the query or the fragment. */
export function withParams(uri: string, params: Record<string, string>, mode: string | null): string {
  const u = new URL(uri);
  const p = new URLSearchParams(params);
  if (mode === 'fragment') u.hash = p.toString();
  else for (const [k, v] of p) u.searchParams.set(k, v);
  return u.toString();
}

export const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');
