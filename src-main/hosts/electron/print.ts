import type { BrowserWindowConstructorOptions, PrintToPDFOptions, WebContentsPrintOptions, WebPreferences } from 'electron';
import { notReadyMessage, printPageLayout, printStateProbe, untilPrintReady, withDeadline } from '../print-page.js';
import type { PdfRequest, PrintRequest } from '../platform.js';
import { hardenWebContents, type WebContentsLike } from './window-security.js';

/** The parts of Electron's WebContents that printing uses (stand-ins in tests). */
export interface PrintContentsLike extends WebContentsLike {
  readonly id: number;
  executeJavaScript(code: string): Promise<unknown>;
  printToPDF(options: PrintToPDFOptions): Promise<Buffer>;
  print(options: WebContentsPrintOptions, callback: (success: boolean, failureReason: string) => void): void;
}

/** The parts of Electron's BrowserWindow that printing uses. */
export interface PrintWindowLike {
  readonly webContents: PrintContentsLike;
  loadURL(url: string): Promise<void>;
  isDestroyed(): boolean;
  destroy(): void;
}

export interface ElectronPrinterOptions {
  /** `new BrowserWindow(options)`. */
  openWindow(options: BrowserWindowConstructorOptions): PrintWindowLike;
  /** The renderer the Desk window loads (the built file, or the dev server). */
  rendererUrl: string;
  /** The Desk window's preload script: the print page talks to the main process as the Desk does. */
  preload: string;
  /** Whether an address is the Desk's own renderer (`isOwnRendererUrl`). */
  isOwnUrl(url: string): boolean;
  /** How long loading and `data-print-ready` may take together. */
  readyTimeoutMs?: number;
  pollIntervalMs?: number;
}

/** The Desk window's security baseline (ARCHITECTURE.md); the print window has no other. */
export function deskWebPreferences(preload: string): WebPreferences {
  return { preload, contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, spellcheck: false };
}

const defaultReadyTimeoutMs = 60_000;
const defaultPollIntervalMs = 100;

interface PrintJob {
  window: PrintWindowLike;
  abort(error: Error): void;
}

/**
 * The Electron host's `printToPdf` and `print`: the Desk's own renderer at the print route, in a
 * hidden window with the Desk window's preload and security, closed when done whatever happened.
 */
export class ElectronPrinter {
  private readonly jobs = new Map<number, PrintJob>();

  constructor(private readonly options: ElectronPrinterOptions) {}

  printToPdf(request: PdfRequest): Promise<Buffer> {
    const { margins } = printPageLayout;
    return this.withPrintPage(request.route, (contents) =>
      contents.printToPDF({
        pageSize: 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: request.headerTemplate,
        footerTemplate: request.footerTemplate,
        preferCSSPageSize: false,
        margins: { top: margins.top, bottom: margins.bottom, left: margins.left, right: margins.right },
      }),
    );
  }

  /** The system's print dialog for the page; the agent's cancel is an answer, not an error. */
  print(request: PrintRequest): Promise<'printed' | 'cancelled'> {
    return this.withPrintPage(
      request.route,
      (contents) =>
        new Promise((resolve, reject) => {
          contents.print({ silent: false, printBackground: true, pageSize: 'A4', header: request.header, footer: request.footer }, (success, failureReason) => {
            if (success) resolve('printed');
            // Electron has said "cancelled", "canceled" and "Print job canceled" over its versions.
            else if (/cancel/iu.test(failureReason)) resolve('cancelled');
            else reject(new Error(`Printing failed: ${failureReason === '' ? 'no reason given' : failureReason}`));
          });
        }),
    );
  }

  /** Whether a WebContents is one of the print windows (their IPC is the Desk's own). */
  owns(webContentsId: number): boolean {
    return this.jobs.has(webContentsId);
  }

  /** Closes every print window; what they were doing fails (the Desk is closing). */
  closeAll(): void {
    for (const job of [...this.jobs.values()]) job.abort(new Error('The Desk closed before printing was done.'));
  }

  private async withPrintPage<T>(route: string, use: (contents: PrintContentsLike) => Promise<T>): Promise<T> {
    if (!route.startsWith('#/')) throw new Error(`A print route starts with "#/", not "${route.slice(0, 20)}".`);
    const url = new URL(this.options.rendererUrl);
    url.hash = route;
    const window = this.options.openWindow({
      show: false,
      width: 794, // A4's width at 96 dpi, so charts are drawn at the size they print
      height: 1123,
      title: 'Kontor Desk – Druck',
      // A hidden window is throttled like a background tab; its timers and frames must run.
      webPreferences: { ...deskWebPreferences(this.options.preload), backgroundThrottling: false },
    });
    const id = window.webContents.id;
    let abort: (error: Error) => void = () => undefined;
    const aborted = new Promise<never>((_resolve, reject) => (abort = reject));
    aborted.catch(() => undefined);
    this.jobs.set(id, {
      window,
      abort: (error) => {
        abort(error);
        if (!window.isDestroyed()) window.destroy();
      },
    });
    try {
      // Nothing leaves an invisible window: no navigation away, no new windows, no links opened.
      hardenWebContents(window.webContents, () => undefined, (target) => this.options.isOwnUrl(target));
      await Promise.race([this.untilReady(window, url.href, route), aborted]);
      return await Promise.race([use(window.webContents), aborted]);
    } finally {
      this.jobs.delete(id);
      if (!window.isDestroyed()) window.destroy();
    }
  }

  private async untilReady(window: PrintWindowLike, url: string, route: string): Promise<void> {
    const timeoutMs = this.options.readyTimeoutMs ?? defaultReadyTimeoutMs;
    const pollMs = this.options.pollIntervalMs ?? defaultPollIntervalMs;
    const deadline = Date.now() + timeoutMs;
    const notReady = () => notReadyMessage(route, timeoutMs);
    await withDeadline(
      window.loadURL(url).catch((error: unknown) => {
        throw new Error(`The Desk's renderer could not be loaded for printing: ${error instanceof Error ? error.message : String(error)}`);
      }),
      deadline,
      notReady,
    );
    await untilPrintReady(() => window.webContents.executeJavaScript(printStateProbe), route, deadline, pollMs, notReady);
  }
}
