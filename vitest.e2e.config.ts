import { defineConfig } from 'vitest/config';

/**
 * Browser tests (`npm run test:e2e`): the real server on a fresh database serving web/dist,
 * driven through Debian's Chromium by playwright-core. Kept apart from `npm test`.
 */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['test/support/global-setup.ts', 'e2e/support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 90_000,
    pool: 'forks',
    // Two cores: two browsers, two servers and one PostgreSQL at once is as much as they take.
    maxWorkers: 2,
    // Each file is one story in order (a purchase, then its changes): never shuffle or retry parts.
    sequence: { shuffle: false },
  },
});
