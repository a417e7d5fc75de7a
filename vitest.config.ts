import { defineConfig } from 'vitest/config';

// Unit and interaction tests: Node, no browser. Browser journeys live in vitest.browser.config.ts.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/interaction/**/*.test.ts', 'test/**/*.unit.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
