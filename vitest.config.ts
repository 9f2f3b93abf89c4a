import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/harness/global-setup.ts', 'test/harness/browser-host-build.ts'],
    // Each file gets its own database and its own servers. Two files at a time: on a 2-core
    // machine vitest would run one (cores − 1), and most files wait on PostgreSQL, slapd,
    // dovecot or Chromium rather than compute.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ['default', './test/harness/summary-reporter.ts'],
  },
});
