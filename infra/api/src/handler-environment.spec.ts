// The handler's own configuration loader (apps/payments-handler): the api stack checks it against what it sets.
import { loadMigrationsConfig, loadPaymentsConfig, TEST_ONLY_ENV_KEYS } from '@payments/payments-handler';
import {
  HANDLER_ENVIRONMENT_KEYS,
  handlerEnvironment,
  type HandlerEnvironmentValues,
  type HandlerKind,
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

describe('the handler reads exactly the environment the stack sets', () => {
  const loaders: Record<HandlerKind, (env: Record<string, string | undefined>) => unknown> = {
    payments: loadPaymentsConfig,
    migrations: loadMigrationsConfig,
  };

  /** Loads the function's configuration from `env`, recording every variable it looks up. */
  function keysRead(kind: HandlerKind, env: Record<string, string>): { config: unknown; read: Set<string> } {
    const read = new Set<string>();
    const recording = new Proxy(env, {
      get(target, key) {
        if (typeof key === 'string') read.add(key);
        return Reflect.get(target, key);
      },
    });
    return { config: loaders[kind](recording), read };
  }

  it.each(['payments', 'migrations'] as const)(
    "the %s function reads every variable it is given (NODE_OPTIONS is Node's) and no other",
    (kind) => {
      const { read } = keysRead(kind, handlerEnvironment(kind, values));
      const handlerOnly = [...read].filter((key) => !(TEST_ONLY_ENV_KEYS as readonly string[]).includes(key));
      expect(handlerOnly.sort()).toEqual(
        HANDLER_ENVIRONMENT_KEYS[kind].filter((key) => key !== 'NODE_OPTIONS').sort(),
      );
    },
  );

  it('gives the payments function a configuration it accepts, with TLS verified', () => {
    const { config } = keysRead('payments', handlerEnvironment('payments', values));
    expect(config).toMatchObject({
      writer: {
        host: 'writer.example.internal',
        port: 5432,
        ssl: 'verify-full',
        secretArn: values.dbSecretArn,
      },
      reader: { host: 'reader.example.internal' },
      audit: { bucket: 'payments-dev-audit', kmsKeyArn: values.auditKmsKeyArn },
      limits: { maxAmountMinor: 1_000_000, currencies: ['EUR', 'GBP', 'USD'] },
    });
  });

  it('never sets the test-only TLS override', () => {
    for (const kind of ['payments', 'migrations'] as const) {
      expect(Object.keys(handlerEnvironment(kind, values))).not.toEqual(
        expect.arrayContaining([...TEST_ONLY_ENV_KEYS]),
      );
    }
  });
});
