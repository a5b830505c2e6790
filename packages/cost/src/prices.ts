import file from '../prices/us-east-1.json';

export interface Price {
  usd: number;
  unit: string;
  /** Key into the file's `sources`: the AWS pricing page the price comes from. */
  source: string;
  /** When this price was checked, if later than the file's `asOf`. */
  asOf?: string;
}

export type PriceKey = keyof typeof file.prices;

export interface PriceFile {
  asOf: string;
  region: string;
  currency: 'USD';
  note: string;
  sources: Record<string, string>;
  prices: Record<PriceKey, Price>;
}

/** `prices/us-east-1.json`: dated us-east-1 list prices with their sources. */
export const PRICES: PriceFile = { ...file, currency: 'USD' };

/** `us-east-1 list prices as of 2026-11-28 (packages/cost/prices/us-east-1.json)`, for printing. */
export function priceSourceLine(prices: PriceFile = PRICES): string {
  return `${prices.region} list prices as of ${prices.asOf} (packages/cost/prices/${prices.region}.json)`;
}
