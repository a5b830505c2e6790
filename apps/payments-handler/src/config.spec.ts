import { ConfigError, loadMigrationsConfig, loadPaymentsConfig } from './config';

const CLIENT = '4example5client6id7abcdef12';

const env = {
  DB_HOST: 'writer.example.internal',
  DB_READER_HOST: 'reader.example.internal',
  DB_PORT: '5432',
  DB_NAME: 'payments',
  DB_USER: 'payments_app',
  MERCHANT_CLIENTS: JSON.stringify({ [CLIENT]: 'acme-shop' }),
  AUDIT_BUCKET: 'payments-dev-audit',
  AUDIT_KMS_KEY_ARN: 'arn:aws:kms:us-east-1:123456789012:key/abc',
  CURRENCY_LIMITS:
    '{"EUR":{"exponent":2,"maxMinor":1000000},"GBP":{"exponent":2,"maxMinor":1000000},"USD":{"exponent":2,"maxMinor":1000000}}',
  NODE_OPTIONS: '--enable-source-maps',
};

describe('loadPaymentsConfig', () => {
  it('reads the writer, the reader, the merchants, the audit target and the limits, with TLS verified', () => {
    const config = loadPaymentsConfig(env);
    expect(config).toEqual({
      writer: {
        host: 'writer.example.internal',
        port: 5432,
        database: 'payments',
        user: 'payments_app',
        ssl: 'verify-full',
      },
      reader: expect.objectContaining({
        host: 'reader.example.internal',
        user: 'payments_app',
        ssl: 'verify-full',
      }),
      merchants: { [CLIENT]: 'acme-shop' },
      audit: { bucket: 'payments-dev-audit', kmsKeyArn: env.AUDIT_KMS_KEY_ARN },
      limits: {
        currencies: {
          EUR: { exponent: 2, maxMinor: 1_000_000 },
          GBP: { exponent: 2, maxMinor: 1_000_000 },
          USD: { exponent: 2, maxMinor: 1_000_000 },
        },
      },
    });
  });

  it('accepts an environment without merchants: every token is then refused', () => {
    expect(loadPaymentsConfig({ ...env, MERCHANT_CLIENTS: '{}' }).merchants).toEqual({});
  });

  it.each([
    [{ DB_HOST: undefined }, 'DB_HOST is not set'],
    [{ DB_PORT: '54x' }, "DB_PORT must be an integer from 1 to 65535 (got '54x')"],
    [{ DB_PORT: '70000' }, "DB_PORT must be an integer from 1 to 65535 (got '70000')"],
    [{ CURRENCY_LIMITS: 'EUR' }, /^CURRENCY_LIMITS must be a JSON object of ISO 4217 code/],
    [{ CURRENCY_LIMITS: '{}' }, /^CURRENCY_LIMITS must be a JSON object/],
    [{ CURRENCY_LIMITS: '{"usd":{"exponent":2,"maxMinor":1}}' }, /\(bad: "usd"\)/],
    [{ CURRENCY_LIMITS: '{"EUR":{"exponent":5,"maxMinor":1}}' }, /\(bad: "EUR"\)/],
    [{ CURRENCY_LIMITS: '{"EUR":{"exponent":2,"maxMinor":0}}' }, /\(bad: "EUR"\)/],
    [{ DB_SSL: 'require' }, "DB_SSL must be unset or 'disable' (got 'require')"],
    [{ MERCHANT_CLIENTS: undefined }, 'MERCHANT_CLIENTS is not set'],
    [
      { MERCHANT_CLIENTS: 'acme=1' },
      'MERCHANT_CLIENTS must be a JSON object of app client ID -> merchant ID',
    ],
    [{ MERCHANT_CLIENTS: '["a"]' }, 'MERCHANT_CLIENTS must be a JSON object of app client ID -> merchant ID'],
    [
      { MERCHANT_CLIENTS: JSON.stringify({ [CLIENT]: 7 }) },
      `MERCHANT_CLIENTS has an entry that is not app client ID -> merchant ID: "${CLIENT}"`,
    ],
    [
      { MERCHANT_CLIENTS: JSON.stringify({ 'not a client': 'acme' }) },
      'MERCHANT_CLIENTS has an entry that is not app client ID -> merchant ID: "not a client"',
    ],
  ])('rejects %j naming the variable', (change, message) => {
    expect(() => loadPaymentsConfig({ ...env, ...change })).toThrow(ConfigError);
    expect(() => loadPaymentsConfig({ ...env, ...change })).toThrow(message);
  });

  it('turns TLS off only for DB_SSL=disable', () => {
    expect(loadPaymentsConfig({ ...env, DB_SSL: 'disable' }).writer.ssl).toBe('disable');
    expect(loadPaymentsConfig({ ...env, DB_SSL: '' }).writer.ssl).toBe('verify-full');
  });
});

describe('loadMigrationsConfig', () => {
  const migrations = {
    DB_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-abc-AbCdEf',
    DB_HOST: 'writer.example.internal',
    DB_PORT: '5432',
    DB_NAME: 'payments',
    DB_USER: 'dbadmin',
  };

  it('needs only the writer and the master secret', () => {
    expect(loadMigrationsConfig(migrations)).toEqual({
      secretArn: migrations.DB_SECRET_ARN,
      host: 'writer.example.internal',
      port: 5432,
      database: 'payments',
      user: 'dbadmin',
      ssl: 'verify-full',
    });
  });

  it('refuses to run without the master secret', () => {
    expect(() => loadMigrationsConfig({ ...migrations, DB_SECRET_ARN: ' ' })).toThrow(
      'DB_SECRET_ARN is not set',
    );
  });
});
