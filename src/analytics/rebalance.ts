// The trades that bring the priced holdings to a target allocation, at today's prices and FX. Pure.
//
// Rules (README "Allocation and rebalancing"):
// - Sells allowed, fractional shares: every group ends at target x (value + cash); the trades add up to
//   the cash; within a group the trade is shared in proportion to the holdings' current values.
// - No sells: the cash is invested whole, by water-filling: the groups below target, furthest first,
//   are raised to one common drift against target x (value + cash), so every buy goes to a group
//   below its target and the largest drift after is no larger than before (see noSellBuys).
// - Whole shares: sells round up to whole shares (never more than held), buys down; the cash left is
//   then spent one group at a time, most underweight first (without sells: only the groups the
//   water-filling chose), while a share is affordable. Never negative.
// A group with a target whose holdings have no price cannot be traded: an error naming it.
import { PriceUnavailableError } from '../errors.js';
import type { AllocationTargets, TargetDimension } from '../types.js';
import { groupParts, type PricedHolding } from './allocation.js';
import { neumaierSum } from './sum.js';

export interface RebalanceInput {
  holdings: readonly PricedHolding[];
  targets: AllocationTargets;
  /** New cash to invest, in the base currency (>= 0). */
  cash: number;
  noSell: boolean;
  wholeShares: boolean;
}

export interface Trade {
  symbol: string;
  /** Set when the targets are by account: a holding in two accounts trades in each. */
  account?: string;
  /** The target group (`class:Bonds`). */
  group: string;
  /** Positive buys, negative sells. */
  shares: number;
  /** Today's price in `currency`. */
  price: number;
  currency: string;
  /** shares x price, in `currency`. */
  amount: number;
  /** The amount in the base currency at today's FX. */
  amountBase: number;
}

export interface GroupChange {
  group: string;
  target: number;
  /** Weight before and after the trades, over the priced holdings. */
  before: number;
  after: number;
  driftBefore: number;
  driftAfter: number;
}

export interface RebalancePlan {
  dimension: TargetDimension;
  /** Value of the priced holdings plus the new cash: what the targets divide. */
  total: number;
  /** Cash left after the trades (0 unless whole shares leave some); never negative. */
  cash: number;
  trades: Trade[];
  groups: GroupChange[];
  /** Holdings without a price: neither traded nor counted. */
  unpriced: string[];
}

/** A holding, or with targets by account a holding's part in one account: what one trade moves. */
interface Unit {
  symbol: string;
  account?: string;
  group: string;
  held: number;
  price: number;
  currency: string;
  /** Base value of one share. */
  unitValue: number;
  value: number;
}

interface Group {
  label: string;
  target: number;
  value: number;
  units: Unit[];
}

export function rebalance(input: RebalanceInput): RebalancePlan {
  const { targets, cash } = input;
  if (!(cash >= 0) || !Number.isFinite(cash))
    throw new RangeError(`rebalance: cash must be >= 0, got ${cash}`);
  const { groups, unpriced } = groupsOf(input.holdings, targets);
  const value = neumaierSum(groups.map((g) => g.value));
  const total = value + cash;
  const buys = input.noSell ? noSellBuys(groups, cash, total) : groups.map((g) => g.target * total - g.value);
  // Fractional trades per unit: the group's trade in proportion to current values.
  const fractional = new Map<Unit, number>();
  groups.forEach((g, k) => {
    for (const u of g.units) fractional.set(u, g.value > 0 ? ((buys[k] as number) * u.value) / g.value : 0);
  });
  // Without sells the leftover goes only to the groups the water-filling chose.
  const topUp = input.noSell
    ? groups.filter((g) => g.units.some((u) => (fractional.get(u) ?? 0) > 0))
    : groups;
  const amounts = input.wholeShares ? wholeShareAmounts(groups, fractional, cash, total, topUp) : fractional;
  const trades = groups.flatMap((g) =>
    g.units.map((u): Trade => {
      const amountBase = amounts.get(u) ?? 0;
      const shares = input.wholeShares ? Math.round(amountBase / u.unitValue) : amountBase / u.unitValue;
      return {
        symbol: u.symbol,
        ...(u.account === undefined ? {} : { account: u.account }),
        group: g.label,
        shares,
        price: u.price,
        currency: u.currency,
        amount: shares * u.price,
        amountBase: input.wholeShares ? shares * u.unitValue : amountBase,
      };
    }),
  );
  const spent = neumaierSum(trades.map((t) => t.amountBase));
  // Fractional trades spend the cash exactly; what remains is rounding noise.
  const left = input.wholeShares ? Math.max(0, cash - spent) : 0;
  const invested = total - left;
  const changes = groups.map((g): GroupChange => {
    const after = g.value + neumaierSum(trades.filter((t) => t.group === g.label).map((t) => t.amountBase));
    const before = value > 0 ? g.value / value : 0;
    const afterWeight = invested > 0 ? after / invested : 0;
    return {
      group: g.label,
      target: g.target,
      before,
      after: afterWeight,
      driftBefore: before - g.target,
      driftAfter: afterWeight - g.target,
    };
  });
  return { dimension: targets.dimension, total, cash: left, trades, groups: changes, unpriced };
}

/** The targets' groups (then the holdings' other groups, target 0) with their priced units. */
function groupsOf(
  holdings: readonly PricedHolding[],
  targets: AllocationTargets,
): { groups: Group[]; unpriced: string[] } {
  const byName = new Map<string, Group>();
  for (const t of targets.targets)
    byName.set(t.group, { label: t.label, target: t.target, value: 0, units: [] });
  const unpriced: string[] = [];
  const unpricedIn = new Map<string, string[]>();
  for (const h of holdings) {
    for (const part of groupParts(h, targets.dimension)) {
      let g = byName.get(part.group);
      if (g === undefined) {
        g = { label: `${targets.dimension}:${part.group}`, target: 0, value: 0, units: [] };
        byName.set(part.group, g);
      }
      if (part.valueBase === null || h.price === null || h.fx === null || !(h.price > 0) || !(h.fx > 0)) {
        if (!unpriced.includes(h.symbol)) unpriced.push(h.symbol);
        unpricedIn.set(part.group, [...(unpricedIn.get(part.group) ?? []), h.symbol]);
        continue;
      }
      g.units.push({
        symbol: h.symbol,
        ...(targets.dimension === 'account' ? { account: part.group } : {}),
        group: g.label,
        held: part.shares,
        price: h.price,
        currency: h.currency,
        unitValue: h.price * h.fx,
        value: part.valueBase,
      });
      g.value += part.valueBase;
    }
  }
  const groups = [...byName.values()];
  for (const [name, g] of byName) {
    if (g.target > 0 && g.units.length === 0)
      throw new PriceUnavailableError(
        `${g.label} has a target of ${g.target} but none of its holdings (${(unpricedIn.get(name) ?? []).join(', ')}) has a price: nothing to trade it with`,
      );
  }
  return { groups, unpriced };
}

/**
 * Buys only, the whole cash. Preferred: only the groups whose weight is below target today, raised
 * (most underweight first) to one common drift L <= 0 against target x total. When that cannot hold
 * the cash without lifting them above target, or would leave a larger drift than today's largest,
 * every group with a target takes part (L <= 0 then always exists, and no drift grows beyond today's
 * largest): a group at or above target today may then be below target x (value + cash), and is filled.
 */
export function noSellBuys(
  groups: readonly Pick<Group, 'target' | 'value'>[],
  cash: number,
  total: number,
): number[] {
  const value = total - cash;
  const before = (g: Pick<Group, 'target' | 'value'>) => (value > 0 ? g.value / value : 0);
  const largest = (buys: readonly number[]) =>
    Math.max(0, ...groups.map((g, k) => Math.abs((g.value + (buys[k] ?? 0)) / total - g.target)));
  const under = waterFill(groups, cash, total, (g) => before(g) < g.target);
  if (
    under !== null &&
    largest(under) <= Math.max(0, ...groups.map((g) => Math.abs(before(g) - g.target))) + 1e-12
  )
    return under;
  return waterFill(groups, cash, total, (g) => g.target > 0) ?? groups.map(() => 0);
}

/**
 * Water-filling over the eligible groups: sum of max(0, (target + L) x total - value) = cash. Null
 * when L would have to be above 0 (the eligible groups cannot take the cash without passing target).
 */
function waterFill(
  groups: readonly Pick<Group, 'target' | 'value'>[],
  cash: number,
  total: number,
  eligible: (g: Pick<Group, 'target' | 'value'>) => boolean,
): number[] | null {
  if (!(total > 0) || cash === 0) return groups.map(() => 0);
  const order = groups
    .map((g, k) => ({ g, k, level: g.value / total - g.target }))
    .filter((x) => x.g.target > 0 && eligible(x.g))
    .sort((a, b) => a.level - b.level);
  if (order.length === 0) return null;
  let level = 0;
  let values = 0;
  let targetSum = 0;
  for (let i = 0; i < order.length; i++) {
    values += order[i]!.g.value;
    targetSum += order[i]!.g.target;
    level = (cash + values - targetSum * total) / ((i + 1) * total);
    const next = order[i + 1];
    if (next === undefined || level <= next.level) break;
  }
  // Float noise aside, a level above 0 means passing target.
  if (level > 1e-12) return null;
  const filled = new Set(order.map((x) => x.k));
  return groups.map((g, k) => (filled.has(k) ? Math.max(0, (g.target + level) * total - g.value) : 0));
}

/** Whole shares: sells up, buys down, then the cash left spent on the most underweight groups. */
function wholeShareAmounts(
  groups: readonly Group[],
  fractional: ReadonlyMap<Unit, number>,
  cash: number,
  total: number,
  topUp: readonly Group[],
): Map<Unit, number> {
  const shares = new Map<Unit, number>();
  for (const [u, amount] of fractional) {
    const exact = amount / u.unitValue;
    // 1e-9 of a share absorbs float noise (2.9999999999 is 3).
    shares.set(
      u,
      exact < 0 ? -Math.min(Math.ceil(-exact - 1e-9), Math.floor(u.held + 1e-9)) : Math.floor(exact + 1e-9),
    );
  }
  const spentOn = (): number => neumaierSum([...shares].map(([u, n]) => n * u.unitValue));
  const groupValue = (g: Group): number =>
    g.value + neumaierSum(g.units.map((u) => (shares.get(u) ?? 0) * u.unitValue));
  // A sell capped at the shares held may leave too little cash for the buys: give back the buys of
  // the groups most over target until the cash suffices.
  for (let guard = 0; cash - spentOn() < -1e-9 && guard < 100_000; guard++) {
    const over = groups
      .flatMap((g) =>
        g.units
          .filter((u) => (shares.get(u) ?? 0) > 0)
          .map((u) => ({ u, excess: groupValue(g) - g.target * total })),
      )
      .sort((a, b) => b.excess - a.excess)[0];
    if (over === undefined) break;
    shares.set(over.u, (shares.get(over.u) ?? 0) - 1);
  }
  // Spend what is left, most underweight group first, while a share is affordable.
  for (let guard = 0; guard < 10_000; guard++) {
    const left = cash - spentOn();
    const pick = topUp
      .map((g) => ({ g, deficit: g.target * total - groupValue(g) }))
      .filter((x) => x.deficit > 1e-9)
      .sort((a, b) => b.deficit - a.deficit)
      .flatMap(({ g, deficit }) =>
        g.units
          .filter((u) => u.unitValue <= left + 1e-9)
          .sort(
            (a, b) =>
              (fractional.get(b) ?? 0) / b.unitValue -
              (shares.get(b) ?? 0) -
              ((fractional.get(a) ?? 0) / a.unitValue - (shares.get(a) ?? 0)),
          )
          .map((u) => ({ u, deficit })),
      )[0];
    if (pick === undefined) break;
    const n = Math.max(
      1,
      Math.min(
        Math.floor((left + 1e-9) / pick.u.unitValue),
        Math.ceil(pick.deficit / pick.u.unitValue - 1e-9),
      ),
    );
    shares.set(pick.u, (shares.get(pick.u) ?? 0) + n);
  }
  return new Map([...shares].map(([u, n]) => [u, n * u.unitValue]));
}
