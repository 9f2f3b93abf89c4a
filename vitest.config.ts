import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/harness/global-setup.ts', 'test/harness/browser-host-build.ts'],
    // Each file gets its own database and its own servers; one file at a time on a 2-core machine
    // (vitest's cores − 1). Two at a time cut the run by a third, but two Chromium-driven files
    // side by side missed their timeouts in CI (docs/decisions/test-parallelism.md).
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ['default', './test/harness/summary-reporter.ts'],
  },
});
