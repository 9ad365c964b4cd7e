// Where the money is: the priced holdings broken down by the user's class, instrument type, currency,
// account and country of listing, and how far each group of a target allocation has drifted from its
// target. Pure: holdings come in priced, in the base currency.
import type { AllocationTargets, Quote, TargetDimension } from '../types.js';
import { majorCurrency } from '../currencies.js';
import type { Allocation, AllocationSlice, GroupDrift, TargetDrift } from './model.js';
import type { Position } from './positions.js';
import { neumaierSum } from './sum.js';
import { heldShares, holdingValue } from './totals.js';

/** What one account holds of a holding. */
export interface AccountPart {
  account: string | null;
  shares: number;
  /** Base-currency value; null when the holding has no price. */
  valueBase: number | null;
}

/** One open holding as allocation and rebalancing see it. */
export interface PricedHolding {
  symbol: string;
  /** The file's `class`, null when no row gives one. */
  class: string | null;
  /** stock, ETF, fund, crypto, ... (from the quote's quoteType); `unknown` without a quote. */
  type: string;
  /** The instrument's currency as quoted (`GBp` for pence). */
  currency: string;
  /** Country of the listing (exchange suffix, else the quote's exchange); `unknown` when it does not say. */
  region: string;
  shares: number;
  /** Price in `currency`; null when unknown. */
  price: number | null;
  /** Base-currency value of one unit of `currency` (GBp: the GBP rate / 100); null when unknown. */
  fx: number | null;
  /** shares x price x fx; null when the holding has no price (never 0 for "unknown"). */
  valueBase: number | null;
  accounts: AccountPart[];
}

export const UNCLASSIFIED = 'unclassified';
export const NO_ACCOUNT = 'no account';
const UNKNOWN = 'unknown';

const TYPE_NAMES: Readonly<Record<string, string>> = {
  EQUITY: 'stock',
  ETF: 'ETF',
  MUTUALFUND: 'fund',
  CRYPTOCURRENCY: 'crypto',
  CURRENCY: 'currency',
  INDEX: 'index',
  FUTURE: 'future',
  OPTION: 'option',
  MONEYMARKET: 'money market',
};

/** The instrument type in words; an unfamiliar quoteType is shown in lower case. */
export function instrumentType(quoteType: string | undefined): string {
  if (quoteType === undefined || quoteType.trim() === '') return UNKNOWN;
  return TYPE_NAMES[quoteType.toUpperCase()] ?? quoteType.toLowerCase();
}

/** Yahoo's exchange suffixes and the country of the exchange. */
const SUFFIX_COUNTRY: Readonly<Record<string, string>> = {
  L: 'United Kingdom',
  IL: 'United Kingdom',
  DE: 'Germany',
  F: 'Germany',
  BE: 'Germany',
  DU: 'Germany',
  HM: 'Germany',
  HA: 'Germany',
  MU: 'Germany',
  SG: 'Germany',
  PA: 'France',
  AS: 'Netherlands',
  BR: 'Belgium',
  MI: 'Italy',
  MC: 'Spain',
  LS: 'Portugal',
  VI: 'Austria',
  HE: 'Finland',
  IR: 'Ireland',
  ST: 'Sweden',
  OL: 'Norway',
  CO: 'Denmark',
  SW: 'Switzerland',
  WA: 'Poland',
  IS: 'Turkey',
  TA: 'Israel',
  TO: 'Canada',
  V: 'Canada',
  CN: 'Canada',
  NE: 'Canada',
  MX: 'Mexico',
  SA: 'Brazil',
  BA: 'Argentina',
  SN: 'Chile',
  T: 'Japan',
  HK: 'Hong Kong',
  SS: 'China',
  SZ: 'China',
  KS: 'South Korea',
  KQ: 'South Korea',
  TW: 'Taiwan',
  TWO: 'Taiwan',
  SI: 'Singapore',
  BO: 'India',
  NS: 'India',
  JK: 'Indonesia',
  KL: 'Malaysia',
  BK: 'Thailand',
  AX: 'Australia',
  NZ: 'New Zealand',
  JO: 'South Africa',
  SR: 'Saudi Arabia',
  QA: 'Qatar',
};

/** US exchanges as Yahoo names them in quotes (`exchange` codes and `fullExchangeName`s). */
const US_EXCHANGES: ReadonlySet<string> = new Set(
  [
    'NMS NGM NCM NYQ PCX ASE BTS PNK OQB OQX OEM NAS NYS',
    'NasdaqGS NasdaqGM NasdaqCM Nasdaq NYSE NYSEArca NYSE American NYSE MKT BATS Cboe US OTC Markets Other OTC',
  ]
    .join(' ')
    .toLowerCase()
    .split(' '),
);

/**
 * Country of the listing: the exchange suffix (`VOD.L`: United Kingdom), else a US exchange named in
 * the quote. Crypto, currencies and listings the quote does not place are `unknown`. It is where the
 * instrument trades, not where its business or an ETF's holdings are.
 */
export function listingCountry(
  symbol: string,
  quote: Pick<Quote, 'exchangeName' | 'quoteType'> | undefined,
): string {
  const dot = symbol.lastIndexOf('.');
  if (dot > 0) {
    const country = SUFFIX_COUNTRY[symbol.slice(dot + 1)];
    if (country !== undefined) return country;
  }
  if (quote === undefined) return UNKNOWN;
  const type = quote.quoteType.toUpperCase();
  if (type === 'CRYPTOCURRENCY' || type === 'CURRENCY') return UNKNOWN;
  const exchange = quote.exchangeName?.toLowerCase() ?? '';
  // Names such as "NYSE American" hold a blank: the first word is enough to tell a US venue.
  return US_EXCHANGES.has(exchange) || US_EXCHANGES.has(exchange.split(' ')[0] ?? '')
    ? 'United States'
    : UNKNOWN;
}

/** The open positions as allocation sees them. A position out of the totals has no value (null). */
export function pricedHoldings(open: readonly Position[]): PricedHolding[] {
  return open.map((p) => {
    const ps = p.priced;
    const priced = ps.inTotals && ps.price !== null && ps.fxNow !== null;
    return {
      symbol: ps.symbol,
      class: ps.rows.find((r) => r.class !== undefined)?.class ?? null,
      type: instrumentType(ps.quote?.quoteType),
      currency: ps.currency,
      region: listingCountry(ps.symbol, ps.quote),
      shares: heldShares(p),
      price: ps.price,
      fx: ps.fxNow,
      valueBase: priced ? holdingValue(p) : null,
      accounts: p.held.map((l) => ({
        account: l.buy.row.account,
        shares: l.shares,
        valueBase: priced ? l.marketValue : null,
      })),
    };
  });
}

/** A holding's parts in one dimension: its group (per account for `account`), shares and value. */
export interface GroupPart {
  group: string;
  shares: number;
  valueBase: number | null;
}

export function groupParts(h: PricedHolding, dimension: TargetDimension): GroupPart[] {
  const whole = (group: string): GroupPart[] => [{ group, shares: h.shares, valueBase: h.valueBase }];
  switch (dimension) {
    case 'class':
      return whole(h.class ?? UNCLASSIFIED);
    case 'symbol':
      return whole(h.symbol);
    case 'currency':
      return whole(majorCurrency(h.currency).code);
    case 'type':
      return whole(h.type);
    case 'region':
      return whole(h.region);
    case 'account': {
      // Several lots in one account are one part.
      const byAccount = new Map<string, GroupPart>();
      for (const a of h.accounts) {
        const group = a.account ?? NO_ACCOUNT;
        const part = byAccount.get(group);
        if (part === undefined) byAccount.set(group, { group, shares: a.shares, valueBase: a.valueBase });
        else {
          part.shares += a.shares;
          part.valueBase =
            part.valueBase === null || a.valueBase === null ? null : part.valueBase + a.valueBase;
        }
      }
      return [...byAccount.values()];
    }
  }
}

/** One breakdown: groups by value (largest first, unpriced last), weights over the priced value. */
function breakdown(holdings: readonly PricedHolding[], dimension: TargetDimension): AllocationSlice[] {
  const values = new Map<string, number[]>();
  for (const h of holdings) {
    for (const part of groupParts(h, dimension)) {
      const list = values.get(part.group) ?? [];
      if (part.valueBase !== null) list.push(part.valueBase);
      values.set(part.group, list);
    }
  }
  const total = pricedValue(holdings);
  const slices = [...values].map(([name, list]): AllocationSlice => {
    const value = list.length === 0 ? null : neumaierSum(list);
    return { name, value, weight: value === null || !(total > 0) ? null : value / total };
  });
  return slices.sort(
    (a, b) =>
      (b.value ?? -Infinity) - (a.value ?? -Infinity) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}

/** The value of the holdings that have a price. */
function pricedValue(holdings: readonly PricedHolding[]): number {
  return neumaierSum(holdings.flatMap((h) => (h.valueBase === null ? [] : [h.valueBase])));
}

export function allocation(holdings: readonly PricedHolding[]): Allocation {
  return {
    byClass: breakdown(holdings, 'class'),
    byType: breakdown(holdings, 'type'),
    byCurrency: breakdown(holdings, 'currency'),
    byAccount: breakdown(holdings, 'account'),
    byRegion: breakdown(holdings, 'region'),
  };
}

/**
 * Each target's group against the priced holdings. Groups the holdings have but the targets do not
 * name have target 0 and are listed after the named ones.
 */
export function targetDrift(
  holdings: readonly PricedHolding[],
  targets: AllocationTargets,
  driftBand: number,
): TargetDrift {
  const slices = breakdown(holdings, targets.dimension);
  const weightOf = new Map(slices.map((s) => [s.name, s.weight ?? 0]));
  const total = pricedValue(holdings);
  const named = new Set(targets.targets.map((t) => t.group));
  const rows = [
    ...targets.targets.map((t) => ({ label: t.label, group: t.group, target: t.target })),
    ...slices
      .filter((s) => !named.has(s.name) && s.value !== null)
      .map((s) => ({ label: `${targets.dimension}:${s.name}`, group: s.name, target: 0 })),
  ];
  const groups = rows.map((r): GroupDrift => {
    const weight = weightOf.get(r.group) ?? 0;
    const drift = weight - r.target;
    // A tiny epsilon keeps a drift of exactly the band (0.30 - 0.25) from counting on float noise.
    return {
      group: r.label,
      target: r.target,
      weight,
      drift,
      driftValue: drift * total,
      flagged: Math.abs(drift) > driftBand + 1e-12,
    };
  });
  return {
    file: targets.file,
    dimension: targets.dimension,
    driftBand,
    groups,
    maxDrift: groups.reduce((m, g) => Math.max(m, Math.abs(g.drift)), 0),
  };
}
