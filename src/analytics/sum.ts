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
