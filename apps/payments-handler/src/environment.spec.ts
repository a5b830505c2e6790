import { spawnSync } from 'node:child_process';
// The functions' own configuration loader, checked against the environment the api stack sets with
// handlerEnvironment: each reads exactly the variables it is given.
import { loadMigrationsConfig, loadPaymentsConfig, loadRelayConfig, TEST_ONLY_ENV_KEYS } from './config';
import {
  HANDLER_ENVIRONMENT_KEYS,
  HandlerEnvironmentError,
  LAMBDA_ENVIRONMENT_LIMIT_BYTES,
  handlerEnvironment,
  type HandlerEnvironmentValues,
  type HandlerKind,
} from './environment';
import { HANDLER_ROUTES, PAYMENTS_DB_USER, routeKey } from './routes';

const values: HandlerEnvironmentValues = {
  dbSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-abc-AbCdEf',
  dbWriterHost: 'writer.example.internal',
  dbReaderHost: 'reader.example.internal',
  dbPort: 5432,
  dbName: 'payments',
  dbMasterUser: 'dbadmin',
  merchantClients: { '7globexclient8id9abcdef1234': 'globex', '4acmeclient5id6abcdef123456': 'acme-shop' },
  auditBucketName: 'payments-dev-audit',
  auditKmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/abc',
  currencyLimits: { EUR: { exponent: 2, maxMinor: 1_000_000 }, JPY: { exponent: 0, maxMinor: 1_500_000 } },
};

describe('handlerEnvironment', () => {
  it('gives the payments handler payments_app on both endpoints, the merchants, audit and validation settings', () => {
    expect(handlerEnvironment('payments', values)).toEqual({
      DB_HOST: 'writer.example.internal',
      DB_READER_HOST: 'reader.example.internal',
      DB_PORT: '5432',
      DB_NAME: 'payments',
      DB_USER: 'payments_app',
      // Sorted by client ID: the same merchants always make the same variable (no needless function update).
      MERCHANT_CLIENTS: '{"4acmeclient5id6abcdef123456":"acme-shop","7globexclient8id9abcdef1234":"globex"}',
      AUDIT_BUCKET: 'payments-dev-audit',
      AUDIT_KMS_KEY_ARN: values.auditKmsKeyArn,
      CURRENCY_LIMITS: '{"EUR":{"exponent":2,"maxMinor":1000000},"JPY":{"exponent":0,"maxMinor":1500000}}',
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  it('gives migrations only what it needs to reach the writer as the master user', () => {
    expect(handlerEnvironment('migrations', values)).toEqual({
      DB_SECRET_ARN: values.dbSecretArn,
      DB_HOST: 'writer.example.internal',
      DB_PORT: '5432',
      DB_NAME: 'payments',
      DB_USER: 'dbadmin',
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  it('gives the relay the writer as payments_app and the audit bucket, nothing of the master user', () => {
    expect(handlerEnvironment('relay', values)).toEqual({
      DB_HOST: 'writer.example.internal',
      DB_PORT: '5432',
      DB_NAME: 'payments',
      DB_USER: 'payments_app',
      AUDIT_BUCKET: 'payments-dev-audit',
      AUDIT_KMS_KEY_ARN: values.auditKmsKeyArn,
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  it('sets exactly the declared keys of each function', () => {
    for (const kind of ['payments', 'migrations', 'relay'] as const) {
      expect(Object.keys(handlerEnvironment(kind, values)).sort()).toEqual(
        [...HANDLER_ENVIRONMENT_KEYS[kind]].sort(),
      );
    }
  });

  it('gives the payments function no master-user credential: neither the secret nor the master user name', () => {
    const payments = handlerEnvironment('payments', values);
    expect(Object.keys(payments).filter((key) => /SECRET|PASSWORD|PASS$|CREDENTIAL/.test(key))).toEqual([]);
    expect(Object.values(payments)).not.toContain(values.dbSecretArn);
    expect(Object.values(payments)).not.toContain(values.dbMasterUser);
    expect(payments.DB_USER).toBe(PAYMENTS_DB_USER);
  });

  it("refuses an environment over Lambda's 4 KB, naming the merchants as the cause", () => {
    const many = Object.fromEntries(
      Array.from({ length: 60 }, (_, i) => [
        `${String(i).padStart(2, '0')}client${'x'.repeat(18)}`,
        `m${i}${'y'.repeat(38)}`,
      ]),
    );
    expect(() => handlerEnvironment('payments', { ...values, merchantClients: many })).toThrow(
      HandlerEnvironmentError,
    );
    expect(() => handlerEnvironment('payments', { ...values, merchantClients: many })).toThrow(
      new RegExp(`over Lambda's ${LAMBDA_ENVIRONMENT_LIMIT_BYTES}: MERCHANT_CLIENTS holds 60 merchants`),
    );
    // packages/config allows 40 merchants of 40 characters: that fits.
    const most = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [
        `${String(i).padStart(2, '0')}client${'x'.repeat(18)}`,
        `m${i}${'y'.repeat(37)}`,
      ]),
    );
    expect(() => handlerEnvironment('payments', { ...values, merchantClients: most })).not.toThrow();
  });
});

describe('the routes', () => {
  // infra/api's routes.spec.ts checks the scopes against packages/config's OAUTH_SCOPES and PUBLIC_ROUTES (the
  // handler does not depend on the config package).
  it('need the write scope to create, the read scope to read, and nothing for health', () => {
    expect(HANDLER_ROUTES.map((r) => `${routeKey(r)} ${r.access}`)).toEqual([
      'POST /payments payments/write',
      'GET /payments/{id} payments/read',
      'GET /health public',
    ]);
  });
});

describe('the handler reads exactly the environment the stack sets', () => {
  const loaders: Record<HandlerKind, (env: Record<string, string | undefined>) => unknown> = {
    payments: loadPaymentsConfig,
    migrations: loadMigrationsConfig,
    relay: loadRelayConfig,
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

  it.each(['payments', 'migrations', 'relay'] as const)(
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
      writer: { host: 'writer.example.internal', port: 5432, user: 'payments_app', ssl: 'verify-full' },
      reader: { host: 'reader.example.internal', user: 'payments_app' },
      merchants: values.merchantClients,
      audit: { bucket: 'payments-dev-audit', kmsKeyArn: values.auditKmsKeyArn },
      limits: { currencies: values.currencyLimits },
    });
  });

  it('never sets the test-only TLS override', () => {
    for (const kind of ['payments', 'migrations', 'relay'] as const) {
      expect(Object.keys(handlerEnvironment(kind, values))).not.toEqual(
        expect.arrayContaining([...TEST_ONLY_ENV_KEYS]),
      );
    }
  });
});

describe('the package entry', () => {
  it('loads no database driver, no AWS SDK and no Pulumi: the api stack imports the contract from it', () => {
    const loaded = spawnSync(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        '-e',
        "const h = require('@payments/payments-handler'); h.migrationsHash(); process.stdout.write(JSON.stringify(Object.keys(require.cache)));",
      ],
      { encoding: 'utf8', cwd: __dirname },
    );
    expect(loaded.stderr).toBe('');
    const modules = JSON.parse(loaded.stdout) as string[];
    expect(modules.some((file) => file.includes('/apps/payments-handler/src/environment.ts'))).toBe(true);
    expect(modules.filter((file) => /[\\/]node_modules[\\/](pg|@aws-sdk|@pulumi)[\\/]/.test(file))).toEqual(
      [],
    );
  });
});
