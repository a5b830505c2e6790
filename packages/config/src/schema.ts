import { paymentsConcurrencyBound } from './connections';
import { z } from 'zod';
import {
  AURORA_POSTGRES_VERSION_FLOOR,
  RESERVED_DB_USERNAMES,
  RESERVED_DB_USERNAME_PREFIXES,
  SUPPORTED_AURORA_POSTGRES_VERSIONS,
  compareEngineVersions,
  isReservedDbUsername,
} from './aurora';
import { BOOTSTRAP_DOMAIN, bootstrapSchema } from './bootstrap';
import { ENVIRONMENTS, type Environment, type StackDomain, isEnvironment } from './environments';
import { MAX_MERCHANTS, MERCHANT_ID_MAX_LENGTH, OAUTH_SCOPES, merchantIdProblem } from './identity';
import { DEFAULT_VPC_CIDRS, cidrsOverlap, isPrivateCidr, parseCidr } from './network';
import { ISO_4217_MINOR_UNITS, toMinorUnits } from './currencies';
import { isPlainObject } from './objects';

// Every leaf carries a `.describe()` text: the error formatter prints it as "allowed <what>".
// Cross-field checks add custom issues with `params.allowed` for the same purpose.

/** Retention values CloudWatch Logs accepts (PutRetentionPolicy); anything else fails at deploy time. */
export const CLOUDWATCH_LOG_RETENTION_DAYS: readonly number[] = Object.freeze([
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
]);

/** Supported, non-deprecated Lambda Node.js runtimes (Security Hub Lambda.2). */
export const LAMBDA_RUNTIMES = ['nodejs22.x', 'nodejs24.x'] as const;

/** Interface endpoints the network stack can create; S3 is a gateway endpoint and always on. */
export const INTERFACE_ENDPOINTS = [
  'secretsmanager',
  'kms',
  'logs',
  'sts',
  'monitoring',
  'ssm',
  'lambda',
  'xray',
  'ecr.api',
  'ecr.dkr',
] as const;

type Ctx = z.core.$RefinementCtx;

function problem(ctx: Ctx, path: (string | number)[], message: string, allowed: string): void {
  ctx.addIssue({ code: 'custom', path, message, params: { allowed } });
}

const int = (min: number, max: number) =>
  z.int().min(min).max(max).describe(`an integer from ${min} to ${max}`);
const bool = () => z.boolean().describe('true or false');
const percent = () => z.number().gt(0).max(100).describe('a number above 0, at most 100');

const logRetentionDays = () =>
  z
    .int()
    .refine((days) => CLOUDWATCH_LOG_RETENTION_DAYS.includes(days), {
      message: 'not a retention CloudWatch Logs accepts',
    })
    .describe(`one of ${CLOUDWATCH_LOG_RETENTION_DAYS.join(', ')}`);

/** Aurora Serverless v2 capacity is set in half-ACU steps. */
const acu = (min: number) =>
  z.number().min(min).max(256).multipleOf(0.5).describe(`a multiple of 0.5 from ${min} to 256 ACU`);

const unique = (what: string) => (values: readonly unknown[], ctx: Ctx) => {
  values.forEach((value, i) => {
    if (values.indexOf(value) !== i) problem(ctx, [i], `duplicate ${what}`, `each ${what} once`);
  });
};

const network = z.strictObject({
  vpcCidr: z
    .string()
    .superRefine((cidr, ctx) => {
      const parsed = parseCidr(cidr);
      if (!parsed) {
        problem(ctx, [], 'not an IPv4 CIDR with its host bits zero', 'e.g. 10.40.0.0/16');
      } else if (parsed.prefix < 16 || parsed.prefix > 24) {
        problem(ctx, [], `prefix /${parsed.prefix} is outside the VPC range`, 'a prefix from /16 to /24');
      } else if (!isPrivateCidr(cidr)) {
        problem(ctx, [], 'not a private range', 'inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16');
      }
    })
    .describe('a private IPv4 CIDR from /16 to /24 that overlaps no other environment'),
  // Two AZs is the minimum for a Lambda in a VPC (Lambda.5) and for Aurora's subnet group.
  azCount: int(2, 3),
  natStrategy: z.enum(['single', 'one-per-az']).describe("'single' or 'one-per-az'"),
  flowLogRetentionDays: logRetentionDays(),
  interfaceEndpoints: z
    .array(z.enum(INTERFACE_ENDPOINTS).describe(INTERFACE_ENDPOINTS.join(', ')))
    .superRefine(unique('endpoint'))
    .describe(`a list of ${INTERFACE_ENDPOINTS.join(', ')}`),
});

const objectLock = z.strictObject({
  enabled: bool(),
  mode: z.enum(['COMPLIANCE', 'GOVERNANCE']).describe("'COMPLIANCE' or 'GOVERNANCE'"),
  retentionDays: int(1, 36500),
});

const storage = z
  .strictObject({
    logRetentionDays: logRetentionDays(),
    auditTransitionToGlacierDays: int(0, 36500),
    auditExpirationDays: int(1, 36500),
    /**
     * Days the audit bucket's server access logs are kept. PCI DSS 3.2.1 requirement 10.7 (and 4.0 10.5.1): audit
     * trail history for at least one year, so no environment may keep less than 365.
     */
    accessLogExpirationDays: int(365, 36500),
    /** Ignored unless `enabled`; S3 object lock keeps every audit object version for `retentionDays`. */
    objectLock,
    forceDestroy: bool(),
  })
  .superRefine((s, ctx) => {
    if (s.auditExpirationDays <= s.auditTransitionToGlacierDays) {
      problem(
        ctx,
        ['auditExpirationDays'],
        'audit objects would expire before they move to Glacier',
        `more than auditTransitionToGlacierDays (${s.auditTransitionToGlacierDays})`,
      );
    }
    if (s.objectLock.enabled && s.auditExpirationDays < s.objectLock.retentionDays) {
      problem(
        ctx,
        ['auditExpirationDays'],
        'lifecycle cannot expire objects that object lock still retains',
        `at least objectLock.retentionDays (${s.objectLock.retentionDays})`,
      );
    }
    if (s.objectLock.enabled && s.objectLock.mode === 'COMPLIANCE' && s.forceDestroy) {
      problem(
        ctx,
        ['forceDestroy'],
        'a bucket under COMPLIANCE object lock cannot be emptied, so destroy would fail',
        'false while objectLock is COMPLIANCE',
      );
    }
  });

const supportedVersions = `one of ${SUPPORTED_AURORA_POSTGRES_VERSIONS.join(', ')} (LTS floor ${AURORA_POSTGRES_VERSION_FLOOR})`;

const engineVersion = z
  .string()
  .superRefine((version, ctx) => {
    if (!/^\d+\.\d+$/.test(version)) {
      problem(ctx, [], 'not a major.minor version', supportedVersions);
    } else if (compareEngineVersions(version, AURORA_POSTGRES_VERSION_FLOOR) < 0) {
      problem(
        ctx,
        [],
        `below the long-term-support floor ${AURORA_POSTGRES_VERSION_FLOOR}`,
        supportedVersions,
      );
    } else if (!SUPPORTED_AURORA_POSTGRES_VERSIONS.includes(version)) {
      problem(ctx, [], 'not a supported long-term-support minor', supportedVersions);
    }
  })
  .describe(supportedVersions);

const reservedNames = `${RESERVED_DB_USERNAMES.join(', ')}, ${RESERVED_DB_USERNAME_PREFIXES.map((p) => `${p}*`).join(', ')}`;

const masterUsername = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,62}$/)
  .refine((name) => !isReservedDbUsername(name), { message: 'a reserved name' })
  .describe(`lower-case /^[a-z][a-z0-9_]{0,62}$/, not one of ${reservedNames} (e.g. 'dbadmin')`);

const databaseName = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,62}$/)
  .refine((name) => !['postgres', 'rdsadmin', 'template0', 'template1'].includes(name), {
    message: 'the name of a built-in database',
  })
  .describe("lower-case /^[a-z][a-z0-9_]{0,62}$/, not postgres, rdsadmin or template0/1 (e.g. 'payments')");

const pointInTime = z
  .strictObject({
    sourceClusterIdentifier: z.string().min(1).describe('the identifier of the cluster to restore from'),
    restoreTime: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('an ISO 8601 time, e.g. 2025-01-31T12:00:00Z'),
    useLatestRestorableTime: z.boolean().optional().describe('true'),
  })
  .superRefine((p, ctx) => {
    // RDS takes one or the other; requiring one makes the restore point explicit in review.
    if ((p.restoreTime !== undefined) === (p.useLatestRestorableTime === true)) {
      problem(
        ctx,
        [],
        'set exactly one restore point',
        'either restoreTime or useLatestRestorableTime: true',
      );
    }
  });

/** Creates the cluster from a snapshot or a point in time instead of empty; absent by default. */
const restore = z
  .union([
    z.strictObject({
      snapshotIdentifier: z.string().min(1).describe('a cluster snapshot identifier or ARN'),
    }),
    z.strictObject({ pointInTime }),
  ])
  .describe(
    'exactly one of { snapshotIdentifier } or { pointInTime: { sourceClusterIdentifier, restoreTime | useLatestRestorableTime } }',
  );

const database = z
  .strictObject({
    engineVersion,
    // 0 lets Serverless v2 auto-pause (dev); real traffic needs a warm floor.
    minCapacity: acu(0),
    maxCapacity: acu(1),
    /** Only used when minCapacity is 0. */
    secondsUntilAutoPause: int(300, 86400),
    readers: int(0, 15),
    backupRetentionDays: int(1, 35),
    deletionProtection: bool(),
    skipFinalSnapshot: bool(),
    /**
     * Whether deleting the cluster also deletes its automated backups (RDS's default is to delete them). Prod
     * keeps them, so a deleted or replaced cluster can still be restored to a point in time.
     */
    deleteAutomatedBackups: bool(),
    masterUsername,
    databaseName,
    port: int(1150, 65535),
    iamAuth: bool(),
    /**
     * RDS Proxy in front of the cluster (infra/database): the payments function and the relay connect through it.
     * It bills at least 8 ACUs and keeps a 0 ACU cluster from auto-pausing (packages/cost, infra/database README).
     */
    proxy: bool(),
    restore: restore.optional(),
  })
  .superRefine((d, ctx) => {
    if (d.minCapacity > d.maxCapacity) {
      problem(ctx, ['minCapacity'], 'above maxCapacity', `at most maxCapacity (${d.maxCapacity})`);
    }
    // AWS lists RDS Proxy among what auto-pause does not work with: the proxy's own connections keep the
    // instances awake, so a 0 ACU floor would never pause and would bill as if it were 0.5.
    if (d.proxy && d.minCapacity === 0) {
      problem(
        ctx,
        ['proxy'],
        'an RDS Proxy keeps a 0 ACU (auto-pause) cluster from ever pausing',
        'false while minCapacity is 0, or minCapacity 0.5 or more',
      );
    }
  });

const api = z.strictObject({
  throttling: z
    .strictObject({
      // API Gateway's default account quota is 10,000 requests/s with a burst of 5,000.
      rateLimit: int(1, 10000),
      burstLimit: int(1, 5000),
    })
    .superRefine((t, ctx) => {
      if (t.burstLimit < t.rateLimit) {
        problem(ctx, ['burstLimit'], 'below rateLimit', `at least rateLimit (${t.rateLimit})`);
      }
    }),
  lambda: z.strictObject({
    runtime: z.enum(LAMBDA_RUNTIMES).describe(LAMBDA_RUNTIMES.join(', ')),
    memoryMb: int(128, 10240),
    // API Gateway gives up on an integration after 29 s; a longer Lambda would run on unobserved.
    timeoutSeconds: int(1, 29),
    // The migrations function is invoked at deploy time, not through API Gateway: Lambda's own limit is 900 s.
    migrationsTimeoutSeconds: int(10, 900),
    reservedConcurrency: int(1, 10000).optional(),
  }),
  /**
   * The audit outbox relay (apps/payments-handler src/relay.ts): how often the schedule runs it, and how old the
   * oldest record still waiting may be before its alarm fires.
   */
  auditRelay: z
    .strictObject({
      scheduleMinutes: int(1, 1440),
      oldestAgeAlarmMinutes: int(2, 10080),
    })
    .superRefine((r, ctx) => {
      if (r.oldestAgeAlarmMinutes <= r.scheduleMinutes) {
        problem(
          ctx,
          ['oldestAgeAlarmMinutes'],
          'the alarm would fire before the relay has had a run',
          `more than scheduleMinutes (${r.scheduleMinutes})`,
        );
      }
    }),
  waf: z.strictObject({
    enabled: bool(),
    rateLimitPer5Min: int(10, 2_000_000_000),
  }),
  /**
   * The currencies the API takes, each with its largest single payment in that currency's own units (10000 EUR,
   * 1500000 JPY): the handler gets it in minor units through the ISO 4217 exponent, so adding JPY or KWD cannot
   * change any other currency's limit, nor its own by 100 or 1,000 times.
   */
  currencies: z
    .array(
      z
        .strictObject({
          code: z
            .string()
            .refine((code) => Object.hasOwn(ISO_4217_MINOR_UNITS, code), {
              message: 'not an ISO 4217 currency code (packages/config src/currencies.ts)',
            })
            .describe("an upper-case ISO 4217 code such as 'EUR'"),
          maxAmount: z.number().positive().describe("a positive amount in the currency's units, e.g. 10000"),
        })
        .superRefine((c, ctx) => {
          const exponent = ISO_4217_MINOR_UNITS[c.code];
          if (exponent !== undefined && toMinorUnits(c.maxAmount, exponent) === undefined) {
            problem(
              ctx,
              ['maxAmount'],
              `not a whole number of ${c.code} minor units`,
              `at most ${exponent} decimal places, below 2^53 minor units`,
            );
          }
        }),
    )
    .min(1)
    .superRefine((list, ctx) =>
      list.forEach(({ code }, i) => {
        if (list.findIndex((c) => c.code === code) !== i) {
          problem(ctx, [i, 'code'], 'duplicate currency', 'each currency once');
        }
      }),
    )
    .describe("a non-empty list of { code: 'EUR', maxAmount: 10000 }"),
  tracing: bool(),
  stageName: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,128}$/)
    .describe('1 to 128 letters, digits, hyphens or underscores'),
});

const merchant = z.strictObject({
  id: z
    .string()
    .superRefine((id, ctx) => {
      const why = merchantIdProblem(id);
      if (why) {
        problem(
          ctx,
          [],
          why,
          `lowercase kebab-case, a letter first, 1 to ${MERCHANT_ID_MAX_LENGTH} characters, no environment name (e.g. 'acme-shop')`,
        );
      }
    })
    .describe("lowercase kebab-case, e.g. 'acme-shop'"),
  scopes: z
    .array(z.enum(OAUTH_SCOPES).describe(OAUTH_SCOPES.join(', ')))
    .min(1)
    .superRefine(unique('scope'))
    .describe(`a non-empty list of ${OAUTH_SCOPES.join(', ')}`),
});

/**
 * The merchants' OAuth 2.0 machine clients (infra/identity): one Cognito app client per merchant, its secret
 * generated by Cognito, never in config.
 */
const identity = z.strictObject({
  merchants: z
    .array(merchant)
    .max(MAX_MERCHANTS)
    .superRefine((list, ctx) =>
      list.forEach(({ id }, i) => {
        if (list.findIndex((m) => m.id === id) !== i) {
          problem(ctx, [i, 'id'], 'duplicate merchant', 'each merchant once');
        }
      }),
    )
    .describe(
      `a list of at most ${MAX_MERCHANTS} { id: 'acme-shop', scopes: ['payments/read', 'payments/write'] }`,
    ),
  // Cognito accepts 5 minutes to 1 day for an access token. Every token request is billed, so clients cache
  // tokens for this long.
  accessTokenValidityMinutes: int(5, 1440),
  /** Cognito's own deletion protection on the user pool (on in prod, an invariant). */
  deletionProtection: bool(),
});

/** Where the alarm topic can deliver (SNS subscription protocols); each has its own endpoint form. */
export const ALARM_SUBSCRIPTION_PROTOCOLS = ['email', 'https', 'sqs', 'lambda'] as const;

export type AlarmSubscriptionProtocol = (typeof ALARM_SUBSCRIPTION_PROTOCOLS)[number];

const REGION = '[a-z]{2}(?:-gov)?-[a-z]+-\\d';
const isEmail = (value: string) => z.email().safeParse(value).success;

/** An https URL with a host and no credentials: a user:password in it would be a secret in the stack file. */
function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

// A standard SNS topic delivers only to standard (not .fifo) queues.
const SQS_ARN = new RegExp(`^arn:aws[a-z-]*:sqs:${REGION}:\\d{12}:[A-Za-z0-9_-]{1,80}$`);
const LAMBDA_ARN = new RegExp(
  `^arn:aws[a-z-]*:lambda:${REGION}:\\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]{1,128})?$`,
);

/** Per protocol: the check of its endpoint, and what it must look like (printed as "allowed"). */
export const ALARM_ENDPOINTS: Readonly<
  Record<AlarmSubscriptionProtocol, { valid: (endpoint: string) => boolean; allowed: string }>
> = {
  email: { valid: isEmail, allowed: 'an email address, e.g. payments-oncall@yourcompany.com' },
  https: {
    valid: isHttpsUrl,
    allowed: "an https:// URL without user:password, e.g. an incident tool's SNS integration URL",
  },
  sqs: { valid: (e) => SQS_ARN.test(e), allowed: 'the ARN of a standard (not .fifo) SQS queue' },
  lambda: {
    valid: (e) => LAMBDA_ARN.test(e),
    allowed: 'the ARN of a Lambda function (optionally with a qualifier)',
  },
};

const subscription = z
  .strictObject({
    protocol: z
      .enum(ALARM_SUBSCRIPTION_PROTOCOLS)
      .describe(ALARM_SUBSCRIPTION_PROTOCOLS.map((p) => `'${p}'`).join(', ')),
    endpoint: z.string().describe('the address, URL or ARN the protocol delivers to'),
  })
  .superRefine(({ protocol, endpoint }, ctx) => {
    const rule = ALARM_ENDPOINTS[protocol];
    if (rule && !rule.valid(endpoint)) {
      problem(ctx, ['endpoint'], `not a valid ${protocol} endpoint`, rule.allowed);
    }
  });

// Thresholds are per 5-minute period; evaluationPeriods is how many periods in a row must breach.
const alarms = z.strictObject({
  /** DESIGN-12: where the environment's alarm topic delivers. Required for prod by the stack that owns the topic. */
  subscriptions: z
    .array(subscription)
    .superRefine((list, ctx) =>
      list.forEach((s, i) => {
        if (list.findIndex((o) => o.protocol === s.protocol && o.endpoint === s.endpoint) !== i) {
          problem(ctx, [i], 'duplicate subscription', 'each protocol and endpoint once');
        }
      }),
    )
    .describe("a list of { protocol: 'email' | 'https' | 'sqs' | 'lambda', endpoint }"),
  api5xxRatePercent: percent(),
  apiLatencyP99Ms: int(1, 30000),
  lambdaErrors: int(1, 10000),
  lambdaThrottles: int(1, 10000),
  auroraMaxCapacityPercent: percent(),
  auroraConnections: int(1, 100000),
  natErrorPackets: int(1, 1_000_000),
  evaluationPeriods: int(1, 288),
});

/** An AWS Foundational Security Best Practices control this environment knowingly does not meet. */
const exemption = z.strictObject({
  control: z
    .string()
    .regex(/^[A-Za-z0-9]+\.\d+$/)
    .describe("a Security Hub control ID such as 'APIGateway.4'"),
  reason: z
    .string()
    .refine((reason) => reason.trim().length > 0, { message: 'empty' })
    .describe('a non-empty explanation'),
});

const otherCidrs = (env: Environment) =>
  ENVIRONMENTS.filter((other) => other !== env).map((other) => ({ other, cidr: DEFAULT_VPC_CIDRS[other] }));

/** DESIGN-9 (RDS.7, `protect` on stateful prod resources): no override may relax these in prod. */
const PROD_INVARIANTS: readonly [path: readonly string[], required: boolean][] = [
  [['protect'], true],
  [['database', 'deletionProtection'], true],
  [['database', 'skipFinalSnapshot'], false],
  [['database', 'deleteAutomatedBackups'], false],
  [['storage', 'forceDestroy'], false],
  [['identity', 'deletionProtection'], true],
];

/**
 * Checks that depend on the environment. They read the value defensively because they run even when other
 * keys are broken, so one run reports an overlapping CIDR or a relaxed prod invariant next to a typo.
 */
function environmentChecks(value: unknown, ctx: Ctx): void {
  const at = (...path: string[]) =>
    path.reduce<unknown>((v, key) => (isPlainObject(v) ? v[key] : undefined), value);
  const env = at('env');
  if (!isEnvironment(env)) return;

  const cidr = at('network', 'vpcCidr');
  for (const { other, cidr: theirs } of otherCidrs(env)) {
    if (typeof cidr === 'string' && cidrsOverlap(cidr, theirs)) {
      const all = otherCidrs(env).map((o) => `${o.other} ${o.cidr}`);
      problem(
        ctx,
        ['network', 'vpcCidr'],
        `overlaps ${other}'s CIDR ${theirs}`,
        `a range overlapping none of ${all.join(', ')}`,
      );
    }
  }
  if (env !== 'prod') return;
  for (const [path, required] of PROD_INVARIANTS) {
    const actual = at(...path);
    if (typeof actual === 'boolean' && actual !== required) {
      problem(ctx, [...path], 'a prod invariant that overrides cannot relax', `${required} in prod`);
    }
  }
}

/** The full settings of one environment. Strict at every level: an unknown key is an error, not ignored. */
export const settingsSchema = z
  .strictObject({
    env: z.enum(ENVIRONMENTS).describe(ENVIRONMENTS.join(', ')),
    region: z
      .string()
      .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/)
      .describe("an AWS region code such as 'us-east-1'"),
    costCenter: z
      .string()
      .regex(/^[\w .:/=+@-]{1,256}$/)
      .describe('1 to 256 characters valid in an AWS tag value'),
    /** Pulumi organization of the stack paths: `organization` on a self-managed backend. */
    org: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/)
      .describe("a Pulumi organization name such as 'organization'"),
    /**
     * DESIGN-9: Pulumi `protect` on every stack's stateful resources (keys, buckets, log groups, the cluster and its
     * instances), so `pulumi destroy` or a replacement refuses until it is lifted. On in prod, where no override
     * may turn it off.
     */
    protect: bool(),
    network,
    storage,
    database,
    identity,
    api,
    /** infra/bootstrap: the state bucket, the secrets keys, the GitHub OIDC roles (src/bootstrap.ts). */
    bootstrap: bootstrapSchema,
    alarms,
    exemptions: z
      .array(exemption)
      .superRefine((list, ctx) =>
        list.forEach(({ control }, i) => {
          if (list.findIndex((e) => e.control === control) !== i) {
            problem(ctx, [i, 'control'], 'duplicate control', 'each control once');
          }
        }),
      )
      .describe("a list of { control: 'APIGateway.4', reason: '...' }"),
  })
  // `when`: run even if other keys failed (zod skips refinements after errors by default).
  .superRefine((settings, ctx) => environmentChecks(settings, ctx), { when: () => true })
  .superRefine((settings, ctx) => {
    // Above the database's bound, a burst opens more connections than the cluster takes (packages/config README).
    const reserved = settings.api.lambda.reservedConcurrency;
    const bound = paymentsConcurrencyBound(settings.database);
    if (reserved !== undefined && reserved > bound.containers) {
      problem(
        ctx,
        ['api', 'lambda', 'reservedConcurrency'],
        `more payments containers than the database takes (${bound.connectionsPerContainer} connection(s) each, ` +
          `${bound.budget} of ${bound.maxConnections} max_connections at ${settings.database.maxCapacity} ACU)`,
        `at most ${bound.containers}, or a larger database.maxCapacity`,
      );
    }
  });

export type Settings = z.infer<typeof settingsSchema>;

/** DESIGN-12: the stack that owns the environment's alarm topic, and so reads `alarms.subscriptions`. */
export const ALARM_TOPIC_DOMAIN: StackDomain = 'network';

/**
 * Checks that only the stack reading a setting needs, one line each in the format of every other problem. The
 * stack files are per project, so a setting one stack requires cannot be required of the others' files.
 */
export function stackProblems(settings: Settings, domain: StackDomain): string[] {
  const problems: string[] = [];
  if (
    domain === ALARM_TOPIC_DOMAIN &&
    settings.env === 'prod' &&
    settings.alarms.subscriptions.length === 0
  ) {
    problems.push(
      'alarms.subscriptions: prod alarms must reach someone, DESIGN-12 (got []; allowed at least one ' +
        "{ protocol, endpoint }, e.g. [{ protocol: 'email', endpoint: 'payments-oncall@yourcompany.com' }] " +
        `under payments:overrides in infra/${ALARM_TOPIC_DOMAIN}/Pulumi.prod.yaml)`,
    );
  }
  if (domain === BOOTSTRAP_DOMAIN && settings.bootstrap.github.repository === undefined) {
    problems.push(
      'bootstrap.github.repository: the bootstrap stack needs the repository its CI roles trust (got nothing; ' +
        "allowed a GitHub repository '<owner>/<repo>', e.g. 'acme/payments-infra', under payments:overrides in " +
        `infra/${BOOTSTRAP_DOMAIN}/Pulumi.${settings.env}.yaml)`,
    );
  }
  return problems;
}
