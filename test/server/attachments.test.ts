import { createHash, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerOnFreshDatabase, type ServerOnTestDatabase } from '../harness/kontor-server.js';
import { articleInput, createTicket, downloadAttachment, expectApplied, inspect, send, signIn, testQueues, type Download, type SignedIn } from './mutations/support.js';
import { request } from './support/http.js';

let server: ServerOnTestDatabase;
let db: pg.Pool;
let sobrien: SignedIn;
let lweber: SignedIn;
let kraus: SignedIn;

const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const html = Buffer.from('<html><script>alert(1)</script></html>');
const pdf = Buffer.from('%PDF-1.4 Überweisung');
const ids = { png: randomUUID(), html: randomUUID(), pdf: randomUUID(), settlement: randomUUID() };

const upload = (id: string, filename: string, contentType: string, content: Buffer): Record<string, unknown> => ({ id, filename, contentType, contentBase64: content.toString('base64') });

beforeAll(async () => {
  // testRoles: custody rw for sobrien; settlement rw for lweber; the contractor ro on settlement and itops only.
  server = await startServerOnFreshDatabase({ queues: testQueues });
  db = inspect(server.database.url);
  [sobrien, lweber, kraus] = await Promise.all([signIn(server.url, 'sobrien'), signIn(server.url, 'lweber'), signIn(server.url, 'extern.kraus')]);
  const custody = createTicket('Wertpapiere::Verwahrung', {
    article: articleInput({
      attachments: [
        upload(ids.png, 'depot.png', 'image/png', png),
        upload(ids.html, 'seite.html', 'text/html; charset=utf-8', html),
        upload(ids.pdf, "Überweisung 'März' (1).pdf", 'application/pdf', pdf),
      ],
    }),
  });
  expectApplied((await send(server.url, sobrien.token, custody))[0]);
  const settlement = createTicket('Wertpapiere::Abwicklung', { article: articleInput({ attachments: [upload(ids.settlement, 'a.txt', 'text/plain', Buffer.from('hallo'))] }) });
  expectApplied((await send(server.url, lweber.token, settlement))[0]);
});

afterAll(async () => {
  await db.end();
  await server.close();
});

const download = (id: string, token?: string): Promise<Download> => downloadAttachment(server.url, id, token);

describe('GET /api/v1/attachments/:id', () => {
  it('streams the stored bytes with their type, a download disposition, nosniff and the length', async () => {
    const response = await download(ids.png, sobrien.token);
    expect(response.status).toBe(200);
    expect(response.body.equals(png)).toBe(true);
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.headers['content-length']).toBe(String(png.length));
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="depot.png"; filename*=UTF-8''depot.png`);
  });

  it('encodes a non-ASCII file name as RFC 5987 and keeps an ASCII stand-in', async () => {
    const response = await download(ids.pdf, sobrien.token);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="_berweisung 'M_rz' (1).pdf"; filename*=UTF-8''%C3%9Cberweisung%20%27M%C3%A4rz%27%20%281%29.pdf`);
    expect(response.body.equals(pdf)).toBe(true);
  });

  it('serves HTML as application/octet-stream, never as a page', async () => {
    const response = await download(ids.html, sobrien.token);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/octet-stream');
    expect(response.body.equals(html)).toBe(true);
  });

  it('answers 404 alike for another department, a contractor, an unknown id and a malformed id', async () => {
    const answers = await Promise.all([
      download(ids.png, lweber.token),
      download(ids.png, kraus.token),
      download(randomUUID(), sobrien.token),
      download('not-a-uuid', sobrien.token),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(JSON.parse(answer.body.toString('utf8'))).toEqual({ reason: 'not-found', message: 'There is no such attachment.' });
    }
  });

  it('lets the contractor read where a role gives them ro', async () => {
    const response = await download(ids.settlement, kraus.token);
    expect(response.status).toBe(200);
    expect(response.body.toString('utf8')).toBe('hallo');
  });

  it('needs a session', async () => {
    expect((await request(`${server.url}/api/v1/attachments/${ids.png}`)).status).toBe(401);
  });

  it('puts metadata and sha256 into the feed, never the content', async () => {
    const change = await db.query<{ data: { attachments: { id: string; sha256: string; size: number }[] } }>(
      "SELECT data FROM change_log WHERE entity = 'article' AND data->'attachments' @> $1::jsonb",
      [JSON.stringify([{ id: ids.png }])],
    );
    const meta = change.rows[0]?.data.attachments.find((a) => a.id === ids.png);
    expect(meta).toMatchObject({ size: png.length, sha256: createHash('sha256').update(png).digest('hex') });
    expect(JSON.stringify(change.rows[0]?.data)).not.toContain(png.toString('base64'));
  });
});
