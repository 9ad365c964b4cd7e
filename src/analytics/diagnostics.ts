// Warnings and notes of one report, collected in the order the steps meet them. Each step receives
// the object it reports to; nothing else holds report text.

export class Diagnostics {
  /** Something the user should act on or know is missing (an unknown symbol, a missing rate). */
  readonly warnings: string[] = [];
  /** How a figure was arrived at (a split applied, a lot entering on the next trading date). */
  readonly notes: string[] = [];

  warn(text: string): void {
    this.warnings.push(text);
  }

  note(text: string): void {
    this.notes.push(text);
  }

  /** Adds the other's warnings and notes that this one does not already hold, in their order. */
  addNew(other: Diagnostics): void {
    const warned = new Set(this.warnings);
    for (const w of other.warnings) if (!warned.has(w)) this.warnings.push(w);
    const noted = new Set(this.notes);
    for (const n of other.notes) if (!noted.has(n)) this.notes.push(n);
  }
}
