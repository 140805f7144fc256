import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Crash and load tests take minutes: `npm run test:reliability` (vitest.reliability.config.ts).
    exclude: [...configDefaults.exclude, 'test/reliability/**'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file gets its own databases, so files can run side by side. Vitest's default is one
    // worker fewer than the cores, which on a two-core machine ran the files one at a time; much
    // of a file's time is spent waiting (PostgreSQL, Chromium, SMTP), so at least two run at once.
    pool: 'forks',
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
