// Compensated (Neumaier) summation, so money totals over many lots and dates do not drift.

export class NeumaierSum {
  private sum = 0;
  private compensation = 0;

  add(value: number): this {
    const t = this.sum + value;
    if (Math.abs(this.sum) >= Math.abs(value)) this.compensation += this.sum - t + value;
    else this.compensation += value - t + this.sum;
    this.sum = t;
    return this;
  }

  get value(): number {
    return this.sum + this.compensation;
  }
}

export function neumaierSum(values: Iterable<number>): number {
  const acc = new NeumaierSum();
  for (const v of values) acc.add(v);
  return acc.value;
}

/** Compensated sum, or null when any term is null (an unknown part leaves the total unknown). */
export function sumOrNull(values: readonly (number | null)[]): number | null {
  return values.some((v) => v === null) ? null : neumaierSum(values as number[]);
}

/**
 * sumOrNull term by term: a compensated sum that is null once any term is null, without the array of
 * terms (the realized gains sum each year's sales and dividends of every symbol).
 */
export class SumOrNull {
  private readonly sum = new NeumaierSum();
  private known = true;

  add(value: number | null): this {
    if (value === null) this.known = false;
    else if (this.known) this.sum.add(value);
    return this;
  }

  get value(): number | null {
    return this.known ? this.sum.value : null;
  }
}
