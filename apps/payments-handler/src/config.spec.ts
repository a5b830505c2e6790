import { ConfigError, loadMigrationsConfig, loadPaymentsConfig } from './config';

const env = {
  DB_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-abc-AbCdEf',
  DB_HOST: 'writer.example.internal',
  DB_READER_HOST: 'reader.example.internal',
  DB_PORT: '5432',
  DB_NAME: 'payments',
  DB_USER: 'dbadmin',
  AUDIT_BUCKET: 'payments-dev-audit',
  AUDIT_KMS_KEY_ARN: 'arn:aws:kms:us-east-1:123456789012:key/abc',
  MAX_AMOUNT_MINOR: '1000000',
  CURRENCIES: 'EUR,GBP,USD',
  NODE_OPTIONS: '--enable-source-maps',
};

describe('loadPaymentsConfig', () => {
  it('reads the writer, the reader, the audit target and the limits, with TLS verified', () => {
    const config = loadPaymentsConfig(env);
    expect(config).toEqual({
      writer: {
        secretArn: env.DB_SECRET_ARN,
        host: 'writer.example.internal',
        port: 5432,
        database: 'payments',
        user: 'dbadmin',
        ssl: 'verify-full',
      },
      reader: expect.objectContaining({ host: 'reader.example.internal', ssl: 'verify-full' }),
      audit: { bucket: 'payments-dev-audit', kmsKeyArn: env.AUDIT_KMS_KEY_ARN },
      limits: { maxAmountMinor: 1_000_000, currencies: ['EUR', 'GBP', 'USD'] },
    });
  });

  it.each([
    [{ DB_HOST: undefined }, 'DB_HOST is not set'],
    [{ DB_SECRET_ARN: ' ' }, 'DB_SECRET_ARN is not set'],
    [{ DB_PORT: '54x' }, "DB_PORT must be an integer from 1 to 65535 (got '54x')"],
    [{ DB_PORT: '70000' }, "DB_PORT must be an integer from 1 to 65535 (got '70000')"],
    [{ MAX_AMOUNT_MINOR: '0' }, /MAX_AMOUNT_MINOR must be an integer from 1/],
    [{ MAX_AMOUNT_MINOR: '1e6' }, /MAX_AMOUNT_MINOR must be an integer/],
    [{ CURRENCIES: 'EUR,usd,' }, 'CURRENCIES must be comma-separated ISO 4217 codes (bad: usd, )'],
    [{ DB_SSL: 'require' }, "DB_SSL must be unset or 'disable' (got 'require')"],
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
  it('needs only the writer', () => {
    const { DB_SECRET_ARN, DB_HOST, DB_PORT, DB_NAME, DB_USER } = env;
    expect(loadMigrationsConfig({ DB_SECRET_ARN, DB_HOST, DB_PORT, DB_NAME, DB_USER })).toMatchObject({
      host: 'writer.example.internal',
      ssl: 'verify-full',
    });
  });
});
