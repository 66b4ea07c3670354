import { defineConfig } from 'vitest/config';

/** The long randomized suites: `npm run soak` (thousands of faulted runs per protocol). */
export default defineConfig({
  test: {
    include: ['test/soak/**/*.test.ts'],
    testTimeout: 3_600_000,
    pool: 'threads',
  },
});
