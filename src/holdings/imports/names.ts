// The `--from` names of the formats in index.ts, in its order, without loading the parsers: the
// `import` command's declaration lists them in its help at every start of folio. A test keeps this
// list equal to the formats' own names.
export const IMPORT_FORMAT_NAMES = [
  'ibkr-flex-xml',
  'ibkr-flex-csv',
  'trading212',
  'schwab',
  'fidelity-activity',
  'fidelity-positions',
  'degiro-transactions',
  'degiro-account',
  'degiro-portfolio',
  'trade-republic',
  'yahoo',
  'ghostfolio-csv',
  'ghostfolio-json',
  'portfolio-performance',
] as const;
