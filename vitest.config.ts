import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  // The examples import the package by its public names, as a user's project does; here they
  // resolve to the sources (tsconfig.json maps the same names for the type checker).
  resolve: {
    alias: [
      { find: /^ensemble-sim\/testing$/, replacement: here('./testing/index.ts') },
      { find: /^ensemble-sim\/check$/, replacement: here('./sim/check/index.ts') },
      { find: /^ensemble-sim$/, replacement: here('./index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    exclude: ['test/soak/**', 'node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'threads',
    setupFiles: ['test/support/fast-check-seed.ts'],
  },
});
