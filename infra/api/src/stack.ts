import * as pulumi from '@pulumi/pulumi';
import {
  ISO_4217_MINOR_UNITS,
  paymentsReservedConcurrency,
  toMinorUnits,
  type Settings,
} from '@payments/config';
import { parseMerchantClients, type StackExports } from '@payments/contracts';
import { wafLogGroupName } from '@payments/naming';
import { readUpstream, type StackContext } from '@payments/stack';
import {
  PAYMENTS_DB_USER,
  RELAY_METRICS,
  RELAY_METRICS_NAMESPACE,
  handlerEnvironment,
  migrationsHash,
  type HandlerEnvironmentValues,
} from '@payments/payments-handler';
import { ApiAlarms } from './components/api-alarms';
import { ApiFunction } from './components/api-function';
import { AuditRelaySchedule } from './components/audit-relay-schedule';
import { Dashboard } from './components/dashboard';
import { MigrationsRun } from './components/migrations-run';
import { RestApi } from './components/rest-api';
import { Waf } from './components/waf';
import { rdsDbUserArn } from './policies';

/**
 * `api.currencies` as the handler takes them: each limit in the currency's minor units, by its ISO 4217 exponent
 * (packages/config validated both, so a missing exponent or a fractional minor unit cannot reach this).
 */
export function currencyLimits(
  currencies: Settings['api']['currencies'],
): Record<string, { exponent: number; maxMinor: number }> {
  return Object.fromEntries(
    currencies.map(({ code, maxAmount }) => {
      const exponent = ISO_4217_MINOR_UNITS[code] as number;
      return [code, { exponent, maxMinor: toMinorUnits(maxAmount, exponent) as number }];
    }),
  );
}

/** The relay's own limit: a run stops claiming rows in time to finish (src/relay.ts reads the remaining time). */
export const AUDIT_RELAY_TIMEOUT_SECONDS = 60;
/** One relay run at a time: a schedule never needs more, and it caps the relay's database connections at one. */
export const AUDIT_RELAY_RESERVED_CONCURRENCY = 1;

/**
 * The API of one environment: the payments and migrations functions, the deploy's migration run, the REST API
 * behind the identity stack's Cognito authorizer, WAF (prod), alarms.
 */
export function createApiStack(ctx: StackContext): StackExports<'api'> {
  const { namer, settings } = ctx;
  const upstream = { env: ctx.env, org: ctx.org };
  const network = readUpstream('api', 'network', upstream);
  const database = readUpstream('api', 'database', upstream);
  const storage = readUpstream('api', 'storage', upstream);
  const identity = readUpstream('api', 'identity', upstream);
  const opts = { provider: ctx.provider };
  const { lambda } = settings.api;

  const environmentValues: pulumi.Output<HandlerEnvironmentValues> = pulumi
    .output({
      dbSecretArn: database.masterSecretArn,
      dbWriterHost: database.writerEndpoint,
      dbReaderHost: database.readerEndpoint,
      dbPort: database.port,
      dbName: database.databaseName,
      dbMasterUser: database.masterUsername,
      // Which Cognito app client is which merchant: a malformed or ambiguous list stops the deploy.
      merchantClients: identity.merchantClients.apply(parseMerchantClients),
      auditBucketName: storage.auditBucketName,
      auditKmsKeyArn: storage.kmsKeyArn,
    })
    .apply((values) => ({
      ...values,
      currencyLimits: currencyLimits(settings.api.currencies),
    }));

  const functionDefaults = {
    runtime: lambda.runtime,
    memoryMb: lambda.memoryMb,
    timeoutSeconds: lambda.timeoutSeconds,
    tracing: settings.api.tracing,
    subnetIds: network.privateSubnetIds,
    securityGroupId: network.lambdaSecurityGroupId,
    // The environment holds ARNs and hosts, no secret (DESIGN-2); still encrypted with our key (CKV_AWS_173).
    kmsKeyArn: storage.kmsKeyArn,
  };

  const migrations = new ApiFunction(
    namer.logical('migrations'),
    {
      ...functionDefaults,
      kind: 'migrations',
      functionName: namer.physical('lambdaFunction', 'migrations'),
      // Invoked by the deploy, not through API Gateway, so not bound by its 29 s.
      timeoutSeconds: lambda.migrationsTimeoutSeconds,
      // One deploy runs the migrations at a time; a second concurrent run is refused, not queued.
      reservedConcurrency: 1,
      role: {
        account: ctx.account,
        // Only the migrations read the master secret.
        database: {
          kind: 'master-secret',
          secretArn: database.masterSecretArn,
          kmsKeyArn: database.kmsKeyArn,
        },
        roleName: namer.physical('iamRole', 'migrations-lambda'),
        policyName: namer.physical('iamPolicy', 'migrations-lambda'),
      },
      logGroupName: storage.migrationsLogGroupName,
      logGroupArn: storage.migrationsLogGroupArn,
      environment: environmentValues.apply((values) => handlerEnvironment('migrations', values)),
    },
    opts,
  );

  // Runs the migrations the code ships before the payments function changes: the API never serves a schema
  // older than its code.
  const migrationsRun = new MigrationsRun(
    namer.logical('migrations-run'),
    {
      function: migrations.function,
      migrationsHash: migrationsHash(),
      // A replaced cluster starts empty: its new identity runs the migrations again.
      clusterResourceId: database.clusterResourceId,
    },
    opts,
  );

  // IAM authentication as payments_app of this cluster, and nothing of the master secret (payments and relay):
  // through the RDS Proxy where the database stack has one (its resource ID is '' where not), the reader directly.
  const paymentsAppArn = (resourceId: pulumi.Output<string>) =>
    pulumi
      .all([ctx.account.partition, ctx.account.accountId, resourceId])
      .apply(([partition, accountId, id]) =>
        id === ''
          ? ''
          : rdsDbUserArn({
              partition,
              region: ctx.account.region,
              accountId,
              clusterResourceId: id,
              user: PAYMENTS_DB_USER,
            }),
      );
  const paymentsAppAccess = {
    kind: 'iam-user',
    dbUserArn: paymentsAppArn(database.clusterResourceId),
    proxyDbUserArn: paymentsAppArn(database.proxyResourceId),
  } as const;
  // payments_app's writer: the proxy's endpoint where there is one. The migrations keep the writer endpoint.
  const viaProxy = pulumi
    .all([environmentValues, database.proxyEndpoint])
    .apply(([values, proxyEndpoint]) => ({ ...values, dbWriterHost: proxyEndpoint || values.dbWriterHost }));
  // The payments and relay functions: the application's database user and the audit bucket's grants in their role,
  // the writer through the proxy, and the schema of the code they run (the relay's outbox table comes with it).
  const appFunction = (kind: 'payments' | 'relay', roleName: string) => ({
    ...functionDefaults,
    kind,
    role: {
      account: ctx.account,
      database: paymentsAppAccess,
      roleName: namer.physical('iamRole', roleName),
      policyName: namer.physical('iamPolicy', roleName),
      audit: { bucketArn: storage.auditBucketArn, kmsKeyArn: storage.kmsKeyArn },
    },
    environment: viaProxy.apply((values) => handlerEnvironment(kind, values)),
    dependsOn: [migrationsRun.invocation],
  });

  const payments = new ApiFunction(
    namer.logical('payments'),
    {
      ...appFunction('payments', 'payments-lambda'),
      functionName: namer.physical('lambdaFunction', 'payments'),
      // From what the database absorbs (packages/config paymentsConcurrencyBound), unless config sets it.
      reservedConcurrency: paymentsReservedConcurrency(settings),
      logGroupName: storage.paymentsLogGroupName,
      logGroupArn: storage.paymentsLogGroupArn,
    },
    opts,
  );

  // The audit outbox relay: the payments function's database user and audit grants, on a schedule. One run at a
  // time is enough (rows are claimed with SKIP LOCKED, so overlapping runs would also be safe).
  const relay = new ApiFunction(
    namer.logical('audit-relay'),
    {
      ...appFunction('relay', 'audit-relay-lambda'),
      functionName: namer.physical('lambdaFunction', 'audit-relay'),
      timeoutSeconds: AUDIT_RELAY_TIMEOUT_SECONDS,
      reservedConcurrency: AUDIT_RELAY_RESERVED_CONCURRENCY,
      logGroupName: storage.relayLogGroupName,
      logGroupArn: storage.relayLogGroupArn,
    },
    opts,
  );

  new AuditRelaySchedule(
    namer.logical('audit-relay-schedule'),
    {
      ruleName: namer.physical('eventRule', 'audit-relay'),
      everyMinutes: settings.api.auditRelay.scheduleMinutes,
      functionName: relay.functionName,
      functionArn: relay.arn,
    },
    opts,
  );

  const api = new RestApi(
    namer.logical('rest-api'),
    {
      apiName: namer.physical('restApi', 'api'),
      stageName: settings.api.stageName,
      authorizer: {
        name: namer.physical('apiAuthorizer', 'merchants'),
        userPoolArn: identity.userPoolArn,
      },
      requestValidatorName: namer.physical('apiRequestValidator', 'requests'),
      handler: { functionName: payments.functionName, invokeArn: payments.invokeArn },
      accessLogGroupArn: storage.apiAccessLogGroupArn,
      tracing: settings.api.tracing,
      throttling: settings.api.throttling,
      executionLogs: {
        kmsKeyArn: storage.kmsKeyArn,
        retentionInDays: settings.storage.logRetentionDays,
        // DESIGN-9: `protect` on stateful resources (on in prod).
        protect: settings.protect,
      },
    },
    opts,
  );

  if (settings.api.waf.enabled) {
    new Waf(
      namer.logical('waf'),
      {
        webAclName: namer.physical('wafWebAcl', 'api'),
        metricNames: {
          rateLimit: namer.physical('wafWebAcl', 'api-rate-limit'),
          AWSManagedRulesCommonRuleSet: namer.physical('wafWebAcl', 'api-common-rules'),
          AWSManagedRulesKnownBadInputsRuleSet: namer.physical('wafWebAcl', 'api-known-bad-inputs'),
        },
        rateLimitPer5Min: settings.api.waf.rateLimitPer5Min,
        stageArn: api.stageArn,
        logs: {
          name: wafLogGroupName(namer.physical('logGroup', 'api')),
          kmsKeyArn: storage.kmsKeyArn,
          retentionInDays: settings.storage.logRetentionDays,
          protect: settings.protect,
        },
      },
      opts,
    );
  }

  const { alarms } = settings;
  new ApiAlarms(
    namer.logical('alarms'),
    {
      topicArn: network.alarmTopicArn,
      evaluationPeriods: alarms.evaluationPeriods,
      api: {
        apiName: api.apiName,
        stageName: api.stageName,
        errorRateAlarmName: namer.physical('cloudwatchAlarm', 'api-5xx-rate'),
        latencyAlarmName: namer.physical('cloudwatchAlarm', 'api-latency-p99'),
        errorRatePercent: alarms.api5xxRatePercent,
        latencyP99Ms: alarms.apiLatencyP99Ms,
      },
      functions: [
        {
          key: 'payments',
          functionName: payments.functionName,
          errorsAlarmName: namer.physical('cloudwatchAlarm', 'payments-errors'),
          throttlesAlarmName: namer.physical('cloudwatchAlarm', 'payments-throttles'),
        },
        {
          key: 'migrations',
          functionName: migrations.functionName,
          errorsAlarmName: namer.physical('cloudwatchAlarm', 'migrations-errors'),
          throttlesAlarmName: namer.physical('cloudwatchAlarm', 'migrations-throttles'),
        },
      ],
      lambdaErrors: alarms.lambdaErrors,
      lambdaThrottles: alarms.lambdaThrottles,
      auditOutbox: {
        relayFunctionName: relay.functionName,
        namespace: RELAY_METRICS_NAMESPACE,
        metricName: RELAY_METRICS.oldestAge,
        alarmName: namer.physical('cloudwatchAlarm', 'audit-outbox-age'),
        oldestAgeMinutes: settings.api.auditRelay.oldestAgeAlarmMinutes,
        scheduleMinutes: settings.api.auditRelay.scheduleMinutes,
      },
    },
    opts,
  );

  const dashboard = new Dashboard(
    namer.logical('dashboard'),
    {
      dashboardName: namer.physical('dashboard', 'overview'),
      region: settings.region,
      apiName: api.apiName,
      stageName: api.stageName,
      functions: [
        { label: 'payments', functionName: payments.functionName },
        { label: 'migrations', functionName: migrations.functionName },
        { label: 'audit relay', functionName: relay.functionName },
      ],
      clusterIdentifier: database.clusterIdentifier,
      natGatewayIds: network.natGatewayIds,
    },
    opts,
  );

  return {
    restApiId: api.restApiId,
    apiUrl: api.invokeUrl,
    stageName: api.stageName,
    paymentsFunctionName: payments.functionName,
    migrationsFunctionName: migrations.functionName,
    dashboardName: dashboard.dashboardName,
  };
}
