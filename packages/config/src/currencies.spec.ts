import { ISO_4217_MINOR_UNITS, toMinorUnits } from './currencies';
import { loadSettings } from './load';

describe('ISO 4217 minor units', () => {
  it('knows the exponents that differ from 2: none for JPY and KRW, three for KWD and BHD, four for CLF', () => {
    expect(ISO_4217_MINOR_UNITS).toMatchObject({ EUR: 2, USD: 2, JPY: 0, KRW: 0, KWD: 3, BHD: 3, CLF: 4 });
    for (const [code, exponent] of Object.entries(ISO_4217_MINOR_UNITS)) {
      expect([code, /^[A-Z]{3}$/.test(code), [0, 2, 3, 4].includes(exponent)]).toEqual([code, true, true]);
    }
  });

  it('turns a limit in the currency into minor units, refusing a fraction of its minor unit', () => {
    expect(toMinorUnits(10_000, 2)).toBe(1_000_000);
    expect(toMinorUnits(1_500_000, 0)).toBe(1_500_000);
    expect(toMinorUnits(2_500.125, 3)).toBe(2_500_125);
    expect(toMinorUnits(0.1, 2)).toBe(10);
    expect(toMinorUnits(1.5, 0)).toBeUndefined();
    expect(toMinorUnits(1e16, 2)).toBeUndefined();
  });

  it('adding JPY and KWD leaves the other limits alone and gives each its own in its own units', () => {
    const currencies = [
      { code: 'EUR', maxAmount: 10_000 },
      { code: 'JPY', maxAmount: 1_500_000 },
      { code: 'KWD', maxAmount: 3_000 },
    ];
    const settings = loadSettings('dev', { api: { currencies } });
    const minor = settings.api.currencies.map((c) => [
      c.code,
      toMinorUnits(c.maxAmount, ISO_4217_MINOR_UNITS[c.code]!),
    ]);
    expect(minor).toEqual([
      ['EUR', 1_000_000],
      ['JPY', 1_500_000],
      ['KWD', 3_000_000],
    ]);
  });
});
