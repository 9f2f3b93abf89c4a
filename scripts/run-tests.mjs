// Runs the test suite as two vitest processes side by side: the project of Chromium-driven files
// and the project of Node files (vitest.config.ts), each one file at a time. Vitest itself runs
// projects whose files go one at a time one after the other, which left a core idle for the
// whole run; two Chromium-driven files side by side missed their timeouts on the 2-core machine
// (docs/decisions/test-parallelism.md). Each process has its own slapd and PostgreSQL.
//
// With arguments (files, filters, options), it is plain `vitest run` with them.
// Prints each process's lines with its project's name in front, and at the end the one
// closing line CI reads: `tests: N passed, N failed, N skipped`.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const vitest = new URL('../node_modules/vitest/vitest.mjs', import.meta.url).pathname;
const args = process.argv.slice(2);

if (args.length > 0) {
  const child = spawn(process.execPath, [vitest, 'run', ...args], { stdio: 'inherit' });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  const projects = ['browser', 'node'];
  const results = await Promise.all(projects.map(runProject));
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const result of results) {
    if (result.summary === null) {
      // No closing line: the process died before its reporter ran. Count it as a failure.
      total.failed += 1;
      continue;
    }
    for (const key of Object.keys(total)) total[key] += result.summary[key];
  }
  const exitCode = results.some((result) => result.code !== 0) ? 1 : 0;
  process.stdout.write(`\ntests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`);
  process.exit(exitCode === 0 && total.failed > 0 ? 1 : exitCode);
}

/** One project's vitest process, its lines prefixed; resolves with its exit code and its closing line's counts. */
function runProject(project) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [vitest, 'run', '--project', project], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' } });
    let summary = null;
    const relay = (stream, target) =>
      createInterface({ input: stream }).on('line', (line) => {
        const counts = /^tests: (\d+) passed, (\d+) failed, (\d+) skipped$/u.exec(line.trim());
        if (counts) summary = { passed: Number(counts[1]), failed: Number(counts[2]), skipped: Number(counts[3]) };
        target.write(`[${project}] ${line}\n`);
      });
    relay(child.stdout, process.stdout);
    relay(child.stderr, process.stderr);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), summary }));
  });
}
