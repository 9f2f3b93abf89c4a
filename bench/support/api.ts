import { loginResponseSchema } from '../../src-shared/api/sessions.js';
import { demoPassword } from '../../src-shared/node/demo-directory.js';

export interface ApiResponse {
  status: number;
  json: unknown;
}

/** One JSON request over fetch's keep-alive pool, as a Desk keeps one connection open. */
export async function api(url: string, options: { method?: string; token?: string; body?: unknown } = {}): Promise<ApiResponse> {
  const response = await fetch(url, {
    method: options.method ?? 'GET',
    headers: {
      ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

export interface SignedIn {
  username: string;
  token: string;
  agentId: string;
}

/** Signs a demo agent in (demo directory password). */
export async function signIn(baseUrl: string, username: string): Promise<SignedIn> {
  const response = await api(`${baseUrl}/api/v1/sessions`, { method: 'POST', body: { username, password: demoPassword } });
  if (response.status !== 201) throw new Error(`login of ${username} failed with ${response.status}: ${JSON.stringify(response.json)}`);
  const login = loginResponseSchema.parse(response.json);
  return { username, token: login.token, agentId: login.agent.id };
}
