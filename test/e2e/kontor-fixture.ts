import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { startDesk, type Desk } from '../../src-main/desk.js';
import { startBrowserHost, type BrowserHost } from '../../src-main/hosts/browser/browser-host.js';
import { DownloadOffers } from '../../src-main/hosts/browser/downloads.js';
import { HeadlessPdfPrinter } from '../../src-main/hosts/browser/pdf.js';
import type { KontorServer } from '../../src-server/app.js';
import { silentLogger } from '../../src-shared/node/log.js';
import type { LdapDirectoryConfig } from '../../src-shared/node/directory/config.js';
import { collectPageErrors, launchChromium } from '../harness/chromium.js';
import { testDirectoryConfig } from '../harness/directory.js';
import { startServerOnFreshDatabase, type ServerConfigOverrides } from '../harness/kontor-server.js';
import { syncCustomers } from '../server/mail/support.js';
import { startTcpProxy, type TcpProxy } from '../harness/tcp-proxy.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const rendererDir = path.join(root, 'out', 'renderer');
export const screenshotDir = path.join(root, 'out', 'screenshots');

/** The Desk's way to Kontor Server through a TCP proxy that a test can cut and restore. */
export interface ServerLink {
  /** The loopback port the Desk talks to; the same after `restore()`. */
  readonly port: number;
  /** The server is gone for the Desk: nothing listens on the port any more, open connections are cut. */
  cut(): Promise<void>;
  /** The server is back where the Desk expects it. */
  restore(): Promise<void>;
  /** Cuts open connections only (the Desk reconnects at once), as a firewall's idle timeout would. */
  dropConnections(): void;
}

async function linkThroughProxy(serverUrl: string): Promise<ServerLink & { close(): Promise<void> }> {
  const target = new URL(serverUrl);
  const targetPort = Number(target.port);
  let proxy: TcpProxy | null = await startTcpProxy(target.hostname, targetPort);
  const port = proxy.port;
  return {
    port,
    async cut() {
      const current = proxy;
      proxy = null;
      await current?.close();
    },
    async restore() {
      proxy ??= await startTcpProxy(target.hostname, targetPort, port);
    },
    dropConnections() {
      proxy?.dropConnections();
    },
    async close() {
      await proxy?.close();
      proxy = null;
    },
  };
}

export interface KontorUnderTest {
  server: KontorServer | null;
  /** Present with `serverViaProxy`: cut the Desk off from the server and bring it back. */
  serverLink: ServerLink | null;
  desk: Desk;
  host: BrowserHost;
  context: BrowserContext;
  page: Page;
  /** Console errors and CSP violations the page reported; a test expects none. */
  consoleErrors: string[];
  /** Addresses the Desk handed to the host's external opener (the system browser), in order. */
  openedUrls: string[];
  /** The Desk's user-data folder (its caches under `caches/`). */
  userDataDir: string;
  close(): Promise<void>;
}

export interface KontorOptions {
  /** Changes to the server's directory configuration (a foreign CA, a dead port). */
  serverDirectory?: Partial<LdapDirectoryConfig>;
  /** Point the Desk at this address instead of a running server (server unreachable). */
  deskServerUrl?: string;
  throttle?: { perUsername: { maxFailures: number; windowMinutes: number } };
  /** The Desk reaches the server through a TCP proxy (`serverLink`), so that a test can take the server away. */
  serverViaProxy?: boolean;
  /** The Desk's cache settings (the offline limit). */
  deskCache?: { offlineUnlockDays?: number };
  /** The browser window (default 1280 × 860); the workspace tests use an agent's wide screen. */
  viewport?: { width: number; height: number };
  /** More of the server's configuration (mail out and in, the queues opened to customers). */
  serverOverrides?: ServerConfigOverrides;
  /** Reads the directory's customers into the server's database first, as its scheduled sync would (the portal and mail-in need them). */
  syncCustomers?: boolean;
}

/**
 * The whole of Kontor as an agent meets it: Kontor Server on the run's PostgreSQL and slapd,
 * the Desk's main-process services behind the browser host, the built renderer in Chromium.
 * One fresh database and one fresh Chromium profile per call.
 */
export async function startKontor(options: KontorOptions = {}): Promise<KontorUnderTest> {
  const cleanups: (() => Promise<void> | void)[] = [];
  try {
    let server: KontorServer | null = null;
    if (!options.deskServerUrl) {
      // The demo's roles, so that the UI shows what `npm start` shows.
      const embedded = JSON.parse(readFileSync(path.join(root, 'resources', 'config', 'server.embedded.json'), 'utf8')) as { roles: unknown };
      const started = await startServerOnFreshDatabase({
        directory: testDirectoryConfig(options.serverDirectory),
        roles: embedded.roles,
        ...(options.throttle ? { throttle: options.throttle } : {}),
        ...options.serverOverrides,
      });
      cleanups.push(() => started.close());
      server = started.server;
      if (options.syncCustomers) await syncCustomers(server.db);
    }
    let serverLink: ServerLink | null = null;
    let deskServerUrl = options.deskServerUrl ?? server?.url ?? '';
    if (options.serverViaProxy && server) {
      const link = await linkThroughProxy(server.url);
      cleanups.push(() => link.close());
      serverLink = link;
      deskServerUrl = `http://127.0.0.1:${String(link.port)}`;
    }
    const userData = mkdtempSync(path.join(os.tmpdir(), 'kontor-e2e-desk-'));
    cleanups.push(() => rmSync(userData, { recursive: true, force: true }));
    const { serviceDn, servicePassword, ...deskDirectory } = testDirectoryConfig();
    const openedUrls: string[] = [];
    const openExternal = (url: string): Promise<void> => {
      openedUrls.push(url);
      return Promise.resolve();
    };
    const downloads = new DownloadOffers();
    const pdf = new HeadlessPdfPrinter({ log: silentLogger });
    cleanups.push(() => pdf.close());
    const desk = await startDesk(
      {
        kind: 'browser', userDataDir: userData, resourcesDir: path.join(root, 'resources'), openExternal, saveFile: (request) => Promise.resolve(downloads.offer(request)),
        printToPdf: (request) => pdf.printToPdf(request),
        preparePrint: () => pdf.warm(),
      },
      silentLogger,
      {
        config: { server: { url: deskServerUrl }, directory: deskDirectory, ...(options.deskCache ? { cache: options.deskCache } : {}) },
        serverEntry: '',
        version: 'e2e',
      },
    );
    cleanups.push(() => desk.close());
    const host = await startBrowserHost(desk, { rendererDir, log: silentLogger, downloads });
    cleanups.push(() => host.close());
    pdf.useHost(host.url);
    const browser = await launchChromium('kontor-e2e-chromium', { viewport: options.viewport ?? { width: 1280, height: 860 } });
    cleanups.push(() => browser.close());
    const { context, page } = browser;
    // Fail at the step that waited in vain, not at the test's overall timeout.
    page.setDefaultTimeout(8_000);
    const consoleErrors = collectPageErrors(page);
    await page.goto(host.url);
    return {
      server,
      serverLink,
      desk,
      host,
      context,
      page,
      consoleErrors,
      openedUrls,
      userDataDir: userData,
      async close() {
        for (const cleanup of cleanups.reverse()) await cleanup();
      },
    };
  } catch (error) {
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
    throw error;
  }
}
