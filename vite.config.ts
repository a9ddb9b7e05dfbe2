import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run the TypeScript sources, never a stale build.
    alias: {
      '@flex-checkout/protocol': src('protocol'),
      '@flex-checkout/sandbox': src('sandbox'),
      '@flex-checkout/storage': src('storage'),
      '@flex-checkout/server': src('server'),
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file gets its own databases; two cores run two files at a time.
    fileParallelism: true,
  },
});
