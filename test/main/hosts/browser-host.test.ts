import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { EventBus } from '../../../src-main/events.js';
import { startBrowserHost, type BrowserHost } from '../../../src-main/hosts/browser/browser-host.js';
import { silentLogger } from '../../../src-shared/node/log.js';
import { transportTestHandlers } from '../fake-handlers.js';

let host: BrowserHost;
let token: string;
const bus = new EventBus();

beforeAll(async () => {
  const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'kontor-renderer-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Kontor Desk</title>');
  host = await startBrowserHost({ handlers: transportTestHandlers(), bus }, { rendererDir, log: silentLogger });
  token = new URL(host.url).hash.replace('#token=', '');
});
afterAll(() => host.close());

function connect(options: { origin?: string; protocols?: string[] } = {}) {
  return new WebSocket(`ws://127.0.0.1:${host.port}/ipc`, options.protocols ?? ['kontor-ipc', `kontor-token.${token}`], {
    origin: options.origin ?? host.origin,
  });
}

function refusal(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => {
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => resolve(101));
    ws.on('error', () => undefined);
  });
}

function call(ws: WebSocket, frame: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse((data as Buffer).toString('utf8')) as unknown));
    ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  });
}

async function opened(): Promise<WebSocket> {
  const ws = connect();
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return ws;
}

describe('browser host', () => {
  it('serves the renderer with a strict CSP and nosniff, and nothing outside its folder', async () => {
    const index = await fetch(`${host.origin}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await fetch(`${host.origin}/..%2f..%2fetc%2fpasswd`)).status).toBe(404);
  });

  it('answers a contract call over the socket', async () => {
    const ws = await opened();
    expect(await call(ws, { id: 1, channel: 'session.current', args: undefined })).toEqual({ id: 1, result: { ok: true, value: { state: 'signed-out' } } });
    ws.close();
  });

  it('hands a channel that found the cache damaged to the Desk, which makes it afresh', async () => {
    const told: string[] = [];
    const damaged = new Database.SqliteError('database disk image is malformed', 'SQLITE_CORRUPT');
    const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'kontor-renderer-'));
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Kontor Desk</title>');
    const other = await startBrowserHost(
      { handlers: transportTestHandlers({ 'app.info': () => Promise.reject(damaged) }), bus: new EventBus(), cacheDamaged: (message) => told.push(message) },
      { rendererDir, log: silentLogger },
    );
    try {
      const ws = new WebSocket(`ws://127.0.0.1:${String(other.port)}/ipc`, ['kontor-ipc', `kontor-token.${new URL(other.url).hash.replace('#token=', '')}`], { origin: other.origin });
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      expect(await call(ws, { id: 7, channel: 'app.info', args: undefined })).toMatchObject({ id: 7, result: { ok: false, error: { reason: 'cache-damaged' } } });
      expect(told).toEqual(['database disk image is malformed']);
      ws.close();
    } finally {
      await other.close();
    }
  });

  it('refuses a socket without the token, with a wrong token, or from a foreign origin', async () => {
    expect(await refusal(connect({ protocols: ['kontor-ipc'] }))).toBe(403);
    expect(await refusal(connect({ protocols: ['kontor-ipc', `kontor-token.${'0'.repeat(64)}`] }))).toBe(403);
    expect(await refusal(connect({ origin: 'http://evil.example' }))).toBe(403);
    expect(await refusal(connect({ origin: 'http://localhost:1' }))).toBe(403);
    expect(await refusal(connect())).toBe(101);
  });

  it('answers an unknown channel, invalid arguments and a malformed frame with typed errors', async () => {
    const ws = await opened();
    expect(await call(ws, { id: 2, channel: 'shell.exec', args: 'rm -rf /' })).toMatchObject({ id: 2, result: { ok: false, error: { reason: 'unknown-channel' } } });
    expect(await call(ws, { id: 3, channel: 'session.login', args: { username: 1 } })).toMatchObject({ id: 3, result: { ok: false, error: { reason: 'invalid-arguments' } } });
    expect(await call(ws, 'not json')).toMatchObject({ result: { ok: false, error: { reason: 'invalid-arguments' } } });
    ws.close();
  });

  it('pushes service events to connected renderers', async () => {
    const ws = await opened();
    const received = new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse((data as Buffer).toString('utf8')) as unknown)));
    bus.emit('session.changed', { state: 'signed-out' });
    expect(await received).toEqual({ event: 'session.changed', payload: { state: 'signed-out' } });
    ws.close();
  });
});
