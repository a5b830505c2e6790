import type { StackContext, StackExports } from '@payments/contracts';
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
  // DESIGN rule 9: `protect` on stateful prod resources. `database.protect` is the platform's one switch for
  // it (storage has none of its own): on in prod by default, and a prod invariant no override can relax.
  const protect = settings.database.protect;

  // Names first: the key policy names the log groups and the bucket it serves, which are created after it.
  const bucketName = namer.physical('s3Bucket', 'audit');
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
      region: settings.region,
      // The longest window KMS allows for keys we protect, the shortest elsewhere.
      deletionWindowInDays: protect ? 30 : 7,
      logGroupNames: Object.values(logGroupNames),
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
