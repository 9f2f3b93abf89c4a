import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../../../src-shared/node/log.js';
import { startDesk } from '../../desk.js';
import { defaultUserDataDir } from '../node-platform.js';
import { isSafeExternalUrl, type HostPlatform } from '../platform.js';
import { startBrowserHost } from './browser-host.js';
import { DownloadOffers } from './downloads.js';
import { findChromium, HeadlessPdfPrinter } from './pdf.js';

// Bundled to out/browser-host/index.mjs: the app root is two folders up.
const appRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const log = createLogger('desk');
const noOpen = process.argv.includes('--no-open');

const downloads = new DownloadOffers();
const pdf = new HeadlessPdfPrinter({ log });
const platform: HostPlatform = {
  kind: 'browser',
  userDataDir: defaultUserDataDir(),
  resourcesDir: path.join(appRoot, 'resources'),
  openExternal(url) {
    if (!isSafeExternalUrl(url)) return Promise.reject(new Error('only http(s) addresses are opened'));
    spawn('xdg-open', [url], { stdio: 'ignore', detached: true }).unref();
    return Promise.resolve();
  },
  saveFile: (request) => Promise.resolve(downloads.offer(request)),
  printToPdf: (request) => pdf.printToPdf(request),
  preparePrint: () => pdf.warm(),
};

try {
  const desk = await startDesk(platform, log, { serverEntry: path.join(appRoot, 'out', 'server', 'index.mjs'), version: process.env.npm_package_version ?? '0.0.0' });
  const host = await startBrowserHost(desk, { rendererDir: path.join(appRoot, 'out', 'renderer'), log, downloads });
  pdf.useHost(host.url);
  const browser = noOpen ? null : openChromium(host.url);
  process.stdout.write(`Kontor Desk (browser host) is running at ${host.origin}/ — ${browser ? 'opened in Chromium' : `open ${host.url}`}. Ctrl+C ends it.\n`);
  const shutdown = async () => {
    await pdf.close();
    await host.close();
    await desk.close();
    browser?.kill();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  browser?.on('exit', () => void shutdown());
} catch (error) {
  process.stderr.write(`Kontor Desk could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

/** A Chromium app window with a profile of its own; null where no Chromium or no display. */
function openChromium(url: string) {
  const executable = findChromium();
  if (executable === null || (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)) return null;
  const profile = mkdtempSync(path.join(os.tmpdir(), 'kontor-chromium-'));
  return spawn(executable, [`--app=${url}`, `--user-data-dir=${profile}`, '--no-first-run', '--disable-background-networking', '--disable-sync'], { stdio: 'ignore' });
}
