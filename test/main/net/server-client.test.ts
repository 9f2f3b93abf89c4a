import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ServerClient } from '../../../src-main/net/server-client.js';

/** Pages of a feed-like shape, written in small pieces so that an answer arrives in many chunks. */
const page = (count: number, text: string) => ({
  changes: Array.from({ length: count }, (_, index) => ({ seq: index, data: { body: `${text} ${String(index)} "zitiert" \\ ü€😀`.repeat(20) } })),
  cursor: `c${String(count)}`,
  hasMore: count > 0,
});
const pageSchema = z.object({ changes: z.array(z.object({ seq: z.number(), data: z.object({ body: z.string() }) })), cursor: z.string(), hasMore: z.boolean() });

let server: Server;
let client: ServerClient;

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const count = Number(url.searchParams.get('count') ?? '0');
    if (url.pathname === '/refused') {
      response.writeHead(409, { 'content-type': 'application/json' }).end(JSON.stringify({ reason: 'conflict', message: 'schon vergeben' }));
      return;
    }
    const body = Buffer.from(url.pathname === '/huge' ? JSON.stringify({ changes: [], padding: 'x'.repeat(9 * 1024 * 1024) }) : JSON.stringify(page(count, url.searchParams.get('text') ?? 'Seite')));
    response.writeHead(200, { 'content-type': 'application/json' });
    for (let at = 0; at < body.length; at += 7_000) response.write(body.subarray(at, at + 7_000));
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  client = new ServerClient({ url: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}` });
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('ServerClient, answers parsed element by element into a reused buffer (splitArray)', () => {
  it('gives every page whole, larger and smaller ones in turn, and several at once', async () => {
    for (const [count, text] of [[1, 'eins'], [800, 'groß'], [3, 'klein'], [2500, 'größer'], [0, 'leer'], [1200, 'mittel']] as const) {
      const answer = await client.call('GET', `/page?count=${String(count)}&text=${encodeURIComponent(text)}`, pageSchema, { splitArray: 'changes' });
      expect(answer).toEqual({ kind: 'ok', status: 200, value: page(count, text) });
    }
    // Two at once: one receives into the spare buffer, the other into a buffer of its own.
    const [first, second] = await Promise.all([
      client.call('GET', '/page?count=900&text=a', pageSchema, { splitArray: 'changes' }),
      client.call('GET', '/page?count=700&text=b', pageSchema, { splitArray: 'changes' }),
    ]);
    expect(first).toEqual({ kind: 'ok', status: 200, value: page(900, 'a') });
    expect(second).toEqual({ kind: 'ok', status: 200, value: page(700, 'b') });
    // What an answer received earlier holds is not overwritten by a later one.
    const earlier = await client.call('GET', '/page?count=50&text=vorher', pageSchema, { splitArray: 'changes' });
    await client.call('GET', '/page?count=50&text=nachher', pageSchema, { splitArray: 'changes' });
    expect(earlier).toEqual({ kind: 'ok', status: 200, value: page(50, 'vorher') });
  });

  it('reads an error answer as the API error, refuses an answer over the limit, and goes on afterwards', async () => {
    expect(await client.call('GET', '/refused', pageSchema, { splitArray: 'changes' })).toEqual({ kind: 'error', status: 409, error: { reason: 'conflict', message: 'schon vergeben' } });
    const huge = await client.call('GET', '/huge', pageSchema, { splitArray: 'changes' });
    expect(huge.kind).toBe('unreachable');
    expect(await client.call('GET', '/page?count=10&text=danach', pageSchema, { splitArray: 'changes' })).toEqual({ kind: 'ok', status: 200, value: page(10, 'danach') });
  });
});
