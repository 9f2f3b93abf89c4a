// Electron's binary cannot run here: a stand-in plays BrowserWindow and its WebContents. The
// readiness probe runs for real, against a stand-in `document`, so a probe that reads the wrong
// attribute fails here as well as in browser-pdf.test.ts (where a real Chromium answers it).
import type { BrowserWindowConstructorOptions, PrintToPDFOptions, WebContentsPrintOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { ElectronPrinter, type PrintWindowLike } from '../../../src-main/hosts/electron/print.js';

const rendererUrl = 'file:///opt/kontor/out/renderer/index.html';
const preload = '/opt/kontor/out/preload/index.cjs';
const request = {
  route: '#/print?report=sla&from=2025-06-09&to=2025-06-15',
  headerTemplate: '<div style="font-size:9px">Wochenbericht · Daten vom 16.06.2025 07:30</div>',
  footerTemplate: '<div style="font-size:9px">Seite <span class="pageNumber"></span> von <span class="totalPages"></span></div>',
};

type NavigationListener = (event: { preventDefault(): void }, url: string) => void;

interface Behaviour {
  /** How many readiness polls answer "not ready" first (Infinity: never ready). */
  readyAfterPolls?: number;
  printError?: string;
  loadError?: Error;
  printToPDF?: (options: PrintToPDFOptions) => Promise<Buffer>;
  printAnswer?: [success: boolean, failureReason: string];
}

function fakeElectron(behaviour: Behaviour = {}) {
  const windows: { options: BrowserWindowConstructorOptions; loaded: string[]; destroyed: boolean; listeners: Map<string, NavigationListener>; opens: ((details: { url: string }) => { action: 'deny' }) | null }[] = [];
  const pdfOptions: PrintToPDFOptions[] = [];
  const printOptions: WebContentsPrintOptions[] = [];
  let nextId = 41;
  const openWindow = (options: BrowserWindowConstructorOptions): PrintWindowLike => {
    const record = { options, loaded: [] as string[], destroyed: false, listeners: new Map<string, NavigationListener>(), opens: null as ((details: { url: string }) => { action: 'deny' }) | null };
    windows.push(record);
    const dataset: Record<string, string> = {};
    let polls = 0;
    const window: PrintWindowLike = {
      webContents: {
        id: nextId++,
        on: (event: string, listener: NavigationListener) => void record.listeners.set(event, listener),
        setWindowOpenHandler: (handler) => (record.opens = handler),
        executeJavaScript(code) {
          polls += 1;
          if (polls > (behaviour.readyAfterPolls ?? 2)) dataset.printReady = 'true';
          if (behaviour.printError !== undefined) dataset.printError = behaviour.printError;
          // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the probe the printer sends, run against a stand-in page
          const probe = new Function('document', `return ${code}`) as (document: unknown) => unknown;
          return Promise.resolve(probe({ documentElement: { dataset } }));
        },
        printToPDF(options) {
          pdfOptions.push(options);
          return behaviour.printToPDF ? behaviour.printToPDF(options) : Promise.resolve(Buffer.from('%PDF-1.7 Wochenbericht'));
        },
        print(options, callback) {
          printOptions.push(options);
          if (behaviour.printAnswer) setTimeout(() => callback(...(behaviour.printAnswer ?? [true, ''])), 5);
        },
      },
      loadURL(url) {
        record.loaded.push(url);
        return behaviour.loadError ? Promise.reject(behaviour.loadError) : Promise.resolve();
      },
      isDestroyed: () => record.destroyed,
      destroy: () => void (record.destroyed = true),
    };
    return window;
  };
  const printer = new ElectronPrinter({ openWindow, rendererUrl, preload, isOwnUrl: (url) => url.startsWith(rendererUrl), readyTimeoutMs: 300, pollIntervalMs: 10 });
  return { printer, windows, pdfOptions, printOptions };
}

describe('the Electron host printing to PDF', () => {
  it('renders the route in a hidden window with the Desk window’s security, waits for data-print-ready, and closes the window', async () => {
    const { printer, windows, pdfOptions } = fakeElectron({ readyAfterPolls: 3 });
    expect((await printer.printToPdf(request)).toString()).toBe('%PDF-1.7 Wochenbericht');
    expect(windows).toHaveLength(1);
    const [window] = windows;
    expect(window?.options).toMatchObject({
      show: false,
      webPreferences: { preload, contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, backgroundThrottling: false },
    });
    expect(window?.loaded).toEqual([`${rendererUrl}#/print?report=sla&from=2025-06-09&to=2025-06-15`]);
    expect(pdfOptions).toEqual([
      {
        pageSize: 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: request.headerTemplate,
        footerTemplate: request.footerTemplate,
        preferCSSPageSize: false,
        margins: { top: 0.8, bottom: 0.7, left: 0.5, right: 0.5 },
      },
    ]);
    expect(window?.destroyed).toBe(true);
  });

  it('keeps the print window from navigating away or opening anything', async () => {
    const { printer, windows } = fakeElectron();
    await printer.printToPdf(request);
    const window = windows[0];
    let prevented = 0;
    window?.listeners.get('will-navigate')?.({ preventDefault: () => (prevented += 1) }, 'https://evil.example/');
    window?.listeners.get('will-redirect')?.({ preventDefault: () => (prevented += 1) }, 'file:///etc/passwd');
    window?.listeners.get('will-navigate')?.({ preventDefault: () => (prevented += 1) }, `${rendererUrl}#/queue/1`);
    expect(prevented).toBe(2);
    expect(window?.opens?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });

  it('counts the print window as the Desk’s own while it prints, and no longer afterwards', async () => {
    let seenWhilePrinting: boolean | null = null;
    const holder: { printer: ElectronPrinter | null } = { printer: null };
    const { printer } = fakeElectron({
      printToPDF: () => {
        seenWhilePrinting = holder.printer?.owns(41) ?? null;
        return Promise.resolve(Buffer.from('%PDF'));
      },
    });
    holder.printer = printer;
    await printer.printToPdf(request);
    expect(seenWhilePrinting).toBe(true);
    expect(printer.owns(41)).toBe(false);
  });

  it('closes the window when printToPDF fails, when the page never gets ready, when it reports an error, and when loading fails', async () => {
    const failing = fakeElectron({ printToPDF: () => Promise.reject(new Error('Printing failed')) });
    await expect(failing.printer.printToPdf(request)).rejects.toThrow('Printing failed');
    expect(failing.windows[0]?.destroyed).toBe(true);

    const never = fakeElectron({ readyAfterPolls: Infinity });
    const begun = Date.now();
    await expect(never.printer.printToPdf(request)).rejects.toThrow(`The print page ${request.route} was not ready within 0.3 s (data-print-ready never became "true").`);
    expect(Date.now() - begun).toBeLessThan(1000);
    expect(never.windows[0]?.destroyed).toBe(true);
    expect(never.pdfOptions).toEqual([]);

    const reporting = fakeElectron({ readyAfterPolls: Infinity, printError: 'Bericht nicht erlaubt' });
    await expect(reporting.printer.printToPdf(request)).rejects.toThrow('reported an error: Bericht nicht erlaubt');
    expect(reporting.windows[0]?.destroyed).toBe(true);

    const unloadable = fakeElectron({ loadError: new Error("ERR_FILE_NOT_FOUND (-6) loading 'file:///opt/kontor/out/renderer/index.html'") });
    await expect(unloadable.printer.printToPdf(request)).rejects.toThrow("The Desk's renderer could not be loaded for printing: ERR_FILE_NOT_FOUND");
    expect(unloadable.windows[0]?.destroyed).toBe(true);
  });

  it('refuses a route that is not a renderer route, without opening a window', async () => {
    const { printer, windows } = fakeElectron();
    await expect(printer.printToPdf({ ...request, route: 'https://evil.example/' })).rejects.toThrow('starts with "#/"');
    expect(windows).toEqual([]);
  });
});

describe('the Electron host printing through the system dialog', () => {
  it.each([
    [[true, ''] as [boolean, string], 'printed'],
    [[false, 'cancelled'] as [boolean, string], 'cancelled'],
    [[false, 'Print job canceled'] as [boolean, string], 'cancelled'],
  ])('answers %j with %s and closes the window', async (answer, outcome) => {
    const { printer, windows, printOptions } = fakeElectron({ printAnswer: answer });
    expect(await printer.print({ route: request.route, header: 'Kontor · SLA-Erfüllung', footer: 'Prüfsumme 0123456789ab' })).toBe(outcome);
    expect(printOptions).toEqual([{ silent: false, printBackground: true, pageSize: 'A4', header: 'Kontor · SLA-Erfüllung', footer: 'Prüfsumme 0123456789ab' }]);
    expect(windows[0]?.loaded).toEqual([`${rendererUrl}${request.route}`]);
    expect(windows[0]?.options.show).toBe(false);
    expect(windows[0]?.destroyed).toBe(true);
  });

  it('fails with Electron’s reason when printing fails', async () => {
    const { printer, windows } = fakeElectron({ printAnswer: [false, 'Print job failed'] });
    await expect(printer.print({ route: request.route, header: '', footer: '' })).rejects.toThrow('Printing failed: Print job failed');
    expect(windows[0]?.destroyed).toBe(true);
  });

  it('closes an open dialog’s window when the Desk closes, and says so', async () => {
    const { printer, windows } = fakeElectron();
    const printing = printer.print({ route: request.route, header: '', footer: '' });
    await expect.poll(() => printer.owns(41)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    printer.closeAll();
    await expect(printing).rejects.toThrow('The Desk closed before printing was done.');
    expect(windows[0]?.destroyed).toBe(true);
  });
});
