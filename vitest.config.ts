import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'models/**/*.test.ts', 'electron/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts', 'renderer/**/*.test.ts', 'build/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests spawn the CLI and worker threads; two cores, so keep file-level parallelism modest.
    maxWorkers: 2,
    setupFiles: ['test/setup/fast-check.ts'],
    // No test (nor a CLI it spawns) may read or write the developer's own preferences file.
    env: { TAGSMITH_CONFIG_DIR: path.join(os.tmpdir(), 'tagsmith-vitest-config') },
  },
});
