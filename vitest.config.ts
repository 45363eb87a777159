import { defineConfig } from 'vitest/config';

/**
 * Unit tests (`*.unit.test.ts`: pure functions, policies, validators) and integration tests
 * (`*.int.test.ts`: real services and routes on a real database, one database per file cloned from
 * a migrated template). Browser tests have their own config in e2e/.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['server/src/**/*.unit.test.ts', 'shared/**/*.unit.test.ts', 'web/src/**/*.unit.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['server/**/*.int.test.ts'],
          environment: 'node',
          globalSetup: ['server/test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
