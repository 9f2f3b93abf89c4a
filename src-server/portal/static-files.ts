import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** The built portal (`vite build -c vite.portal.config.ts` writes it to out/portal), read once into memory. */
export interface PortalFiles {
  index: Buffer;
  /** By file name below `assets/`: content-hashed, so they never change under one name. */
  assets: ReadonlyMap<string, { content: Buffer; contentType: string }>;
}

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Where the built portal is: beside the bundled server (out/server → out/portal) or, run from
 * the sources (tests, tsx), below the repository's out/. The first folder with an index.html wins.
 */
export function defaultPortalDirectory(): string | null {
  const candidates = [path.resolve(import.meta.dirname, '..', 'portal'), path.resolve(import.meta.dirname, '..', '..', 'out', 'portal')];
  return candidates.find((candidate) => existsSync(path.join(candidate, 'index.html'))) ?? null;
}

/** Reads the built portal; null when the folder holds no build (the server then answers 503 for the pages). */
export function readPortalFiles(directory: string | null): PortalFiles | null {
  if (directory === null || !existsSync(path.join(directory, 'index.html'))) return null;
  const assets = new Map<string, { content: Buffer; contentType: string }>();
  const assetDir = path.join(directory, 'assets');
  if (existsSync(assetDir)) {
    for (const name of readdirSync(assetDir)) {
      const file = path.join(assetDir, name);
      const contentType = contentTypes[path.extname(name).toLowerCase()];
      if (contentType === undefined || !statSync(file).isFile()) continue;
      assets.set(name, { content: readFileSync(file), contentType });
    }
  }
  return { index: readFileSync(path.join(directory, 'index.html')), assets };
}

/**
 * The pages' headers (docs/portal.md, "Content Security Policy"): scripts, styles and requests
 * from this origin only, no inline script or style, no framing, no plugins, forms only to here.
 */
export const portalContentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** index.html is read afresh on every visit (it names the current assets); hashed assets are kept for a year. */
export const cacheControl = { page: 'no-store', asset: 'public, max-age=31536000, immutable' } as const;
