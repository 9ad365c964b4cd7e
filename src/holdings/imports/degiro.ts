// DEGIRO's three CSVs, in the languages of its interface (NL, DE, FR, EN, ...): Transactions.csv
// (trades; the sign of the quantity tells buy from sell), Account.csv (the cash ledger: dividends and
// their withholding tax; trades there are listed as skipped, Transactions.csv has them) and
// Portfolio.csv (one lot per position, no cost basis). Columns are found by name prefix (DEGIRO
// truncates long names); the currency of an amount is the unnamed column next to it.
import { type CashPart, combineDividends } from './dividends.js';
import { type ImportFormat, type ParsedExport, emptyResult } from './types.js';
import { present, tableOf } from './rows.js';
import { columnKey, type Table, type TableRow } from './table.js';
import { type DecimalStyle, guessDecimalStyle, isIsin, parseAmount, parseDate } from './values.js';

const DATE = ['datum', 'date', 'data', 'fecha'];
const PRODUCT = ['product', 'produkt', 'produit', 'producto', 'prodotto', 'produto'];
const QUANTITY = [
  'aantal',
  'anzahl',
  'quantity',
  'quantite',
  'number',
  'cantidad',
  'quantita',
  'quantidade',
  'amount',
];
const PRICE = ['koers', 'kurs', 'price', 'cours', 'precio', 'prezzo', 'preco'];
const EXCHANGE = [
  'beurs',
  'referenzborse',
  'referenceexchange',
  'exchange',
  'boursedereference',
  'bolsadereferencia',
  'borsadiriferimento',
  'bolsa',
];
const FEE = [
  'transactiekosten',
  'transaktionskost',
  'transactionandorthird',
  'transactioncosts',
  'transactionfee',
  'fraisdecourtage',
  'frais',
  'costesdetransaccion',
  'commissioni',
  'custosdetransacao',
];
const RATE = [
  'wisselkoers',
  'wechselkurs',
  'exchangerate',
  'tauxdechange',
  'tipodecambio',
  'tassodicambio',
  'taxadecambio',
];
const ORDER = ['orderid', 'orderid', 'ordreid', 'idorden', 'iddellordine'];
const DESCRIPTION = [
  'omschrijving',
  'beschreibung',
  'description',
  'descripcion',
  'descrizione',
  'descricao',
];
const CHANGE = ['mutatie', 'anderung', 'change', 'mouvements', 'variacion', 'variazione', 'mudanca'];
const SYMBOL_ISIN = ['symboolisin', 'symbolisin', 'symboleisin', 'simboloisin'];
const LOCAL_VALUE = [
  'lokalewaarde',
  'wertinlokalwahrung',
  'localvalue',
  'valeurlocale',
  'valorlocal',
  'valorelocale',
];

function col(table: Table, names: readonly string[]): number {
  const keys = table.header.map(columnKey);
  for (const name of names) {
    const i = keys.findIndex((k) => k === name || (name.length >= 5 && k.startsWith(name)));
    if (i >= 0) return i;
  }
  return -1;
}

const cell = (row: TableRow, i: number) => (i < 0 ? '' : (row.fields[i] ?? '').trim());
const CURRENCY = /^[A-Z]{3}$/;

/** The currency code in the unnamed column right after (or before, German layout) column `i`. */
function currencyNear(row: TableRow, i: number): string | undefined {
  for (const j of [i + 1, i - 1]) if (CURRENCY.test(cell(row, j))) return cell(row, j);
  return undefined;
}

const hasAny = (keys: string[], names: readonly string[]) =>
  keys.some((k) => names.some((n) => k === n || (n.length >= 5 && k.startsWith(n))));

const isTransactionsHeader = (keys: string[]) =>
  hasAny(keys, DATE) &&
  keys.includes('isin') &&
  hasAny(keys, QUANTITY) &&
  hasAny(keys, PRICE) &&
  hasAny(keys, ['totaal', 'gesamt', 'total']);
const isAccountHeader = (keys: string[]) =>
  hasAny(keys, DATE) &&
  keys.includes('isin') &&
  hasAny(keys, DESCRIPTION) &&
  hasAny(keys, CHANGE) &&
  !hasAny(keys, PRICE);
const isPortfolioHeader = (keys: string[]) => hasAny(keys, PRODUCT) && hasAny(keys, SYMBOL_ISIN);

function parseDegiroTransactions(text: string): ParsedExport {
  const out = emptyResult();
  const table = tableOf(text, out, isTransactionsHeader);
  if (table === undefined) return out;
  const at = {
    date: col(table, DATE),
    product: col(table, PRODUCT),
    isin: table.index('ISIN'),
    exchange: col(table, EXCHANGE),
    quantity: col(table, QUANTITY),
    price: col(table, PRICE),
    fee: col(table, FEE),
    rate: col(table, RATE),
    order: col(table, ORDER),
  };
  const style = styleOf(table, [at.quantity, at.price, at.fee, at.rate], 'dot');
  for (const row of table.rows) {
    const date = parseDate(cell(row, at.date), 'dmy');
    if (date === null) {
      if (cell(row, at.date) === '') continue; // the wrapped rest of a long order id
      out.problems.push({
        line: row.line,
        reason: `date ${JSON.stringify(cell(row, at.date))}: is not a date`,
      });
      continue;
    }
    const quantity = parseAmount(cell(row, at.quantity), style);
    const price = parseAmount(cell(row, at.price), style);
    const fee = parseAmount(cell(row, at.fee), style);
    const rate = parseAmount(cell(row, at.rate), style);
    if (
      quantity === null ||
      Number.isNaN(quantity) ||
      price === null ||
      Number.isNaN(price) ||
      (fee !== null && Number.isNaN(fee))
    ) {
      out.problems.push({ line: row.line, reason: 'quantity, price or costs: not a number' });
      continue;
    }
    if (quantity === 0) {
      out.skipped.push({ line: row.line, reason: 'trade of zero shares' });
      continue;
    }
    const currency = currencyNear(row, at.price);
    // The currency is in the unnamed column next to the costs, or (newer exports) in the header's name.
    const feeCurrency =
      at.fee >= 0
        ? (currencyNear(row, at.fee) ?? /([A-Z]{3})$/.exec(table.header[at.fee] ?? '')?.[1])
        : undefined;
    let feeLocal: number | undefined = fee === null ? undefined : Math.abs(fee);
    let note = '';
    if (feeLocal !== undefined && feeCurrency !== undefined && feeCurrency !== currency) {
      // Costs in the account currency: converted at the trade's own rate (local units per account unit).
      if (rate !== null && !Number.isNaN(rate) && rate > 0) feeLocal *= rate;
      else {
        note = `costs ${feeLocal} ${feeCurrency}`;
        feeLocal = undefined;
      }
    }
    const order = cell(row, at.order).replace(/^-+$/, '');
    out.rows.push({
      line: row.line,
      type: quantity > 0 ? 'buy' : 'sell',
      isin: present(cell(row, at.isin)),
      exchange: present(cell(row, at.exchange)),
      name: present(cell(row, at.product)) ?? null,
      date,
      shares: Math.abs(quantity),
      price,
      ...(feeLocal !== undefined && feeLocal > 0 ? { fee: feeLocal } : {}),
      currency: currency ?? null,
      account: null,
      notes: [order ? `order ${order}` : '', note].filter(Boolean).join('; ') || null,
    });
  }
  return out;
}

const DIVIDEND = /^(dividend|dividende|dividendo|dividenden?|capital return|kapitalrückzahlung)$/i;
const TAX =
  /(dividendbelasting|dividendensteuer|dividend tax|imp[oô]ts? sur dividende|imposto sobre dividendo|retenci[oó]n del dividendo|ritenuta sul dividendo)/i;
const TRADE = /^(koop|verkoop|kauf|verkauf|buy|sell|achat|vente|compra|venda|venta|acquisto|vendita)\b/i;

function parseDegiroAccount(text: string): ParsedExport {
  const out = emptyResult();
  const table = tableOf(text, out, isAccountHeader);
  if (table === undefined) return out;
  const at = {
    date: col(table, DATE),
    product: col(table, PRODUCT),
    isin: table.index('ISIN'),
    description: col(table, DESCRIPTION),
    change: col(table, CHANGE),
  };
  const cash: CashPart[] = [];
  const style = styleOf(table, [at.change + 1], 'comma');
  for (const row of table.rows) {
    const rawDate = cell(row, at.date);
    const date = parseDate(rawDate, 'dmy');
    if (date === null) {
      if (rawDate === '') continue; // the wrapped rest of a long order id
      out.problems.push({ line: row.line, reason: `date ${JSON.stringify(rawDate)}: is not a date` });
      continue;
    }
    const description = cell(row, at.description);
    // "Mutatie,," : the currency under the name, the amount in the unnamed column after it.
    const currency = cell(row, at.change);
    const amount = parseAmount(cell(row, at.change + 1), style);
    const isin = present(cell(row, at.isin));
    const gross = DIVIDEND.test(description);
    if (
      (gross || TAX.test(description)) &&
      isin !== undefined &&
      isIsin(isin) &&
      amount !== null &&
      !Number.isNaN(amount)
    ) {
      cash.push({
        line: row.line,
        kind: gross ? 'gross' : 'tax',
        amount,
        key: `${isin}|${date}|${currency}`,
        row: {
          type: 'dividend',
          isin,
          name: present(cell(row, at.product)) ?? null,
          date,
          shares: 0,
          currency,
          account: null,
          notes: null,
        },
      });
      continue;
    }
    out.skipped.push({ line: row.line, reason: accountSkipReason(description, amount) });
  }
  combineDividends(cash, out.rows, out.skipped);
  return out;
}

function accountSkipReason(description: string, amount: number | null): string {
  const what = description.slice(0, 60);
  if (TRADE.test(description)) return `${what}: a trade (read DEGIRO's Transactions.csv for trades)`;
  if (amount === null) return `${what}: a notice without an amount`;
  if (/valuta|fx|currency|w[äa]hrung|change/i.test(description)) return `${what}: FX conversion`;
  if (
    /deposit|storting|einzahlung|overboeking|withdrawal|terugstorting|sweep|transfer|ideal|sofort|reservation/i.test(
      description,
    )
  )
    return `${what}: deposit, withdrawal or transfer`;
  if (/kosten|fee|frais|comiss|geb[üu]hr|cost/i.test(description)) return `${what}: fee`;
  if (/rente|interest|zins/i.test(description)) return `${what}: interest`;
  return `${what}: not a dividend`;
}

function parseDegiroPortfolio(text: string): ParsedExport {
  const out = emptyResult();
  const table = tableOf(text, out, isPortfolioHeader);
  if (table === undefined) return out;
  const at = {
    product: col(table, PRODUCT),
    isin: col(table, SYMBOL_ISIN),
    quantity: col(table, QUANTITY),
    local: col(table, LOCAL_VALUE),
  };
  const style = styleOf(table, [at.quantity, at.local + 1], 'comma');
  for (const row of table.rows) {
    const id = cell(row, at.isin);
    const quantity = parseAmount(cell(row, at.quantity), style);
    if (id === '' || quantity === null) {
      out.skipped.push({ line: row.line, reason: `${cell(row, at.product) || 'row'}: cash` });
      continue;
    }
    if (Number.isNaN(quantity)) {
      out.problems.push({
        line: row.line,
        reason: `quantity ${JSON.stringify(cell(row, at.quantity))}: is not a number`,
      });
      continue;
    }
    if (quantity <= 0) {
      out.skipped.push({
        line: row.line,
        reason: `${id}: ${quantity === 0 ? 'no shares' : 'short position'}`,
      });
      continue;
    }
    const currency = cell(row, at.local);
    out.rows.push({
      line: row.line,
      type: 'buy',
      position: true,
      ...(isIsin(id) ? { isin: id } : { ticker: id }),
      name: present(cell(row, at.product)) ?? null,
      date: null,
      shares: quantity,
      total: null,
      currency: CURRENCY.test(currency) ? currency : null,
      account: null,
      notes: 'position',
    });
  }
  return out;
}

/** The decimal separator of the file, from the cells of the given columns. */
function styleOf(table: Table, columns: number[], fallback: 'dot' | 'comma'): DecimalStyle {
  return guessDecimalStyle(
    table.rows.flatMap((r) => columns.map((i) => cell(r, i))),
    fallback,
  );
}

function detectWith(isHeader: (keys: string[]) => boolean): (text: string) => boolean {
  return (text) => {
    const first = text.replace(/^\ufeff/, '').split(/\r?\n/, 1)[0] ?? '';
    return isHeader(first.split(/[,;]/).map((f) => columnKey(f.replace(/"/g, ''))));
  };
}

export const degiroTransactions: ImportFormat = {
  name: 'degiro-transactions',
  label: 'DEGIRO Transactions.csv',
  detect: detectWith(isTransactionsHeader),
  parse: parseDegiroTransactions,
};
export const degiroAccount: ImportFormat = {
  name: 'degiro-account',
  label: 'DEGIRO Account.csv (dividends)',
  detect: detectWith(isAccountHeader),
  parse: parseDegiroAccount,
};
export const degiroPortfolio: ImportFormat = {
  name: 'degiro-portfolio',
  label: 'DEGIRO Portfolio.csv',
  detect: detectWith(isPortfolioHeader),
  parse: parseDegiroPortfolio,
};
