import { AURORA_POSTGRES_VERSION_FLOOR } from './aurora';
import type { Environment } from './environments';
import { DEFAULT_VPC_CIDRS } from './network';
import type { Settings } from './schema';

/**
 * The code defaults of one environment (docs/design.md "Environments"), already valid. Returns a fresh object;
 * `Pulumi.<env>.yaml` changes it only through `payments:overrides` (see OVERRIDABLE_KEYS).
 */
export function defaultSettings(env: Environment): Settings {
  // Reads like the DESIGN table: one column per environment.
  const byEnv = <T>(dev: T, staging: T, prod: T): T => ({ dev, staging, prod })[env];
  const prod = env === 'prod';

  return {
    env,
    region: 'us-east-1',
    costCenter: 'payments-platform',
    org: 'organization',
    protect: prod,
    network: {
      vpcCidr: DEFAULT_VPC_CIDRS[env],
      azCount: byEnv(2, 2, 3),
      // One NAT per AZ keeps prod egress up when an AZ fails; elsewhere one shared NAT saves cost.
      natStrategy: byEnv('single', 'single', 'one-per-az'),
      flowLogRetentionDays: byEnv(7, 30, 365),
      // An interface endpoint costs $7.30 a month per AZ; dev's three would double its idle bill, so dev sends
      // its few AWS API calls (Secrets Manager, KMS, Logs) through its one NAT (packages/cost/README.md).
      // The S3 gateway endpoint is free and stays in every environment.
      interfaceEndpoints: byEnv([], ['secretsmanager', 'kms', 'logs'], ['secretsmanager', 'kms', 'logs']),
    },
    storage: {
      logRetentionDays: byEnv(7, 30, 365),
      auditTransitionToGlacierDays: byEnv(30, 30, 90),
      // Prod keeps audit records about seven years.
      auditExpirationDays: byEnv(90, 365, 2555),
      // PCI DSS 10.7: a year of access history; a day's logs of an idle bucket are a few KB, so dev keeps it too.
      accessLogExpirationDays: 365,
      objectLock: prod
        ? { enabled: true, mode: 'COMPLIANCE', retentionDays: 365 }
        : { enabled: false, mode: 'GOVERNANCE', retentionDays: 30 },
      forceDestroy: env === 'dev',
    },
    database: {
      engineVersion: AURORA_POSTGRES_VERSION_FLOOR,
      minCapacity: byEnv(0, 0.5, 2),
      maxCapacity: byEnv(2, 8, 32),
      secondsUntilAutoPause: 300,
      readers: byEnv(0, 1, 2),
      backupRetentionDays: byEnv(1, 7, 35),
      deletionProtection: prod,
      skipFinalSnapshot: !prod,
      // RDS deletes a cluster's automated backups with it unless told otherwise; prod keeps them (an invariant).
      deleteAutomatedBackups: !prod,
      masterUsername: 'dbadmin',
      databaseName: 'payments',
      port: 5432,
      iamAuth: true,
      // RDS Proxy where it pays for itself: not in dev, where its 8 ACU minimum ($87.60 a month) alone is twice the
      // $45 idle goal and it would keep the auto-paused cluster awake (infra/database README).
      proxy: env !== 'dev',
    },
    identity: {
      // Merchants are business relationships, added in infra/identity/Pulumi.<env>.yaml. None by default: each
      // app client costs $6 a month, which dev's $45 idle goal cannot carry (packages/cost/README.md).
      merchants: [],
      accessTokenValidityMinutes: 60,
      deletionProtection: prod,
    },
    api: {
      throttling: { rateLimit: byEnv(50, 200, 1000), burstLimit: byEnv(100, 400, 2000) },
      lambda: {
        runtime: 'nodejs22.x',
        memoryMb: byEnv(256, 512, 1024),
        timeoutSeconds: 10,
        migrationsTimeoutSeconds: 120,
      },
      // Every minute where Aurora never pauses. Dev's would pause after 300 s idle, and a relay run wakes it (about
      // $0.06 an hour at 0.5 ACU): once a day costs about $0.15 a month; a record left in dev's outbox waits for it.
      auditRelay: byEnv(
        { scheduleMinutes: 1440, oldestAgeAlarmMinutes: 1500 },
        { scheduleMinutes: 1, oldestAgeAlarmMinutes: 15 },
        { scheduleMinutes: 1, oldestAgeAlarmMinutes: 10 },
      ),
      waf: { enabled: prod, rateLimitPer5Min: 2000 },
      // The largest single payment, per currency in its own units (10,000 outside prod, 1,000,000 in prod).
      currencies: ['EUR', 'GBP', 'USD'].map((code) => ({
        code,
        maxAmount: byEnv(10_000, 10_000, 1_000_000),
      })),
      tracing: true,
      stageName: 'v1',
    },
    bootstrap: {
      // The repository is the team's to say (infra/bootstrap/Pulumi.<env>.yaml); stackProblems requires it there.
      github: {
        deployEnvironment: env,
        previewEnvironment: `${env}-preview`,
        previewOnPullRequests: !prod,
      },
      // Enough to roll a stack's state back by a few weeks (S3 versions of its checkpoint), then S3 deletes them.
      stateBucket: { noncurrentVersionExpirationDays: byEnv(30, 90, 365) },
      // Three hours: a deploy that creates the prod cluster and its readers outlasts the 1-hour default.
      deploySessionHours: 3,
    },
    alarms: {
      // Where alarms go is the team's to say: none by default, and prod refuses to deploy its alarm topic
      // without one (DESIGN-12, stackProblems), so infra/network/Pulumi.prod.yaml sets it.
      subscriptions: [],
      api5xxRatePercent: byEnv(5, 2, 1),
      apiLatencyP99Ms: byEnv(3000, 2000, 1500),
      lambdaErrors: byEnv(5, 5, 1),
      lambdaThrottles: byEnv(10, 5, 1),
      auroraMaxCapacityPercent: byEnv(90, 85, 80),
      auroraConnections: byEnv(100, 400, 1000),
      natErrorPackets: byEnv(100, 50, 10),
      evaluationPeriods: byEnv(3, 3, 2),
    },
    exemptions: prod
      ? []
      : [
          {
            control: 'APIGateway.4',
            reason: 'WAF runs in prod only; dev and staging are not internet-facing for customers',
          },
          {
            control: 'RDS.7',
            reason:
              'Deletion protection and final snapshots are prod-only so dev and staging can be rebuilt freely',
          },
          {
            control: 'S3.15',
            reason:
              'Dev and staging audit records are test data; a compliance lock would keep the bucket undeletable for its retention',
          },
          // Controls that cost money without protecting anything in dev, whose database holds test data only.
          ...(env === 'dev'
            ? [
                {
                  control: 'RDS.6',
                  reason:
                    'Enhanced monitoring bills its OS metrics even while dev is idle; dev has no load worth watching per process',
                },
                {
                  control: 'RDS.15',
                  reason:
                    'Dev runs one instance (database.readers 0) and auto-pauses: a reader would idle at a cost',
                },
                {
                  control: 'RDS.26',
                  reason:
                    "Dev's database holds test data only; its automated backups (1 day) are enough and AWS Backup would bill its copies",
                },
              ]
            : []),
        ],
  };
}
