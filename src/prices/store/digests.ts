// A digest's baseline in the cache: one record per holdings file (keyed by its absolute path), apart
// from the prices, so `cache clear` (prices and the breaker) keeps it and `folio digest --reset`
// starts it over. A record that does not read as a baseline (damaged, an older shape) is no baseline.
import type { DigestSnapshot } from '../../types.js';
import { type PriceStore, recordKey } from './store.js';

/** The current shape of a stored baseline (`v`); another shape reads as none. */
const BASELINE_FORM = 1;

const digestKey = (absolutePath: string) => recordKey('digest', absolutePath);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function isSnapshot(v: unknown): v is DigestSnapshot {
  return (
    isRecord(v) &&
    typeof v.asOf === 'string' &&
    typeof v.baseCurrency === 'string' &&
    isNumber(v.marketValue) &&
    Array.isArray(v.holdings) &&
    v.holdings.every(
      (h) => isRecord(h) && typeof h.symbol === 'string' && isNumber(h.shares) && isNumber(h.marketValue),
    ) &&
    Array.isArray(v.warnings) &&
    v.warnings.every((w) => typeof w === 'string')
  );
}

/** The baseline stored for the file at `absolutePath`, or undefined when there is none readable. */
export async function readDigestBaseline(
  store: PriceStore,
  absolutePath: string,
): Promise<DigestSnapshot | undefined> {
  const stored = await store.getRecord(digestKey(absolutePath));
  if (!isRecord(stored) || stored.v !== BASELINE_FORM) return undefined;
  const { v: _v, ...snapshot } = stored;
  return isSnapshot(snapshot) ? snapshot : undefined;
}

/** Stores `snapshot` as the file's baseline, replacing the previous one. */
export async function writeDigestBaseline(
  store: PriceStore,
  absolutePath: string,
  snapshot: DigestSnapshot,
): Promise<void> {
  await store.putRecord(digestKey(absolutePath), { v: BASELINE_FORM, ...snapshot });
}
