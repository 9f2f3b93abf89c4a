import { defineConfig } from 'vitest/config';

/** Files that drive Chromium: two of them side by side missed their timeouts on the 2-core CI machine. */
const browserDriven = ['test/e2e/**/*.test.ts', 'test/components/**/*.test.ts', 'test/main/hosts/browser-pdf.test.ts'];
/**
 * Two long Node files (about 110 s together) that run in the browser project's process, so that
 * both processes of `npm test` take about as long (on 2026-12-02: 757 s against 979 s before).
 */
const evenTheLanes = ['test/server/cli.test.ts', 'test/server/seed/seed-cli.test.ts'];
const browserLane = [...browserDriven, ...evenTheLanes];

/**
 * Two projects, each one file at a time. `npm test` (scripts/run-tests.mjs) runs them as two
 * vitest processes side by side, so that a Chromium-driven file never shares the machine with
 * another one while the Node files use the second core; vitest alone runs such projects one
 * after the other (docs/decisions/test-parallelism.md). Each project gets its own slapd and
 * PostgreSQL from the global setup.
 */
const perProject = {
  globalSetup: ['test/harness/global-setup.ts', 'test/harness/browser-host-build.ts'],
  /** Removes the folders `temporaryDirectory` made, once the file's own hooks have run. */
  setupFiles: ['test/harness/remove-temporary.ts'],
  pool: 'forks' as const,
  maxWorkers: 1,
  testTimeout: 30_000,
  hookTimeout: 120_000,
};

export default defineConfig({
  test: {
    reporters: ['default', './test/harness/summary-reporter.ts'],
    projects: [
      { test: { ...perProject, name: 'browser', include: browserLane } },
      { test: { ...perProject, name: 'node', include: ['test/**/*.test.ts'], exclude: browserLane } },
    ],
  },
});
