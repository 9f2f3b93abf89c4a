import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../../../src-main/events.js';
import { startBrowserHost, type BrowserHost } from '../../../src-main/hosts/browser/browser-host.js';
import { downloadOfferMs, DownloadOffers } from '../../../src-main/hosts/browser/downloads.js';
import { safeFileName } from '../../../src-main/hosts/save-file.js';
import { silentLogger } from '../../../src-shared/node/log.js';
import { transportTestHandlers } from '../fake-handlers.js';

describe('safeFileName', () => {
  it.each([
    ['Prüfprotokoll März.pdf', 'Prüfprotokoll März.pdf'],
    ['../../etc/passwd', '_.._etc_passwd'],
    ['C:\\Windows\\system32\\evil.dll', 'C__Windows_system32_evil.dll'],
    ['rechnung\u202Efdp.exe', 'rechnungfdp.exe'],
    ['a\u0000b\u0007c.txt', 'abc.txt'],
    ['  .hidden. ', 'hidden'],
    ['CON', '_CON'],
    ['nul.txt', '_nul.txt'],
    ['what?<>|*".txt', 'what______.txt'],
    ['...', 'Anhang'],
  ])('%j → %j', (name, safe) => {
    expect(safeFileName(name)).toBe(safe);
  });

  it('keeps the extension when it shortens a long name to 200 characters', () => {
    const safe = safeFileName(`${'x'.repeat(300)}.pdf`);
    expect(safe).toHaveLength(200);
    expect(safe.endsWith('x.pdf')).toBe(true);
  });
});

describe('the browser host offering a saved file as a one-time download', () => {
  let host: BrowserHost;
  let now = 1_000_000;
  const offers = new DownloadOffers(() => now);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kontor-downloads-'));
  const file = path.join(dir, 'c0ffee');
  writeFileSync(file, 'Kontoauszug März');

  beforeAll(async () => {
    const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'kontor-renderer-'));
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Kontor Desk</title>');
    host = await startBrowserHost({ handlers: transportTestHandlers(), bus: new EventBus() }, { rendererDir, log: silentLogger, downloads: offers });
  });
  afterAll(() => host.close());

  it('serves the file once, as an attachment the browser neither shows nor sniffs', async () => {
    const offered = offers.offer({ sourceFile: file, suggestedName: '../Auszug März.html' });
    expect(offered).toMatchObject({ outcome: 'download', filename: '_Auszug März.html' });
    if (offered.outcome !== 'download') throw new Error('expected a download');
    expect(offered.url).toMatch(/^\/download\/[0-9a-f]{32}$/u);
    const response = await fetch(`${host.origin}${offered.url}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    // The header Kontor Server's attachment downloads use too (src-shared/node/content-disposition.ts).
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="_Auszug M_rz.html"; filename*=UTF-8''_Auszug%20M%C3%A4rz.html`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toBe('Kontoauszug März');
    // Once only.
    expect((await fetch(`${host.origin}${offered.url}`)).status).toBe(404);
  });

  it('refuses an unknown address, another method and an offer older than a minute', async () => {
    expect((await fetch(`${host.origin}/download/${'0'.repeat(32)}`)).status).toBe(404);
    expect((await fetch(`${host.origin}/download/`)).status).toBe(404);
    const posted = offers.offer({ sourceFile: file, suggestedName: 'a.txt' });
    if (posted.outcome !== 'download') throw new Error('expected a download');
    expect((await fetch(`${host.origin}${posted.url}`, { method: 'POST' })).status).toBe(405);
    const late = offers.offer({ sourceFile: file, suggestedName: 'a.txt' });
    if (late.outcome !== 'download') throw new Error('expected a download');
    now += downloadOfferMs;
    expect((await fetch(`${host.origin}${late.url}`)).status).toBe(404);
  });

  it('says so when the file left the attachment cache meanwhile', async () => {
    const gone = offers.offer({ sourceFile: path.join(dir, 'swept-away'), suggestedName: 'a.txt' });
    if (gone.outcome !== 'download') throw new Error('expected a download');
    const response = await fetch(`${host.origin}${gone.url}`);
    expect(response.status).toBe(410);
    expect(await response.text()).toContain('save the attachment again');
  });
});
