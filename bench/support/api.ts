import http from 'node:http';
import { loginResponseSchema } from '../../src-shared/api/sessions.js';
import { demoPassword } from '../../src-shared/node/demo-directory.js';

export interface ApiResponse {
  status: number;
  json: unknown;
}

const keepAlive = new http.Agent({ keepAlive: true });

/**
 * One JSON request over a keep-alive connection, as a Desk keeps one connection open. Plain
 * node:http rather than fetch: the benchmark's clients share the 2 cores with the server, and
 * fetch costs about twice the CPU per request.
 */
export function api(url: string, options: { method?: string; token?: string; body?: unknown } = {}): Promise<ApiResponse> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: options.method ?? 'GET',
        agent: keepAlive,
        headers: {
          ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
          ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.once('error', reject);
        response.once('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: response.statusCode ?? 0, json: text === '' ? undefined : (JSON.parse(text) as unknown) });
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
      },
    );
    request.once('error', reject);
    request.end(body);
  });
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
