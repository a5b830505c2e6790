import type { StackExports } from '@payments/contracts';
import { CustomerManagedKey, globalBucketName, type StackContext } from '@payments/stack';
import { API_GATEWAY_EXECUTION_LOG_GROUP_PREFIX, WAF_LOG_GROUP_PREFIX } from '@payments/naming';
import { AccessLogBucket } from './components/access-log-bucket';
import { AuditBucket } from './components/audit-bucket';
import { LogGroups } from './components/log-groups';

/**
 * The storage stack of one environment: the KMS key that encrypts this stack's data, the audit bucket and
 * the application log groups. It reads no other stack.
 */
export function createStorageStack(ctx: StackContext): StackExports<'storage'> {
  const { namer, settings, provider } = ctx;
  const storage = settings.storage;
  // DESIGN-9: `protect` on the stateful resources, the key, the bucket and the log groups (on in prod).
  const { protect } = settings;

  // Names first: the key policy names the log groups and the bucket it serves, which are created after it.
  // Bucket names are global across all AWS accounts: they carry this account and region (DESIGN-11).
  const { account } = ctx;
  const bucketName = globalBucketName(ctx, 'audit');
  const logGroupNames = {
    payments: namer.physical('logGroup', 'payments-lambda'),
    migrations: namer.physical('logGroup', 'migrations-lambda'),
    relay: namer.physical('logGroup', 'audit-relay-lambda'),
    apiAccess: namer.physical('logGroup', 'api-access'),
  };

  const key = new CustomerManagedKey(
    namer.logical('storage'),
    {
      keyName: namer.physical('kmsKey', 'storage'),
      aliasName: namer.physical('kmsAlias', 'storage'),
      description: 'Encrypts the payments audit bucket and application log groups.',
      account,
      grants: [
        { service: 'logs', logGroups: Object.values(logGroupNames) },
        // The api stack's execution log groups, API-Gateway-Execution-Logs_<rest api id>/<stage>: named after a
        // REST API that does not exist when this stack deploys (it deploys first), so matched by the prefix API
        // Gateway dictates; only this account and region, so in an account per environment only this one's.
        // Likewise the api stack's WAF traffic logs (prod), whose names must start with the prefix WAF dictates.
        {
          service: 'logs',
          logGroups: [`${API_GATEWAY_EXECUTION_LOG_GROUP_PREFIX}*`, `${WAF_LOG_GROUP_PREFIX}*`],
          match: 'pattern',
        },
        { viaService: 's3', buckets: [bucketName] },
        // The api stack's functions encrypt their environment variables with this key (CKV_AWS_173): Lambda
        // encrypts on CreateFunction and keeps a grant for the execution role to decrypt at start.
        { viaService: 'lambda', createGrants: true },
      ],
      protect,
    },
    // Its component's type before the key component was shared: Pulumi moves the key instead of replacing it.
    { provider, aliases: [{ type: 'payments:storage:EncryptionKey' }] },
  );

  const audit = new AuditBucket(
    namer.logical('audit'),
    {
      bucketName,
      kmsKeyArn: key.arn,
      transitionToGlacierDays: storage.auditTransitionToGlacierDays,
      expirationDays: storage.auditExpirationDays,
      objectLock: storage.objectLock,
      forceDestroy: storage.forceDestroy,
      protect,
    },
    { provider },
  );

  // S3.9 / PCI DSS 10.2: every request to the audit bucket is logged, to a bucket of its own.
  new AccessLogBucket(
    namer.logical('access-logs'),
    {
      bucketName: globalBucketName(ctx, 'access-logs'),
      source: { bucketId: audit.bucketName, bucketArn: audit.bucketArn },
      accountId: account.accountId,
      expirationDays: storage.accessLogExpirationDays,
      forceDestroy: storage.forceDestroy,
      protect,
    },
    { provider },
  );

  const logs = new LogGroups(
    namer.logical('logs'),
    { names: logGroupNames, kmsKeyArn: key.arn, retentionInDays: storage.logRetentionDays, protect },
    { provider },
  );

  return {
    kmsKeyArn: key.arn,
    auditBucketName: audit.bucketName,
    auditBucketArn: audit.bucketArn,
    paymentsLogGroupName: logs.names.payments,
    paymentsLogGroupArn: logs.arns.payments,
    migrationsLogGroupName: logs.names.migrations,
    migrationsLogGroupArn: logs.arns.migrations,
    relayLogGroupName: logs.names.relay,
    relayLogGroupArn: logs.arns.relay,
    apiAccessLogGroupName: logs.names.apiAccess,
    apiAccessLogGroupArn: logs.arns.apiAccess,
  };
}
