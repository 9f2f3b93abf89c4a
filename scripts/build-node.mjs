// Bundles the Node entries that electron-vite does not build: Kontor Server (the embedded
// default runs it as a child process) and the browser host. Dependencies stay external.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', sourcemap: true, logLevel: 'warning' };

await Promise.all([
  build({ ...common, entryPoints: ['src-server/cli.ts'], outfile: 'out/server/index.mjs' }),
  build({ ...common, entryPoints: ['src-main/hosts/browser/cli.ts'], outfile: 'out/browser-host/index.mjs' }),
  // The sync engine's thread (src-main/sync/sync-worker-host.ts looks for it next to the bundle).
  build({ ...common, entryPoints: ['src-main/sync/sync-worker.ts'], outfile: 'out/browser-host/sync-worker.mjs' }),
]);
