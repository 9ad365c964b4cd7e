// Text shared by several --help pages.

export const EXIT_CODES_HELP = `
Exit codes:
  0  success (also with warnings)
  1  internal error (please report; --debug shows the stack)
  2  usage error (unknown option or command, bad flag value, bad config)
  3  holdings file error (each problem as file:line: field "value": reason)
  4  prices unavailable (no network or data and nothing cached; with --strict also stale/missing prices)
  5  a --fail-if condition was met (the report is still written)`;
