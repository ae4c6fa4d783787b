// Runs the tests of one plugin folder that lives outside plugins/ (made with `create-plugin --dir`),
// which the root vitest.config.ts does not cover. `--config` is resolved against `--root`, so pass it absolute:
//   npx vitest run --root <pluginFolder> --config "$PWD/scripts/vitest.plugin.config.ts"
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['**/*.test.ts'], exclude: ['**/node_modules/**'], testTimeout: 30_000, hookTimeout: 60_000 },
});
