import type { StackExports } from '@payments/contracts';
import type { StackContext } from '@payments/stack';
import { API_GATEWAY_EXECUTION_LOG_GROUP_PREFIX } from '@payments/naming';
import { AuditBucket } from './components/audit-bucket';
import { EncryptionKey } from './components/encryption-key';
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
  const bucketName = account.accountId.apply((id) =>
    namer.globalPhysical('s3Bucket', 'audit', { accountId: id, region: settings.region }),
  );
  const logGroupNames = {
    payments: namer.physical('logGroup', 'payments-lambda'),
    migrations: namer.physical('logGroup', 'migrations-lambda'),
    apiAccess: namer.physical('logGroup', 'api-access'),
  };

  const key = new EncryptionKey(
    namer.logical('storage'),
    {
      keyName: namer.physical('kmsKey', 'storage'),
      aliasName: namer.physical('kmsAlias', 'storage'),
      description: 'Encrypts the payments audit bucket and application log groups.',
      account,
      // The longest window KMS allows for keys we protect, the shortest elsewhere.
      deletionWindowInDays: protect ? 30 : 7,
      logGroupNames: Object.values(logGroupNames),
      // The api stack's execution log groups, API-Gateway-Execution-Logs_<rest api id>/<stage>.
      logGroupNamePatterns: [`${API_GATEWAY_EXECUTION_LOG_GROUP_PREFIX}*`],
      bucketName,
      protect,
    },
    { provider },
  );

  const audit = new AuditBucket(
    namer.logical('audit'),
    {
      bucketName,
      kmsKeyArn: key.keyArn,
      transitionToGlacierDays: storage.auditTransitionToGlacierDays,
      expirationDays: storage.auditExpirationDays,
      objectLock: storage.objectLock,
      forceDestroy: storage.forceDestroy,
      protect,
    },
    { provider },
  );

  const logs = new LogGroups(
    namer.logical('logs'),
    { names: logGroupNames, kmsKeyArn: key.keyArn, retentionInDays: storage.logRetentionDays, protect },
    { provider },
  );

  return {
    kmsKeyArn: key.keyArn,
    auditBucketName: audit.bucketName,
    auditBucketArn: audit.bucketArn,
    paymentsLogGroupName: logs.names.payments,
    paymentsLogGroupArn: logs.arns.payments,
    migrationsLogGroupName: logs.names.migrations,
    migrationsLogGroupArn: logs.arns.migrations,
    apiAccessLogGroupName: logs.names.apiAccess,
    apiAccessLogGroupArn: logs.arns.apiAccess,
  };
}
