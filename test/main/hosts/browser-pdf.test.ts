// The browser host's PDFs with a real headless Chromium, served by the real browser host (its
// token check and CSP included) and read back with poppler's pdftotext, pdfinfo and pdftoppm.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../../../src-main/events.js';
import { startBrowserHost, type BrowserHost } from '../../../src-main/hosts/browser/browser-host.js';
import { HeadlessPdfPrinter } from '../../../src-main/hosts/browser/pdf.js';
import type { Logger } from '../../../src-shared/node/log.js';
import { isAlive, sleep } from '../../harness/process.js';
import { transportTestHandlers } from '../fake-handlers.js';

const rowCount = 90;
const workDir = mkdtempSync(path.join(os.tmpdir(), 'kontor-pdf-test-'));
const shotsDir = '/tmp/kontor-shots';

// Plays the renderer: takes the token out of the fragment as ipc/location-token.ts does (the
// rest written back percent-encoded), proves it over the IPC socket, and draws the route left.
const pageScript = `
const fragment = new URLSearchParams(location.hash.slice(1));
const token = fragment.get('token');
fragment.delete('token');
history.replaceState({ kontorIpcToken: token }, '', location.pathname + '#' + fragment.toString());
const ipc = new Promise((resolve) => {
  const socket = new WebSocket('ws://' + location.host + '/ipc', ['kontor-ipc', 'kontor-token.' + token]);
  socket.onopen = () => socket.send(JSON.stringify({ id: 1, channel: 'app.info' }));
  socket.onmessage = (message) => resolve(JSON.parse(message.data).result);
  socket.onclose = () => resolve(null);
});
function cell(row, text, tag = 'td') {
  const element = document.createElement(tag);
  element.textContent = text;
  row.append(element);
}
(() => {
  const route = decodeURIComponent(location.hash);
  if (route.startsWith('#/never')) return;
  setTimeout(async () => {
    const info = await ipc;
    const marker = new URLSearchParams(route.split('?')[1]).get('marker');
    document.title = 'Bericht ' + marker;
    const heading = document.createElement('h1');
    heading.textContent = 'Übersicht für ' + marker;
    const connected = document.createElement('p');
    connected.textContent = info && info.ok ? 'IPC verbunden, Version ' + info.value.version : 'IPC nicht verbunden';
    const table = document.createElement('table');
    const head = table.createTHead().insertRow();
    for (const title of ['Ticketnummer', 'Institution', 'Größe', 'Bearbeitungszeit']) cell(head, title, 'th');
    const body = table.createTBody();
    for (let n = 1; n <= ${String(rowCount)}; n++) {
      const row = body.insertRow();
      cell(row, 'KT-2025-' + String(n).padStart(4, '0'));
      cell(row, 'Sparkasse Nördlingen');
      cell(row, n % 2 ? 'Übergröße' : 'Maß');
      cell(row, n + ' min');
    }
    document.body.append(heading, connected, table);
    document.documentElement.dataset.printReady = 'true';
  }, 300);
})();
`;
const pageStyle = `
body { font-family: sans-serif; margin: 0; }
h1 { font-size: 18px; margin: 0 0 8px; }
table { width: 100%; border-collapse: collapse; }
th { background: #dde3ea; text-align: left; }
th, td { height: 7mm; padding: 0 4px; border-bottom: 1px solid #999; font-size: 12px; }
tr { break-inside: avoid; }
`;

const headerTemplate =
  '<div style="font-size:9px;width:100%;margin:0 12mm;font-family:sans-serif">Wochenbericht · Daten vom 14.06.2025 08:15 · Schlüsselkunden · <span class="title"></span></div>';
const footerTemplate =
  '<div style="font-size:9px;width:100%;text-align:center;font-family:sans-serif">Seite <span class="pageNumber"></span> von <span class="totalPages"></span></div>';

let host: BrowserHost;

beforeAll(async () => {
  const rendererDir = path.join(workDir, 'renderer');
  mkdirSync(rendererDir);
  // External script and style only: the host's CSP allows nothing inline.
  writeFileSync(
    path.join(rendererDir, 'index.html'),
    '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Kontor Desk</title><link rel="stylesheet" href="/page.css"><script type="module" src="/page.js"></script></head><body></body></html>',
  );
  writeFileSync(path.join(rendererDir, 'page.js'), pageScript);
  writeFileSync(path.join(rendererDir, 'page.css'), pageStyle);
  host = await startBrowserHost({ handlers: transportTestHandlers(), bus: new EventBus() }, { rendererDir, log: silentLog().log });
});
afterAll(async () => {
  await host.close();
  rmSync(workDir, { recursive: true, force: true });
});

/** A logger that keeps what the printer reports, to find its Chromium's PID and profile. */
function silentLog() {
  const started: { pid: number; profile: string }[] = [];
  const log: Logger = {
    info: (event, fields) => {
      if (event === 'pdf.chromium-started' && typeof fields?.pid === 'number' && typeof fields.profile === 'string') started.push({ pid: fields.pid, profile: fields.profile });
    },
    warn: () => undefined,
    error: () => undefined,
  };
  return { log, started };
}

/** Processes of the group `pgid` that still run (zombies, already ended and waiting for init to reap them, do not count). */
function runningInGroup(pgid: number): string[] {
  return execFileSync('ps', ['-e', '-o', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().split(/\s+/u))
    .filter(([, group, state]) => Number(group) === pgid && state !== undefined && !state.startsWith('Z'))
    .map((fields) => fields.join(' '));
}

/** Nothing of that Chromium is left: not the browser, not a renderer or zygote in its process group, not its profile. */
async function expectGone(chromium: { pid: number; profile: string } | undefined) {
  if (!chromium) throw new Error('the printer did not report starting a Chromium');
  expect(isAlive(chromium.pid)).toBe(false);
  // A SIGKILL takes a moment to land, and the profile is removed once the group is gone (an idle
  // stop is not awaited by anyone, so on a busy machine the removal may still be under way).
  for (let tries = 0; tries < 100 && (runningInGroup(chromium.pid).length > 0 || existsSync(chromium.profile)); tries++) await sleep(50);
  expect(runningInGroup(chromium.pid)).toEqual([]);
  expect(existsSync(chromium.profile)).toBe(false);
}

describe('the browser host printing to PDF', () => {
  it('renders the route named beside the token, as A4 with header and "Seite n von m" on every page and the table header repeated', async () => {
    const { log, started } = silentLog();
    const printer = new HeadlessPdfPrinter({ log, readyTimeoutMs: 20_000 }).useHost(host.url);
    const pdf = await printer.printToPdf({ route: '#/print?report=woche&marker=KW24-Süd', headerTemplate, footerTemplate });
    // The next PDF is made by the same Chromium, kept warm, in a context of its own.
    const second = await printer.printToPdf({ route: '#/print?report=woche&marker=KW25', headerTemplate, footerTemplate });
    expect(second.subarray(0, 5).toString()).toBe('%PDF-');
    const file = path.join(workDir, 'wochenbericht.pdf');
    writeFileSync(file, pdf);

    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/^Pages:\s+3$/mu);
    const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts/mu.exec(info);
    expect(Number(size?.[1])).toBeCloseTo(595, -0.5);
    expect(Number(size?.[2])).toBeCloseTo(842, -0.5);

    const pages = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\f').filter((page) => page.trim() !== '');
    expect(pages).toHaveLength(3);
    pages.forEach((page, index) => {
      expect(page).toContain('Wochenbericht · Daten vom 14.06.2025 08:15 · Schlüsselkunden · Bericht KW24-Süd');
      expect(page).toContain(`Seite ${String(index + 1)} von 3`);
      expect(page).toMatch(/Ticketnummer\s+Institution\s+Größe\s+Bearbeitungszeit/u);
      expect(page).toContain('Sparkasse Nördlingen');
    });
    expect(pages[0]).toContain('Übersicht für KW24-Süd');
    expect(pages[0]).toContain('IPC verbunden, Version test');
    expect(pages[2]).toContain(`KT-2025-${String(rowCount).padStart(4, '0')}`);

    mkdirSync(shotsDir, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, path.join(shotsDir, 'browser-pdf')]);
    expect(started).toHaveLength(1);
    expect(isAlive(started[0]?.pid ?? 0)).toBe(true);
    await printer.close();
    await expectGone(started[0]);
  });

  it('starts Chromium ahead of a print when asked to, and stops it once it has been idle long enough', async () => {
    const { log, started } = silentLog();
    const printer = new HeadlessPdfPrinter({ log, readyTimeoutMs: 20_000, keepWarmMs: 1500 }).useHost(host.url);
    printer.warm();
    printer.warm();
    expect(started).toHaveLength(1);
    await printer.printToPdf({ route: '#/print?report=woche&marker=warm', headerTemplate, footerTemplate });
    expect(started).toHaveLength(1);
    // Idle for keepWarmMs after the PDF: stopped, nothing left.
    for (let tries = 0; tries < 60 && isAlive(started[0]?.pid ?? 0); tries++) await sleep(100);
    await expectGone(started[0]);
    // The next PDF starts a new one.
    await printer.printToPdf({ route: '#/print?report=woche&marker=again', headerTemplate, footerTemplate });
    expect(started).toHaveLength(2);
    await printer.close();
    await expectGone(started[1]);
  });

  it('leaves no Chromium behind when the process printing with it is killed', async () => {
    // A child Node process warms a printer and is killed with SIGKILL: Chromium reads the end of
    // its DevTools pipe and exits, although it runs in a process group of its own.
    const script = path.join(workDir, 'warm-and-die.mjs');
    writeFileSync(
      script,
      `import { HeadlessPdfPrinter } from ${JSON.stringify(path.resolve('src-main/hosts/browser/pdf.ts'))};
const printer = new HeadlessPdfPrinter({ log: { info: (event, fields) => { if (event === 'pdf.chromium-started') process.stdout.write(JSON.stringify(fields) + '\\n'); }, warn() {}, error() {} } }).useHost(${JSON.stringify(host.url)});
printer.warm();
setInterval(() => {}, 1000);`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const startedLine = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8');
      child.stdout.once('data', (chunk: string) => resolve(chunk.trim()));
      child.once('exit', () => reject(new Error('the child ended before starting Chromium')));
    });
    const chromium = JSON.parse(startedLine) as { pid: number; profile: string };
    await sleep(500);
    expect(isAlive(chromium.pid)).toBe(true);
    child.kill('SIGKILL');
    for (let tries = 0; tries < 100 && isAlive(chromium.pid); tries++) await sleep(100);
    expect(isAlive(chromium.pid)).toBe(false);
    for (let tries = 0; tries < 40 && runningInGroup(chromium.pid).length > 0; tries++) await sleep(100);
    expect(runningInGroup(chromium.pid)).toEqual([]);
    // Its profile stays in the temp folder (nobody was left to remove it).
    rmSync(chromium.profile, { recursive: true, force: true });
  });

  it('fails within the timeout given when the page never says it is ready, and leaves no Chromium behind', async () => {
    const { log, started } = silentLog();
    const printer = new HeadlessPdfPrinter({ log, readyTimeoutMs: 1500 }).useHost(host.url);
    const begun = Date.now();
    await expect(printer.printToPdf({ route: '#/never', headerTemplate, footerTemplate })).rejects.toThrow(
      'The print page #/never was not ready within 1.5 s (data-print-ready never became "true").',
    );
    expect(Date.now() - begun).toBeLessThan(1500 + 6000);
    expect(started).toHaveLength(1);
    await expectGone(started[0]);
  });

  it('says when there is no Chromium, or when it exits before the PDF is made', async () => {
    const request = { route: '#/print?report=woche', headerTemplate, footerTemplate };
    await expect(new HeadlessPdfPrinter({ log: silentLog().log, executable: null }).useHost(host.url).printToPdf(request)).rejects.toThrow('No Chromium found');
    const { log, started } = silentLog();
    await expect(new HeadlessPdfPrinter({ log, executable: '/bin/false' }).useHost(host.url).printToPdf(request)).rejects.toThrow(
      /^Chromium exited \(code 1\) before the PDF was made/u,
    );
    await expectGone(started[0]);
    await expect(new HeadlessPdfPrinter({ log, executable: path.join(workDir, 'no-such-chromium') }).useHost(host.url).printToPdf(request)).rejects.toThrow(
      /^Chromium could not be started .*ENOENT/u,
    );
  });

  it('refuses a route that is not a renderer route, and printing before the host serves the renderer', async () => {
    const printer = new HeadlessPdfPrinter({ log: silentLog().log }).useHost(host.url);
    await expect(printer.printToPdf({ route: 'https://evil.example/', headerTemplate, footerTemplate })).rejects.toThrow('starts with "#/"');
    await expect(new HeadlessPdfPrinter({ log: silentLog().log }).printToPdf({ route: '#/print', headerTemplate, footerTemplate })).rejects.toThrow(
      'does not serve the renderer yet',
    );
  });
});
