// `npm run bench [-- --seconds 15 --tickets 20000 --articles 5 --only a,b,c]`: runs the
// TypeScript benchmarks in bench/ with tsx. They print figures and never assert; the exit code
// is not 0 only when a benchmark could not run at all. See docs/benchmarks.md.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const child = spawn(process.execPath, ['--import', 'tsx', 'bench/main.ts', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
// Ctrl-C reaches the child too (same process group); it stops its servers and exits.
process.on('SIGINT', () => undefined);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
