import { defineConfig } from 'vitest/config';

// Real-browser journeys: playwright-core drives Chromium against `vite preview` of dist/.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
