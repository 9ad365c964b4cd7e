import { configDefaults, defineConfig } from 'vitest/config';

// Two projects: `unit` is pure code and in-process pieces, run straight from the TypeScript sources
// (`npm run test:unit`, no build); `e2e` spawns the built CLI or drives the whole pipeline (the
// simulator, yahoo-finance2, SQLite, Redis, Chromium) and needs `npm run build` first. `npm test` runs both.
export default defineConfig({
  test: {
    setupFiles: ['test/setup.ts'],
    env: { TZ: 'UTC', NO_COLOR: '1', FOLIO_YAHOO_URL: '' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/unit/**'],
        },
      },
    ],
  },
});
