import { isSafeExternalUrl } from '../platform.js';

/** The parts of Electron's WebContents that the hardening uses (stand-ins in tests). */
export interface WebContentsLike {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void }, url: string) => void): void;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/**
 * No navigation away from the renderer, no new windows, no webviews. A link to a web page opens
 * in the system browser after a check; everything else is dropped.
 */
export function hardenWebContents(contents: WebContentsLike, openExternal: (url: string) => void, isOwnUrl: (url: string) => boolean): void {
  const blockForeign = (event: { preventDefault(): void }, url: string) => {
    if (!isOwnUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', blockForeign);
  contents.on('will-redirect', blockForeign);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) openExternal(url);
    return { action: 'deny' };
  });
}

/** The policy for the renderer, also sent as a header for everything Electron loads. */
export const rendererCsp =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
