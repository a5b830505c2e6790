import {
  LAMBDA_RESERVABLE_CONCURRENCY,
  auroraPostgresMaxConnections,
  defaultPaymentsReservedConcurrency,
  paymentsConcurrencyBound,
  paymentsReservedConcurrency,
} from './connections';
import { defaultSettings } from './defaults';
import { loadSettings } from './load';

const errorOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
};

describe('auroraPostgresMaxConnections', () => {
  it("gives AWS's table values at its rows (minimum above 0.5 ACU)", () => {
    expect(auroraPostgresMaxConnections(1, 1)).toBe(189);
    expect(auroraPostgresMaxConnections(1, 4)).toBe(823);
    expect(auroraPostgresMaxConnections(1, 8)).toBe(1669);
    expect(auroraPostgresMaxConnections(1, 16)).toBe(3360);
    expect(auroraPostgresMaxConnections(2, 32)).toBe(5000);
    expect(auroraPostgresMaxConnections(2, 128)).toBe(5000);
  });

  it('interpolates between rows, rounding down', () => {
    // 189 + (823 - 189) / 3
    expect(auroraPostgresMaxConnections(0, 2)).toBe(400);
    expect(auroraPostgresMaxConnections(1, 12)).toBe(2514);
  });

  it('caps at 2,000 when the minimum is 0 or 0.5 ACU', () => {
    expect(auroraPostgresMaxConnections(0.5, 16)).toBe(2000);
    expect(auroraPostgresMaxConnections(0, 32)).toBe(2000);
    expect(auroraPostgresMaxConnections(1, 16)).toBe(3360);
    expect(auroraPostgresMaxConnections(0.5, 8)).toBe(1669);
  });
});

describe('the payments concurrency bound', () => {
  it('is 90 % of max_connections per container, halved when the writer also serves the reads', () => {
    expect(paymentsConcurrencyBound(defaultSettings('dev').database)).toEqual({
      maxConnections: 400,
      budget: 360,
      connectionsPerContainer: 2,
      containers: 180,
    });
    expect(paymentsConcurrencyBound(defaultSettings('staging').database)).toEqual({
      maxConnections: 1669,
      budget: 1502,
      connectionsPerContainer: 1,
      containers: 1502,
    });
    expect(paymentsConcurrencyBound(defaultSettings('prod').database).containers).toBe(4500);
  });

  it('defaults the reserved concurrency to the bound, within what a default Lambda account can reserve', () => {
    expect(defaultPaymentsReservedConcurrency(defaultSettings('dev').database)).toBe(180);
    expect(defaultPaymentsReservedConcurrency(defaultSettings('staging').database)).toBe(
      LAMBDA_RESERVABLE_CONCURRENCY,
    );
    expect(paymentsReservedConcurrency(loadSettings('dev', { database: { maxCapacity: 1 } }))).toBe(85);
    expect(
      paymentsReservedConcurrency(loadSettings('prod', { api: { lambda: { reservedConcurrency: 50 } } })),
    ).toBe(50);
  });

  it('refuses a reserved concurrency the database cannot absorb, naming the bound', () => {
    const message = errorOf(() => loadSettings('dev', { api: { lambda: { reservedConcurrency: 181 } } }));
    expect(message).toContain('api.lambda.reservedConcurrency');
    expect(message).toContain('at most 180');
    expect(() => loadSettings('dev', { api: { lambda: { reservedConcurrency: 180 } } })).not.toThrow();
  });
});

describe('database.proxy', () => {
  it('is on in staging and prod, off in dev', () => {
    expect(defaultSettings('dev').database.proxy).toBe(false);
    expect(defaultSettings('staging').database.proxy).toBe(true);
    expect(defaultSettings('prod').database.proxy).toBe(true);
  });

  it('refuses a proxy in front of an auto-pausing (0 ACU) cluster', () => {
    const message = errorOf(() => loadSettings('dev', { database: { proxy: true } }));
    expect(message).toContain('database.proxy');
    expect(message).toContain('auto-pause');
    expect(loadSettings('dev', { database: { proxy: true, minCapacity: 0.5 } }).database.proxy).toBe(true);
  });
});
