import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // Two cores here and in CI: more workers only contend.
    maxWorkers: 2,
  },
});
