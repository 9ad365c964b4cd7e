#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `prepare` on install).
import("../dist/src/cli/main.js").catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist')) {
    process.stderr.write('folio: not built yet; run `npm run build` (or `npm ci`, which builds) first\n');
    process.exitCode = 1;
    return;
  }
  throw error;
});
