// The fields of a lot and the column names (CSV) or keys (JSON) that give them. Matching ignores case,
// spaces, `_` and `-`, so `Total Cost`, `total_cost` and `totalCost` are one name. To add a field, add it
// here and read it in validate.ts.

export type LotField =
  | 'symbol'
  | 'shares'
  | 'cost'
  | 'totalCost'
  | 'date'
  | 'currency'
  | 'account'
  | 'name'
  | 'notes'
  | 'type'
  | 'fee'
  | 'class';

const ALIASES: Record<LotField, readonly string[]> = {
  symbol: ['symbol', 'ticker'],
  shares: ['shares', 'quantity', 'qty', 'units'],
  cost: ['cost', 'price', 'costbasis', 'unitcost'],
  totalCost: ['totalcost'],
  date: ['date', 'purchasedate', 'acquired'],
  currency: ['currency'],
  account: ['account'],
  name: ['name'],
  notes: ['notes'],
  type: ['type'],
  fee: ['fee'],
  class: ['class', 'assetclass'],
};

/** Fields every lot must give. */
export const REQUIRED_FIELDS: readonly LotField[] = ['symbol', 'shares'];

/** How the field is spelled in messages about a missing column. */
export const CSV_COLUMN_NAME: Record<LotField, string> = {
  symbol: 'symbol',
  shares: 'shares',
  cost: 'cost',
  totalCost: 'total_cost',
  date: 'date',
  currency: 'currency',
  account: 'account',
  name: 'name',
  notes: 'notes',
  type: 'type',
  fee: 'fee',
  class: 'class',
};

const BY_NAME = new Map<string, LotField>();
for (const [field, names] of Object.entries(ALIASES) as [LotField, readonly string[]][]) {
  for (const name of names) BY_NAME.set(name, field);
}

/** The field a column name or JSON key gives, or undefined for an unknown (ignored) one. */
export function fieldForName(name: string): LotField | undefined {
  // Only blanks, `_` and `-` are dropped: a name with a line break or other control character is unknown.
  return BY_NAME.get(
    name
      .trim()
      .toLowerCase()
      .replace(/[ \t_-]+/g, ''),
  );
}

/** The other accepted names of a field, for hints. */
export function aliasesOf(field: LotField): readonly string[] {
  return ALIASES[field];
}

/** A column name or key as shown in messages: quoted when it holds a tab or control character, so messages stay one line. */
export function printableLabel(label: string): string {
  return /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(label) ? JSON.stringify(label) : label;
}
