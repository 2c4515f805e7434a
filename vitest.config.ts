import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{src,rules,bin,bench}/**/*.test.ts'],
    // End-to-end tests spawn the built CLI; give slow CI machines room.
    testTimeout: 30_000,
    // Two test files at once even on two cores (vitest's default there is one): most files spend
    // their time waiting on a CLI child or a local server, so the wall time halves (476 s to 254 s).
    maxWorkers: 2,
    // A turn of the event loop after each test (see the file): CLI tests run synchronously.
    setupFiles: ['src/testing/setup.ts'],
  },
});
