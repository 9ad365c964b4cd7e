// Text shared by several --help pages.

export const QUIET_HELP = 'print only results, warnings and errors (no progress or status lines; for cron)';

export const EXIT_CODES_HELP = `
Exit codes:
  0  success (also with warnings)
  1  internal error (please report; --debug shows the stack)
  2  usage error (unknown option or command, bad flag value, bad config), or the output
     (stdout, --output, --output-dir) cannot be written
  3  holdings file error (each problem as file:line: field "value": reason)
  4  prices unavailable (no network or data and nothing cached; with --strict also stale/missing prices)
  5  a --fail-if condition was met (the report is still written)`;

/** One example per command, for `folio --help` and `folio` alone. */
export const TOP_LEVEL_EXAMPLES = `
Examples:
  $ folio demo                             offline demo on synthetic prices: start here
  $ folio report holdings.csv              report on your holdings ('folio holdings.csv' is the same)
  $ folio digest holdings.csv              what changed since the last digest (a morning mail)
  $ folio rebalance h.csv --targets t.csv  the trades to reach a target allocation
  $ folio quote AAPL MSFT VOD.L            latest quotes
  $ folio history SPY --period 5y          chart and table of one symbol's closes
  $ folio cache warm holdings.csv          fetch everything a report needs ahead of time
  $ folio config set baseCurrency EUR      change a setting
  $ folio sim --port 8080                  a local Yahoo-compatible price server for testing
'folio help <command>' shows a command's options and more examples.`;

/** Where the README is, for the top-level help. */
export function readmeHelp(readmePath: string): string {
  return `\nDocumentation: ${readmePath} (holdings file format, every figure, configuration)`;
}

/** The top-level usage line and pointer, shown after a usage error outside any command. */
export const TOP_LEVEL_USAGE = `Usage: folio [options] [command] | folio <file...>
Run 'folio --help' for the commands, or 'folio help <command>' for one command's options.`;
