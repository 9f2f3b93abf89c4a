import { readFileSync } from 'node:fs';
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { expect } from 'vitest';
import { loginResponseSchema } from '../../../src-shared/api/sessions.js';
import { demoPassword } from '../../../src-shared/node/demo-directory.js';
import type { Permissions } from '../../../src-shared/permissions.js';

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON (undefined when empty). */
  json: unknown;
}

export interface HttpRequest {
  method?: string;
  headers?: Record<string, string>;
  /** A value is sent as JSON; a string is sent as is. */
  body?: unknown;
  /** Bearer token for the Authorization header. */
  token?: string;
  /** CA file trusted for https:// URLs (and nothing else). */
  caFile?: string;
  /** Source address, so that a test can come from another loopback address (127.0.0.2). */
  localAddress?: string;
}

/**
 * One real HTTP(S) request over a fresh connection. node:http rather than fetch because tests
 * need a per-request trusted CA and source address; no connection is kept alive between calls.
 */
export function request(url: string, options: HttpRequest = {}): Promise<HttpResponse> {
  const target = new URL(url);
  const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const headers: Record<string, string> = {
    ...(typeof options.body === 'string' || options.body === undefined ? {} : { 'content-type': 'application/json' }),
    ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
    ...options.headers,
    ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
  };
  const common = { method: options.method ?? 'GET', headers, agent: false as const, localAddress: options.localAddress };
  return new Promise((resolve, reject) => {
    const onResponse = (response: http.IncomingMessage): void => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json: text === '' ? undefined : (JSON.parse(text) as unknown) });
      });
    };
    const outgoing =
      target.protocol === 'https:'
        ? https.request(target, { ...common, ca: options.caFile === undefined ? undefined : readFileSync(options.caFile), rejectUnauthorized: true }, onResponse)
        : http.request(target, common, onResponse);
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** POST /api/v1/sessions with a user name and password. */
export function postLogin(baseUrl: string, username: string, password: string, options: HttpRequest = {}): Promise<HttpResponse> {
  return request(`${baseUrl}/api/v1/sessions`, { method: 'POST', body: { username, password }, ...options });
}

export interface SignedIn {
  token: string;
  agentId: string;
  permissions: Permissions;
}

/** Signs a demo person in (the login must succeed) and returns the session. */
export async function signIn(url: string, username: string, password: string = demoPassword): Promise<SignedIn> {
  const response = await postLogin(url, username, password);
  expect(response.status, response.text).toBe(201);
  const login = loginResponseSchema.parse(response.json);
  return { token: login.token, agentId: login.agent.id, permissions: login.permissions };
}

/** The session token of a demo person, for tests that need nothing else. */
export async function tokenFor(url: string, username: string, password: string = demoPassword): Promise<string> {
  return (await signIn(url, username, password)).token;
}
