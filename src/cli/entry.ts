// What the bundle exports to bin/folio.js, which loads it and runs the CLI with the real process
// streams (main.ts does the same when bin/folio.js runs the compiled modules instead).
export { run } from './app.js';
export { endOnFailedWrite } from './pipe.js';
export { heapFlags } from '../prices/heap.js';
