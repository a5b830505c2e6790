import { defaultSettings } from './defaults';
import { ENVIRONMENTS } from './environments';
import { ConfigError } from './errors';
import { loadSettings } from './load';
import { OVERRIDABLE_KEYS } from './overrides';

/** The ConfigError message `load` throws; fails the test if it does not throw one. */
function errorOf(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadSettings', () => {
  it('rejects an unknown environment, listing the allowed ones', () => {
    expect(errorOf(() => loadSettings('qa'))).toContain("got 'qa', expected one of dev, staging, prod");
  });

  it('deep-merges overrides over the defaults, keeping sibling keys', () => {
    const settings = loadSettings('staging', {
      database: { readers: 2 },
      api: { throttling: { rateLimit: 300 } },
    });
    expect(settings.database.readers).toBe(2);
    expect(settings.database.minCapacity).toBe(0.5);
    expect(settings.api.throttling).toEqual({ rateLimit: 300, burstLimit: 400 });
    expect(settings.network.azCount).toBe(2);
  });

  it('replaces arrays instead of merging them', () => {
    const usd = [{ code: 'USD', maxAmount: 500 }];
    expect(loadSettings('dev', { api: { currencies: usd } }).api.currencies).toEqual(usd);
  });

  it('returns a deeply frozen object without freezing the overrides', () => {
    const overrides = { api: { currencies: [{ code: 'USD', maxAmount: 500 }] } };
    const settings = loadSettings('dev', overrides);
    expect(Object.isFrozen(settings)).toBe(true);
    expect(Object.isFrozen(settings.api.currencies)).toBe(true);
    expect(Object.isFrozen(overrides.api.currencies)).toBe(false);
  });

  it('treats null overrides like none', () => {
    expect(loadSettings('dev', null)).toEqual(loadSettings('dev'));
  });

  it('rejects overrides that are not an object', () => {
    expect(errorOf(() => loadSettings('dev', ['readers']))).toContain('overrides: expected an object');
  });

  it('lets overrides repeat the environment but never change it', () => {
    expect(loadSettings('dev', { env: 'dev' }).env).toBe('dev');
    expect(errorOf(() => loadSettings('dev', { env: 'prod' }))).toContain(
      `env: cannot be overridden (got "prod"; allowed 'dev'`,
    );
  });

  it('accepts either a snapshot or a point-in-time restore', () => {
    expect(
      loadSettings('dev', { database: { restore: { snapshotIdentifier: 'snap-1' } } }).database.restore,
    ).toEqual({ snapshotIdentifier: 'snap-1' });
    const pointInTime = { sourceClusterIdentifier: 'payments-dev-db', restoreTime: '2025-01-31T12:00:00Z' };
    expect(loadSettings('dev', { database: { restore: { pointInTime } } }).database.restore).toEqual({
      pointInTime,
    });
  });

  it('rejects a restore that names no form, both forms, or no restore point', () => {
    expect(errorOf(() => loadSettings('dev', { database: { restore: {} } }))).toContain(
      'database.restore: does not match any allowed form (got {}; allowed exactly one of { snapshotIdentifier } or',
    );
    const both = {
      snapshotIdentifier: 's',
      pointInTime: { sourceClusterIdentifier: 'c', useLatestRestorableTime: true },
    };
    expect(errorOf(() => loadSettings('dev', { database: { restore: both } }))).toContain(
      'database.restore:',
    );
    expect(
      errorOf(() =>
        loadSettings('dev', { database: { restore: { pointInTime: { sourceClusterIdentifier: 'c' } } } }),
      ),
    ).toContain('database.restore.pointInTime: set exactly one restore point');
  });

  describe('rejects with a message naming the key and what is allowed', () => {
    it.each<[string, string, unknown, string[]]>([
      [
        'a CIDR overlapping another environment',
        'dev',
        { network: { vpcCidr: '10.20.128.0/20' } },
        [
          "network.vpcCidr: overlaps staging's CIDR 10.20.0.0/16",
          'none of staging 10.20.0.0/16, prod 10.30.0.0/16',
        ],
      ],
      [
        'a CIDR outside /16../24',
        'dev',
        { network: { vpcCidr: '10.40.0.0/28' } },
        ['network.vpcCidr: prefix /28', 'a prefix from /16 to /24'],
      ],
      [
        'an engine version below the floor',
        'staging',
        { database: { engineVersion: '15.4' } },
        ['database.engineVersion: below the long-term-support floor 16.8', 'got "15.4"', 'one of 16.8, 17.7'],
      ],
      [
        'an engine version that is not a supported LTS minor',
        'dev',
        { database: { engineVersion: '17.1' } },
        ['database.engineVersion: not a supported', 'one of 16.8, 17.7'],
      ],
      [
        'minCapacity above maxCapacity',
        'staging',
        { database: { minCapacity: 16 } },
        ['database.minCapacity: above maxCapacity', 'got 16', 'at most maxCapacity (8)'],
      ],
      [
        'capacity that is not a multiple of 0.5 ACU',
        'dev',
        { database: { maxCapacity: 2.3 } },
        ['database.maxCapacity: not a multiple of 0.5', 'a multiple of 0.5 from 1 to 256 ACU'],
      ],
      [
        'an unknown nested key',
        'dev',
        { database: { reader: 1 } },
        ['database.reader: unknown key', 'allowed engineVersion, minCapacity', 'readers'],
      ],
      [
        'an unknown top-level key',
        'dev',
        { databse: {} },
        [
          'databse: unknown key',
          'allowed region, costCenter, org, protect, network, storage, database, identity, api, bootstrap, alarms, exemptions',
        ],
      ],
      [
        'a wrong type',
        'dev',
        { database: { readers: 'two' } },
        ['database.readers: expected integer (got "two"; allowed an integer from 0 to 15)'],
      ],
      [
        'a reserved master username',
        'dev',
        { database: { masterUsername: 'admin' } },
        ['database.masterUsername: a reserved name (got "admin"', "e.g. 'dbadmin'"],
      ],
      [
        'a pg_ master username',
        'dev',
        { database: { masterUsername: 'pg_owner' } },
        ['database.masterUsername: a reserved name', 'pg_*'],
      ],
      [
        'burstLimit below rateLimit',
        'prod',
        { api: { throttling: { burstLimit: 500 } } },
        ['api.throttling.burstLimit: below rateLimit (got 500; allowed at least rateLimit (1000))'],
      ],
      [
        'an outbox age alarm that would fire before the relay runs',
        'staging',
        { api: { auditRelay: { scheduleMinutes: 30, oldestAgeAlarmMinutes: 20 } } },
        [
          'api.auditRelay.oldestAgeAlarmMinutes: the alarm would fire before the relay has had a run (got 20; allowed more than scheduleMinutes (30))',
        ],
      ],
      [
        'a log retention CloudWatch does not accept',
        'dev',
        { storage: { logRetentionDays: 10 } },
        [
          'storage.logRetentionDays: not a retention CloudWatch Logs accepts (got 10',
          'one of 1, 3, 5, 7, 14',
        ],
      ],
      [
        'audit expiration not after the Glacier transition',
        'staging',
        { storage: { auditExpirationDays: 30 } },
        ['storage.auditExpirationDays:', 'got 30', 'more than auditTransitionToGlacierDays (30)'],
      ],
      [
        'a Lambda timeout beyond the 29 s API Gateway limit',
        'dev',
        { api: { lambda: { timeoutSeconds: 30 } } },
        ['api.lambda.timeoutSeconds: above the maximum 29', 'an integer from 1 to 29'],
      ],
      [
        'a migrations timeout beyond the 900 s Lambda limit',
        'prod',
        { api: { lambda: { migrationsTimeoutSeconds: 901 } } },
        [
          'api.lambda.migrationsTimeoutSeconds: above the maximum 900',
          'got 901',
          'an integer from 10 to 900',
        ],
      ],
      [
        'a migrations timeout below 10 s',
        'dev',
        { api: { lambda: { migrationsTimeoutSeconds: 5 } } },
        ['api.lambda.migrationsTimeoutSeconds: below the minimum 10', 'got 5', 'an integer from 10 to 900'],
      ],
      [
        'a deprecated Lambda runtime',
        'dev',
        { api: { lambda: { runtime: 'nodejs18.x' } } },
        ['api.lambda.runtime: not an allowed value (got "nodejs18.x"; allowed "nodejs22.x", "nodejs24.x")'],
      ],
      [
        'a currency that is not ISO 4217',
        'dev',
        {
          api: {
            currencies: [
              { code: 'EUR', maxAmount: 1 },
              { code: 'EUX', maxAmount: 1 },
            ],
          },
        },
        [
          'api.currencies[1].code: not an ISO 4217 currency code (packages/config src/currencies.ts) (got "EUX"',
        ],
      ],
      [
        "a limit finer than the currency's minor unit (JPY has none)",
        'dev',
        { api: { currencies: [{ code: 'JPY', maxAmount: 1000.5 }] } },
        [
          'api.currencies[0].maxAmount: not a whole number of JPY minor units (got 1000.5; allowed at most 0 decimal places',
        ],
      ],
      [
        'a currency listed twice',
        'dev',
        {
          api: {
            currencies: [
              { code: 'KWD', maxAmount: 1 },
              { code: 'KWD', maxAmount: 2 },
            ],
          },
        },
        ['api.currencies[1].code: duplicate currency'],
      ],
      [
        'a currency without its limit',
        'dev',
        { api: { currencies: [{ code: 'EUR' }] } },
        ['api.currencies[0].maxAmount'],
      ],
      [
        'an exemption without a reason',
        'dev',
        { exemptions: [{ control: 'APIGateway.4', reason: ' ' }] },
        ['exemptions[0].reason: empty', 'a non-empty explanation'],
      ],
      [
        'an alarm email that is not an address',
        'dev',
        { alarms: { subscriptions: [{ protocol: 'email', endpoint: 'oncall' }] } },
        [
          'alarms.subscriptions[0].endpoint: not a valid email endpoint (got "oncall"; allowed an email address',
        ],
      ],
      [
        'an alarm URL over plain http',
        'staging',
        { alarms: { subscriptions: [{ protocol: 'https', endpoint: 'http://alerts.example.com/sns' }] } },
        ['alarms.subscriptions[0].endpoint: not a valid https endpoint', 'an https:// URL'],
      ],
      [
        'an alarm URL carrying credentials',
        'staging',
        {
          alarms: { subscriptions: [{ protocol: 'https', endpoint: 'https://user:pw@alerts.example.com/' }] },
        },
        ['alarms.subscriptions[0].endpoint: not a valid https endpoint', 'without user:password'],
      ],
      [
        'a FIFO queue, which a standard topic cannot deliver to',
        'prod',
        {
          alarms: {
            subscriptions: [{ protocol: 'sqs', endpoint: 'arn:aws:sqs:us-east-1:111122223333:alarms.fifo' }],
          },
        },
        ['alarms.subscriptions[0].endpoint: not a valid sqs endpoint', 'standard (not .fifo) SQS queue'],
      ],
      [
        'a Lambda endpoint that is not a function ARN',
        'prod',
        { alarms: { subscriptions: [{ protocol: 'lambda', endpoint: 'payments-alarm-router' }] } },
        ['alarms.subscriptions[0].endpoint: not a valid lambda endpoint', 'the ARN of a Lambda function'],
      ],
      [
        'a protocol SNS delivery is not set up for here',
        'dev',
        { alarms: { subscriptions: [{ protocol: 'sms', endpoint: '+15555550100' }] } },
        [
          'alarms.subscriptions[0].protocol: not an allowed value (got "sms"; allowed "email", "https", "sqs", "lambda")',
        ],
      ],
      [
        'the same subscription twice',
        'dev',
        {
          alarms: {
            subscriptions: [
              { protocol: 'email', endpoint: 'a@yourcompany.com' },
              { protocol: 'email', endpoint: 'a@yourcompany.com' },
            ],
          },
        },
        ['alarms.subscriptions[1]: duplicate subscription'],
      ],
      [
        'the retired alarms.email key',
        'dev',
        { alarms: { email: 'oncall@yourcompany.com' } },
        ['alarms.email: unknown key', 'subscriptions'],
      ],
      [
        'prod deleting its automated backups with the cluster',
        'prod',
        { database: { deleteAutomatedBackups: true } },
        ['database.deleteAutomatedBackups: a prod invariant', 'allowed false in prod'],
      ],
      [
        'prod without deletion protection',
        'prod',
        { database: { deletionProtection: false } },
        ['database.deletionProtection: a prod invariant', 'allowed true in prod'],
      ],
      [
        'prod skipping its final snapshot',
        'prod',
        { database: { skipFinalSnapshot: true } },
        ['database.skipFinalSnapshot: a prod invariant', 'allowed false in prod'],
      ],
      [
        'prod without protect',
        'prod',
        { protect: false },
        ['protect: a prod invariant', 'allowed true in prod'],
      ],
      [
        'prod force-destroying its audit bucket',
        'prod',
        { storage: { forceDestroy: true } },
        ['storage.forceDestroy:', 'false'],
      ],
      [
        'prod without the user pool deletion protection',
        'prod',
        { identity: { deletionProtection: false } },
        ['identity.deletionProtection: a prod invariant', 'allowed true in prod'],
      ],
      [
        'a merchant ID that is not kebab-case',
        'dev',
        { identity: { merchants: [{ id: 'Acme_Shop', scopes: ['payments/read'] }] } },
        [
          'identity.merchants[0].id: not lowercase kebab-case starting with a letter (got "Acme_Shop"',
          "e.g. 'acme-shop'",
        ],
      ],
      [
        'a merchant ID naming another environment',
        'dev',
        { identity: { merchants: [{ id: 'prod-mirror', scopes: ['payments/read'] }] } },
        ["identity.merchants[0].id: contains the environment name 'prod'"],
      ],
      [
        'a merchant ID over 40 characters',
        'dev',
        { identity: { merchants: [{ id: `m${'x'.repeat(40)}`, scopes: ['payments/read'] }] } },
        ['identity.merchants[0].id: longer than 40 characters'],
      ],
      [
        'a merchant twice',
        'staging',
        {
          identity: {
            merchants: [
              { id: 'acme-shop', scopes: ['payments/read'] },
              { id: 'acme-shop', scopes: ['payments/write'] },
            ],
          },
        },
        ['identity.merchants[1].id: duplicate merchant'],
      ],
      [
        'a scope the resource server does not define',
        'dev',
        { identity: { merchants: [{ id: 'acme-shop', scopes: ['payments/admin'] }] } },
        [
          'identity.merchants[0].scopes[0]: not an allowed value',
          'allowed "payments/read", "payments/write"',
        ],
      ],
      [
        'a merchant without scopes',
        'dev',
        { identity: { merchants: [{ id: 'acme-shop', scopes: [] }] } },
        ['identity.merchants[0].scopes:'],
      ],
      [
        'more merchants than the payments function environment can hold',
        'dev',
        {
          identity: {
            merchants: Array.from({ length: 41 }, (_, i) => ({ id: `m${i}`, scopes: ['payments/read'] })),
          },
        },
        ['identity.merchants:', 'at most 40'],
      ],
      [
        'an access token valid for longer than Cognito allows',
        'dev',
        { identity: { accessTokenValidityMinutes: 1441 } },
        ['identity.accessTokenValidityMinutes:', 'an integer from 5 to 1440'],
      ],
    ])('%s', (_case, env, overrides, fragments) => {
      const message = errorOf(() => loadSettings(env, overrides));
      for (const fragment of fragments) expect(message).toContain(fragment);
    });
  });

  it('allows dev and staging to relax what prod must keep', () => {
    const relaxed = {
      protect: false,
      database: { deletionProtection: false, skipFinalSnapshot: true, deleteAutomatedBackups: true },
      identity: { deletionProtection: false },
    };
    expect(() => loadSettings('staging', relaxed)).not.toThrow();
  });

  it('accepts one subscription of each protocol', () => {
    const subscriptions = [
      { protocol: 'email', endpoint: 'payments-oncall@yourcompany.com' },
      { protocol: 'https', endpoint: 'https://events.incidents.example/integration/sns' },
      { protocol: 'sqs', endpoint: 'arn:aws:sqs:us-east-1:111122223333:payments-alarms' },
      { protocol: 'lambda', endpoint: 'arn:aws:lambda:us-east-1:111122223333:function:alarm-router:live' },
    ];
    expect(loadSettings('prod', { alarms: { subscriptions } }).alarms.subscriptions).toEqual(subscriptions);
  });

  describe('for the stack that owns the alarm topic (DESIGN-12)', () => {
    it('refuses prod without a subscription, naming the key and the file', () => {
      const message = errorOf(() => loadSettings('prod', undefined, { domain: 'network' }));
      expect(message).toContain('alarms.subscriptions: prod alarms must reach someone, DESIGN-12 (got [];');
      expect(message).toContain('infra/network/Pulumi.prod.yaml');
    });

    it('accepts prod with one, and dev and staging without', () => {
      const subscriptions = [{ protocol: 'email', endpoint: 'payments-oncall@yourcompany.com' }];
      expect(() => loadSettings('prod', { alarms: { subscriptions } }, { domain: 'network' })).not.toThrow();
      expect(() => loadSettings('dev', undefined, { domain: 'network' })).not.toThrow();
      expect(() => loadSettings('staging', undefined, { domain: 'network' })).not.toThrow();
    });

    it('does not ask the other stacks, whose stack files do not configure the topic', () => {
      for (const domain of ['storage', 'database', 'api'] as const) {
        expect(() => loadSettings('prod', undefined, { domain })).not.toThrow();
      }
    });
  });

  it('reports every problem in one error', () => {
    const error = (() => {
      try {
        loadSettings('prod', {
          network: { vpcCidr: '10.10.0.0/16' },
          database: { readers: 'two', deletionProtection: false },
          bogus: true,
        });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(error.problems).toHaveLength(4);
    expect(error.message).toMatch(/^Invalid settings for environment 'prod' \(4 problems\):/);
  });

  it('keeps a __proto__ key from JSON as an unknown key', () => {
    const message = errorOf(() =>
      loadSettings('dev', JSON.parse('{"database":{"__proto__":{"readers":9}}}')),
    );
    expect(message).toContain('database.__proto__: unknown key');
  });
});

describe('OVERRIDABLE_KEYS', () => {
  /** `{ a: { b: value } }` for the path `a.b`. */
  const at = (path: string, value: unknown): Record<string, unknown> =>
    path
      .split('.')
      .reverse()
      .reduce<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;
  const valueAt = (root: unknown, path: string) =>
    path.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], root);

  /** Valid values for the keys no environment sets by default. */
  const UNSET: Record<string, unknown> = {
    'api.lambda.reservedConcurrency': 5,
    'identity.merchants': [{ id: 'acme-shop', scopes: ['payments/read', 'payments/write'] }],
    'database.restore.snapshotIdentifier': 'payments-dev-aurora-snap',
  };
  const POINT_IN_TIME = { sourceClusterIdentifier: 'payments-dev-aurora', useLatestRestorableTime: true };

  it.each(OVERRIDABLE_KEYS.map((key) => [key]))('accepts %s, set on its own, at its path', (key) => {
    const defaults = defaultSettings('dev');
    const value = key.startsWith('database.restore.pointInTime.')
      ? undefined
      : key in UNSET
        ? UNSET[key]
        : valueAt(defaults, key);
    const overrides =
      value === undefined ? at('database.restore.pointInTime', { ...POINT_IN_TIME }) : at(key, value);
    const settings = loadSettings('dev', overrides);
    if (value !== undefined) expect(valueAt(settings, key)).toEqual(value);
  });

  it('covers every setting of every environment but env, arrays as one key', () => {
    for (const env of ENVIRONMENTS) {
      const paths = leavesOf(defaultSettings(env)).map(([path]) => path.replace(/\[\d+\].*$/, ''));
      expect(OVERRIDABLE_KEYS).toEqual(
        expect.arrayContaining([...new Set(paths)].filter((p) => p !== 'env')),
      );
    }
    expect(OVERRIDABLE_KEYS).not.toContain('env');
    expect(OVERRIDABLE_KEYS).toEqual(
      expect.arrayContaining(['protect', 'api.currencies', 'alarms.subscriptions', 'exemptions']),
    );
    expect(
      OVERRIDABLE_KEYS.filter((key) => /^(api\.currencies|alarms\.subscriptions|exemptions)\./.test(key)),
    ).toEqual([]);
  });

  it('names the nearest overridable key for a misspelt one at any depth', () => {
    expect(errorOf(() => loadSettings('dev', { database: { readerz: 1 } }))).toContain(
      "database.readerz: unknown key, did you mean 'readers'?",
    );
    expect(errorOf(() => loadSettings('dev', { protec: false }))).toContain("did you mean 'protect'?");
    expect(errorOf(() => loadSettings('dev', { api: { lambda: { memoryMB: 512 } } }))).toContain(
      "api.lambda.memoryMB: unknown key, did you mean 'memoryMb'?",
    );
  });
});

/** Every [dotted path, leaf] of a value; array items as `[i]`. */
function leavesOf(value: unknown, path = ''): [string, unknown][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => leavesOf(item, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => leavesOf(v, path ? `${path}.${k}` : k));
  }
  return [[path, value]];
}
