import type { Usage } from '../assumptions';
import type { PriceFile, PriceKey } from '../prices';

export interface CostLine {
  item: string;
  monthly: { min: number; max: number };
  /** The quantity, the assumption behind it and the unit price: enough to redo the arithmetic. */
  assumption: string;
}

export interface CostResource {
  type: string;
  name?: string;
  inputs: Record<string, unknown>;
}

/** What a rule reads: one stack's resources and exports, the environment's usage, the prices. */
export interface EstimateContext {
  resources: readonly CostResource[];
  /** The stack's exports (the storage stack's say which log group carries which traffic). */
  outputs: Record<string, unknown>;
  usage: Usage;
  prices: PriceFile;
  /** The resources of one type token, in order. */
  ofType(type: string): CostResource[];
  /** A unit price in USD. */
  price(key: PriceKey): number;
  /** A unit price as the lines print it: `$0.045`, `$5.00`. */
  unitPrice(key: PriceKey): string;
  /** `days` as a fraction of the assumed month. */
  months(days: number): number;
}

/** The pricing of one area (network, Aurora, logs, ...): the types it prices and the lines it adds. */
export interface CostRule {
  /** The resource types this rule puts a price on. */
  types: readonly string[];
  estimate(context: EstimateContext): CostLine[];
}

/** Whole cents; the totals add the rounded lines, so a reader can add them up. */
export const cents = (n: number) => Math.round(n * 100) / 100;

/** One line of the estimate; `max` defaults to `min` (only Aurora capacity differs). */
export const line = (item: string, assumption: string, min: number, max = min): CostLine => ({
  item,
  monthly: { min: cents(min), max: cents(max) },
  assumption,
});

/** The line of `count` things at `unitUsd` each, or none when there are none. */
export const perUnit = (count: number, item: string, assumption: string, unitUsd: number): CostLine[] =>
  count > 0 ? [line(item, assumption, count * unitUsd)] : [];

export const qty = (n: number) =>
  n.toLocaleString('en-US', Math.abs(n) < 1 ? { maximumSignificantDigits: 3 } : { maximumFractionDigits: 3 });
export const plural = (n: number, one: string, many = `${one}s`) => `${qty(n)} ${n === 1 ? one : many}`;

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const obj = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
