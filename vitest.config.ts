/**
 * Test tiers:
 *   unit      src/**\/*.test.ts      pure functions, no database
 *   pglite    test/**\/*.test.ts     route and service tests through app.inject() on PGlite
 *   postgres  test/**\/*.test.ts     the same files on PostgreSQL (WAYMARK_TEST_DATABASE_URL)
 *   e2e       e2e/**\/*.e2e.ts       browser journeys in Chromium (playwright-core)
 * scripts/test.mjs chooses which tiers run and says plainly which were skipped and why.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Vitest's default is one worker per CPU less one: a single worker on a 2-CPU machine. Most
    // route and CLI tests wait on PostgreSQL or a child process, so two workers keep both CPUs busy.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          environment: 'node',
          // A few unit tests start an in-memory PGlite, which takes seconds when the PostgreSQL and
          // browser tiers share the machine's two cores (some in a beforeAll hook).
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'pglite',
          include: ['test/**/*.test.ts'],
          environment: 'node',
          env: { WAYMARK_TEST_ENGINE: 'pglite' },
          globalSetup: ['test/setup/pglite.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'postgres',
          include: ['test/**/*.test.ts'],
          environment: 'node',
          env: { WAYMARK_TEST_ENGINE: 'postgres' },
          globalSetup: ['test/setup/postgres.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.ts'],
          environment: 'node',
          globalSetup: ['e2e/setup/server.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Pages load their code and data lazily; vitest's default of one second for expect.poll is
          // too short when the database tiers run beside this one. Waiting longer for a condition
          // changes nothing about what it must become.
          expect: { poll: { timeout: 15_000 } },
          fileParallelism: false,
        },
      },
    ],
  },
});
