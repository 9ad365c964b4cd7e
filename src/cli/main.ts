// folio's entry point (bin/folio.js imports this): run the CLI with the real process streams.
import { run } from './app.js';
import { endOnFailedWrite } from './pipe.js';

endOnFailedWrite({ stdout: process.stdout, stderr: process.stderr });

process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
