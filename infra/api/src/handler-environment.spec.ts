import {
  HANDLER_ENVIRONMENT_KEYS,
  handlerEnvironment,
  type HandlerEnvironmentValues,
} from './handler-environment';

const values: HandlerEnvironmentValues = {
  dbSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-abc-AbCdEf',
  dbWriterHost: 'writer.example.internal',
  dbReaderHost: 'reader.example.internal',
  dbPort: 5432,
  dbName: 'payments',
  dbUser: 'dbadmin',
  auditBucketName: 'payments-dev-audit',
  auditKmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/abc',
  maxAmountMinor: 1_000_000,
  currencies: ['EUR', 'GBP', 'USD'],
};

describe('handlerEnvironment', () => {
  it('gives the payments handler its database, audit and validation settings as strings', () => {
    expect(handlerEnvironment('payments', values)).toEqual({
      DB_SECRET_ARN: values.dbSecretArn,
      DB_HOST: 'writer.example.internal',
      DB_READER_HOST: 'reader.example.internal',
      DB_PORT: '5432',
      DB_NAME: 'payments',
      DB_USER: 'dbadmin',
      AUDIT_BUCKET: 'payments-dev-audit',
      AUDIT_KMS_KEY_ARN: values.auditKmsKeyArn,
      MAX_AMOUNT_MINOR: '1000000',
      CURRENCIES: 'EUR,GBP,USD',
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  it('gives migrations only what it needs to reach the writer', () => {
    expect(handlerEnvironment('migrations', values)).toEqual({
      DB_SECRET_ARN: values.dbSecretArn,
      DB_HOST: 'writer.example.internal',
      DB_PORT: '5432',
      DB_NAME: 'payments',
      DB_USER: 'dbadmin',
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  it('sets exactly the declared keys of each function', () => {
    for (const kind of ['payments', 'migrations'] as const) {
      expect(Object.keys(handlerEnvironment(kind, values)).sort()).toEqual(
        [...HANDLER_ENVIRONMENT_KEYS[kind]].sort(),
      );
    }
  });

  it('carries no password variable: the handler reads the password from the secret ARN', () => {
    const keys = Object.keys(handlerEnvironment('payments', values));
    expect(keys.filter((key) => /PASSWORD|PASS$|CREDENTIAL/.test(key))).toEqual([]);
  });
});
