import { defineConfig } from 'vitest/config';

/**
 * `npm run test:reliability`: crashes and load against `plenum serve` child processes. They take
 * minutes, so `npm test` leaves them out (see vitest.config.ts); CI runs both.
 */
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One file at a time: each measures a server process, which a neighbour would disturb.
    fileParallelism: false,
  },
});
