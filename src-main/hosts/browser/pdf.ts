// The browser host's `HostPlatform.printToPdf`. Its main process is plain Node and cannot reach
// the agent's Chromium, so it prints with a headless Chromium of its own, driven over the
// DevTools protocol on a pipe (fds 3 and 4), not on a port: a debugging port on 127.0.0.1 would
// let any local process drive a page that holds this run's IPC token. Starting Chromium costs
// one to two seconds, so it is started when a print is likely (`warm`) and kept a little while
// after the last PDF; each PDF gets a browser context of its own, disposed afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { z } from 'zod';
import type { Logger } from '../../../src-shared/node/log.js';
import type { PdfRequest } from '../platform.js';
import { notReadyMessage, printPageLayout, printStateProbe, untilPrintReady, withDeadline } from '../print-page.js';

const defaultReadyTimeoutMs = 60_000;
/** How long Chromium waits for the next PDF after the last one (or after `warm`) before it is stopped. */
const defaultKeepWarmMs = 120_000;
const printTimeoutMs = 60_000;
const pollIntervalMs = 100;

/** Chromium as cli.ts's `openChromium` finds it: CHROME_PATH first, then the usual Linux places. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  return [env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => p !== undefined && p !== '' && existsSync(p)) ?? null;
}

export interface HeadlessPdfOptions {
  log: Logger;
  /** How long loading and `data-print-ready` may take together. */
  readyTimeoutMs?: number;
  /** Chromium's executable; found with `findChromium` when absent. */
  executable?: string | null;
  /** How long an idle Chromium is kept for the next PDF (2 minutes; 0 stops it after each). */
  keepWarmMs?: number;
}

/**
 * Renders print routes of the browser host's renderer to PDF with one headless Chromium, started
 * when first needed (or on `warm`), shared by PDFs made at the same time, and stopped when it has
 * been idle for `keepWarmMs`, when a PDF failed (it may be in a bad state), or on `close()`.
 */
export class HeadlessPdfPrinter {
  private chromium: ChromiumRun | null = null;
  /** PDFs being made with `chromium` now: it is not stopped for idleness while any is. */
  private printing = 0;
  private idleTimer: NodeJS.Timeout | null = null;
  private entryUrl: string | null = null;
  private closed = false;

  constructor(private readonly options: HeadlessPdfOptions) {}

  /**
   * The browser host's address with this run's token (`BrowserHost.url`,
   * `http://127.0.0.1:PORT/#token=HEX`). The platform exists before the host does, so it is set later.
   */
  useHost(entryUrl: string): this {
    this.entryUrl = entryUrl;
    return this;
  }

  /**
   * Starts Chromium now if none runs, so that the PDF asked for next (a report was just built or
   * opened) does not wait for it. Without a Chromium to start it does nothing: the print says why.
   */
  warm(): void {
    if (this.closed || this.entryUrl === null) return;
    const executable = this.executable();
    if (executable === null) return;
    this.runningChromium(executable);
    if (this.printing === 0) this.stopWhenIdle();
  }

  async printToPdf(request: PdfRequest): Promise<Buffer> {
    if (this.closed) throw new Error('The Desk is shutting down: nothing is printed any more.');
    if (this.entryUrl === null) throw new Error('The browser host does not serve the renderer yet: nothing to print from.');
    if (!request.route.startsWith('#/')) throw new Error(`A print route starts with "#/", not "${request.route.slice(0, 20)}".`);
    const executable = this.executable();
    if (executable === null) throw new Error('No Chromium found to print with (set CHROME_PATH, or install /usr/bin/chromium).');
    const readyTimeoutMs = this.options.readyTimeoutMs ?? defaultReadyTimeoutMs;
    const run = this.runningChromium(executable);
    this.printing += 1;
    this.cancelIdleStop();
    try {
      return await run.render(this.entryUrl, request, readyTimeoutMs);
    } catch (error) {
      // A page that never got ready, or a Chromium that died: the next PDF gets a fresh one.
      if (this.chromium === run) this.chromium = null;
      await run.stop();
      throw error;
    } finally {
      this.printing -= 1;
      if (this.printing === 0) this.stopWhenIdle();
    }
  }

  /** Stops Chromium, also while it prints (the host is shutting down). */
  async close(): Promise<void> {
    this.closed = true;
    this.cancelIdleStop();
    const run = this.chromium;
    this.chromium = null;
    await run?.stop();
  }

  private executable(): string | null {
    return this.options.executable === undefined ? findChromium() : this.options.executable;
  }

  /** The Chromium to print with: the one running, or a new one if none runs or it ended. */
  private runningChromium(executable: string): ChromiumRun {
    if (this.chromium === null || !this.chromium.isRunning()) {
      const ended = this.chromium;
      if (ended) void ended.stop();
      this.chromium = ChromiumRun.start(executable, this.options.log);
    }
    return this.chromium;
  }

  private stopWhenIdle(): void {
    this.cancelIdleStop();
    const run = this.chromium;
    if (run === null) return;
    const stop = (): void => {
      if (this.chromium === run && this.printing === 0) {
        this.chromium = null;
        void run.stop();
      }
    };
    const keepWarmMs = this.options.keepWarmMs ?? defaultKeepWarmMs;
    if (keepWarmMs <= 0) {
      stop();
      return;
    }
    this.idleTimer = setTimeout(stop, keepWarmMs);
    this.idleTimer.unref();
  }

  private cancelIdleStop(): void {
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}

/** One headless Chromium with its own throw-away profile. */
class ChromiumRun {
  private stopping: Promise<void> | null = null;

  private constructor(
    private readonly child: ChildProcess,
    private readonly cdp: CdpPipe,
    private readonly profile: string,
    private readonly log: Logger,
  ) {}

  static start(executable: string, log: Logger): ChromiumRun {
    const profile = mkdtempSync(path.join(os.tmpdir(), 'kontor-pdf-'));
    const args = [
      '--headless',
      '--remote-debugging-pipe',
      `--user-data-dir=${profile}`,
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--hide-scrollbars',
      '--mute-audio',
      // Lays the page out at A4's width at 96 dpi, so charts are drawn at the size they print.
      '--window-size=794,1123',
      // Chromium's sandbox refuses to start as root (containers, CI); everyone else keeps it.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      'about:blank',
    ];
    // Its own process group: stop() can reach the renderer and zygote processes by the browser's PID.
    const child = spawn(executable, args, { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'], detached: true });
    const [, , stderr, toChromium, fromChromium] = child.stdio as [null, null, Readable, Writable, Readable];
    const cdp = new CdpPipe(toChromium, fromChromium);
    let stderrTail = '';
    stderr.setEncoding('utf8');
    stderr.on('data', (chunk: string) => (stderrTail = (stderrTail + chunk).slice(-2000)));
    child.on('error', (error) => cdp.failAll(new Error(`Chromium could not be started (${executable}): ${error.message}`)));
    child.on('exit', (code, signal) => {
      const how = signal === null ? `code ${String(code)}` : `signal ${signal}`;
      // Its last words, without this run's IPC token should a message quote the address.
      const last = stderrTail.trim().split('\n').slice(-3).join(' | ').replace(/token=[0-9a-f]+/giu, 'token=…');
      cdp.failAll(new Error(`Chromium exited (${how}) before the PDF was made${last === '' ? '' : `: ${last}`}`));
    });
    log.info('pdf.chromium-started', { pid: child.pid ?? null, profile });
    return new ChromiumRun(child, cdp, profile, log);
  }

  async render(entryUrl: string, request: PdfRequest, readyTimeoutMs: number): Promise<Buffer> {
    const notReady = () => notReadyMessage(request.route, readyTimeoutMs);
    const at = { deadline: Date.now() + readyTimeoutMs, timeoutError: notReady };
    // A context of its own per PDF: nothing of one print (storage, the token's page) meets the next.
    const { browserContextId } = contextSchema.parse(await this.cdp.send('Target.createBrowserContext', { disposeOnDetach: true }, at));
    try {
      return await this.renderIn(browserContextId, entryUrl, request, at);
    } finally {
      await this.cdp.send('Target.disposeBrowserContext', { browserContextId }, { deadline: Date.now() + 5000 }).catch(() => undefined);
    }
  }

  private async renderIn(browserContextId: string, entryUrl: string, request: PdfRequest, at: CallLimits & { deadline: number; timeoutError: () => string }): Promise<Buffer> {
    const notReady = at.timeoutError;
    const { targetId } = targetSchema.parse(await this.cdp.send('Target.createTarget', { url: 'about:blank', browserContextId }, at));
    const { sessionId } = sessionSchema.parse(await this.cdp.send('Target.attachToTarget', { targetId, flatten: true }, at));
    const inPage = { ...at, sessionId };
    // The print page at once, the token in its fragment: the renderer takes the token out and
    // reads the route (print-address.ts reads it as the token handling leaves it). Loading the
    // Desk first and changing the hash would mount the whole signed-in Desk for nothing.
    const entry = new URL(entryUrl);
    const token = new URLSearchParams(entry.hash.slice(1)).get('token') ?? '';
    const navigation = navigationSchema.parse(await this.cdp.send('Page.navigate', { url: `${entry.origin}/${request.route}&token=${token}` }, inPage));
    if (navigation.errorText !== undefined) throw new Error(`The Desk's renderer could not be loaded for printing: ${navigation.errorText}`);
    await untilPrintReady(() => this.evaluate(printStateProbe, inPage), request.route, inPage.deadline, pollIntervalMs, notReady);
    const { margins } = printPageLayout;
    const pdf = pdfSchema.parse(
      await this.cdp.send(
        'Page.printToPDF',
        {
          paperWidth: printPageLayout.widthInches,
          paperHeight: printPageLayout.heightInches,
          marginTop: margins.top,
          marginBottom: margins.bottom,
          marginLeft: margins.left,
          marginRight: margins.right,
          printBackground: true,
          displayHeaderFooter: true,
          headerTemplate: request.headerTemplate,
          footerTemplate: request.footerTemplate,
          preferCSSPageSize: false,
        },
        { sessionId, deadline: Date.now() + printTimeoutMs, timeoutError: () => `Chromium did not finish the PDF within ${String(printTimeoutMs / 1000)} s` },
      ),
    );
    return Buffer.from(pdf.data, 'base64');
  }

  /** Closes Chromium, kills what is left of its process group, and removes its profile. Safe to call twice. */
  stop(): Promise<void> {
    this.stopping ??= this.shutDown();
    return this.stopping;
  }

  private async shutDown(): Promise<void> {
    const pid = this.child.pid;
    if (this.isRunning()) {
      await this.cdp.send('Browser.close', {}, { deadline: Date.now() + 2000 }).catch(() => undefined);
      if (!(await this.exited(3000)) && pid !== undefined) killGroup(pid);
      await this.exited(5000);
    }
    // Renderers and the zygote outlive a killed browser; after a clean close this finds none alive.
    if (pid !== undefined) killGroup(pid);
    this.cdp.failAll(new Error('Chromium was stopped.'));
    await rm(this.profile, { recursive: true, force: true, maxRetries: 3 }).catch((error: unknown) =>
      this.log.warn('pdf.profile-not-removed', { profile: this.profile, error: error instanceof Error ? error.message : String(error) }),
    );
    this.log.info('pdf.chromium-stopped', { pid: pid ?? null });
  }

  isRunning(): boolean {
    return this.child.pid !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  private exited(withinMs: number): Promise<boolean> {
    if (!this.isRunning()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), withinMs);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  private async evaluate(expression: string, at: PageCall): Promise<unknown> {
    const answer = evaluationSchema.parse(await this.cdp.send('Runtime.evaluate', { expression, returnByValue: true }, at));
    if (answer.exceptionDetails !== undefined) throw new Error(`Script in the print page failed: ${answer.exceptionDetails.exception?.description ?? answer.exceptionDetails.text}`);
    return answer.result.value;
  }
}

/**
 * SIGKILL to Chromium's process group (the browser's PID is its id): what is left of the browser,
 * its renderers and zygote. Those that already ended wait only to be reaped by init.
 */
function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Nothing of it is left.
  }
}

const targetSchema = z.object({ targetId: z.string() });
const contextSchema = z.object({ browserContextId: z.string() });
const sessionSchema = z.object({ sessionId: z.string() });
const navigationSchema = z.object({ errorText: z.string().optional() });
const pdfSchema = z.object({ data: z.string() });
const evaluationSchema = z.object({
  result: z.object({ value: z.unknown().optional() }),
  exceptionDetails: z.object({ text: z.string(), exception: z.object({ description: z.string().optional() }).optional() }).optional(),
});
const cdpMessageSchema = z.object({
  id: z.number().optional(),
  result: z.unknown().optional(),
  error: z.object({ message: z.string(), data: z.string().optional() }).optional(),
});

interface CallLimits {
  sessionId?: string;
  /** Epoch ms after which the call fails with `timeoutError()`. */
  deadline: number;
  timeoutError?: () => string;
}
type PageCall = Required<CallLimits>;

interface Pending {
  method: string;
  resolve(result: unknown): void;
  reject(error: Error): void;
}

/** The DevTools protocol over Chromium's pipe: JSON messages, each ended by a NUL byte. */
class CdpPipe {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private received = Buffer.alloc(0);
  private failure: Error | null = null;

  constructor(
    private readonly toChromium: Writable,
    fromChromium: Readable,
  ) {
    fromChromium.on('data', (chunk: Buffer) => this.take(chunk));
    // A closed pipe fails the write; the exit handler gives the reason.
    toChromium.on('error', () => undefined);
  }

  send(method: string, params: object, at: CallLimits): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const answer = new Promise<unknown>((resolve, reject) => this.pending.set(id, { method, resolve, reject }));
    this.toChromium.write(`${JSON.stringify({ id, method, params, ...(at.sessionId === undefined ? {} : { sessionId: at.sessionId }) })}\0`);
    return withDeadline(answer, at.deadline, at.timeoutError ?? (() => `Chromium did not answer ${method} in time`)).finally(() => this.pending.delete(id));
  }

  failAll(error: Error): void {
    this.failure ??= error;
    for (const pending of this.pending.values()) pending.reject(this.failure);
    this.pending.clear();
  }

  private take(chunk: Buffer): void {
    this.received = Buffer.concat([this.received, chunk]);
    for (let end = this.received.indexOf(0); end !== -1; end = this.received.indexOf(0)) {
      const text = this.received.subarray(0, end).toString('utf8');
      this.received = this.received.subarray(end + 1);
      this.dispatch(text);
    }
  }

  private dispatch(text: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return;
    }
    const message = cdpMessageSchema.safeParse(parsed);
    if (!message.success) return;
    // Events (no id) are not needed: the page is asked, not listened to.
    const { id, error, result } = message.data;
    if (id === undefined) return;
    const pending = this.pending.get(id);
    if (!pending) return;
    if (error) pending.reject(new Error(`Chromium refused ${pending.method}: ${error.message}${error.data === undefined ? '' : ` (${error.data})`}`));
    else pending.resolve(result);
  }
}
