import table from '../data/iso-4217.json';

/**
 * ISO 4217 currency codes and their minor-unit exponent (the digits after the decimal point): the amounts the API
 * takes are integers of minor units, so 1 EUR is 100, 1 JPY is 1 and 1 KWD is 1,000. The table is data,
 * `data/iso-4217.json`, from ISO 4217 "List One" (current currency and funds codes) as published by its maintenance
 * agency, SIX (its `source`), column "Minor unit"; funds codes, precious metals and testing codes (XAU, XTS, XXX,
 * ...), which have no minor unit, are left out. A code missing there is a config error until it is added, with its
 * exponent, from that list.
 */
export const ISO_4217_MINOR_UNITS: Readonly<Record<string, number>> = Object.freeze({ ...table.minorUnits });

/** `maxAmount` (in the currency's own units, e.g. 10000 EUR) in minor units; undefined if not whole minor units. */
export function toMinorUnits(maxAmount: number, exponent: number): number | undefined {
  const minor = Math.round(maxAmount * 10 ** exponent);
  return Math.abs(minor - maxAmount * 10 ** exponent) < 1e-6 && Number.isSafeInteger(minor)
    ? minor
    : undefined;
}
