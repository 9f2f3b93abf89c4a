import type { DeskNotice } from '../../src-shared/ipc/notifications.js';
import type { SaveFile } from './save-file.js';

/** What differs between the Electron host and the browser host; the services see only this. */
export interface HostPlatform {
  readonly kind: 'electron' | 'browser';
  /** Per-user folder for the cache, the embedded server's database and settings. */
  readonly userDataDir: string;
  /** Folder holding `resources/` (default config, demo directory). */
  readonly resourcesDir: string;
  /** Opens an http(s) address in the system browser; anything else is refused. */
  openExternal(url: string): Promise<void>;
  /**
   * Saves a copy of a Desk file where the agent chooses: Electron's save dialog, or the browser
   * host's one-time download that its browser saves. Never opens the file.
   */
  saveFile: SaveFile;
  /**
   * Shows a desktop notice with the host's own notifications (Electron); clicking it opens the
   * ticket. A host without one (the browser host) leaves it to the renderer: the notice is pushed
   * as the event `notifications.show` and shown with the web Notification API.
   */
  notify?(notice: DeskNotice): void;
  /**
   * Renders a route of the Desk's own renderer (`#/print?...`) off screen as an A4 PDF, with
   * Chromium's header and footer templates (`pageNumber`, `totalPages`): Electron's
   * `printToPDF` on a hidden window, the browser host's headless Chromium. Resolves once the page
   * said it is ready (`data-print-ready` on `<html>`), rejects with what went wrong.
   */
  printToPdf(request: PdfRequest): Promise<Buffer>;
  /** The same page through the system's print dialog (Electron); absent where there is none (the browser host). */
  print?(request: PrintRequest): Promise<'printed' | 'cancelled'>;
  /**
   * A hint that a print may follow soon (a report was built or opened): a host whose printing
   * costs a start-up (the browser host's headless Chromium) starts it now. Optional; never waited for.
   */
  preparePrint?(): void;
}

/** What `print` puts on paper: the route, and plain-text header and footer lines for Chromium's own. */
export interface PrintRequest {
  route: string;
  header: string;
  footer: string;
}

/** What `printToPdf` renders. */
export interface PdfRequest {
  /** The renderer route with its query, starting with `#/`. */
  route: string;
  /** Chromium header/footer templates: escaped HTML, inline styles only. */
  headerTemplate: string;
  footerTemplate: string;
}

/** Only plain web addresses leave the app; file:, javascript: and custom schemes never do. */
export function isSafeExternalUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}
