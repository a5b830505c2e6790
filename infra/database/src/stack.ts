import type { StackExports } from '@payments/contracts';
import { CustomerManagedKey, readUpstream, type StackContext } from '@payments/stack';
import { AuroraCluster, auroraLogGroupNames, engineMajor } from './components/aurora-cluster';
import { DatabaseAlarms } from './components/database-alarms';
import { DatabaseOperations, MONITORING_INTERVAL_SECONDS } from './components/database-operations';
import { DatabaseProxy } from './components/database-proxy';

/**
 * The database stack: its own KMS key, the Aurora PostgreSQL Serverless v2 cluster in the network's
 * isolated subnets, and its alarms on the network's alarm topic.
 */
export function createDatabaseStack(ctx: StackContext): StackExports<'database'> {
  const { settings, namer } = ctx;
  const network = readUpstream('database', 'network', { env: ctx.env, org: ctx.org });

  // Named up front: the key policy must name the log groups that will use the key before they exist.
  const clusterIdentifier = namer.physical('rdsCluster', 'aurora');

  // The major is in the parameter groups' names: a major upgrade creates the new groups beside the old ones.
  const major = engineMajor(settings.database.engineVersion);
  const instanceNames = Array.from({ length: settings.database.readers + 1 }, (_, i) =>
    namer.physical('rdsInstance', `aurora-${i + 1}`),
  );

  // RDS.6 and RDS.26 cost money; where config exempts them (dev), they are not built, with the reason shown.
  const exempt = (control: string) => settings.exemptions.some((e) => e.control === control);
  const backedUp = !exempt('RDS.26');

  // The account's principals use the key only through RDS and Secrets Manager: nobody can decrypt the
  // database's data keys or its master secret by calling KMS directly.
  const key = new CustomerManagedKey(
    namer.logical('database-key'),
    {
      keyName: namer.physical('kmsKey', 'database'),
      aliasName: namer.physical('kmsAlias', 'database'),
      description: 'Encrypts the Aurora cluster storage, its RDS-managed master secret and its logs.',
      account: ctx.account,
      grants: [
        { viaService: 'rds', createGrants: true },
        { viaService: 'secretsmanager', createGrants: true },
        // The AWS Backup vault of the cluster's recovery points is encrypted with this key (RDS.26).
        ...(backedUp ? [{ viaService: 'backup' as const, createGrants: true }] : []),
        { service: 'logs', logGroups: auroraLogGroupNames(clusterIdentifier) },
      ],
      protect: settings.protect,
    },
    // Its component's type before the key component was shared: Pulumi moves the key instead of replacing it.
    { provider: ctx.provider, aliases: [{ type: 'payments:database:DatabaseKey' }] },
  );

  const operations = new DatabaseOperations(
    namer.logical('database-operations'),
    {
      account: ctx.account,
      ...(exempt('RDS.6') ? {} : { monitoring: { roleName: namer.physical('iamRole', 'rds-monitoring') } }),
      ...(!backedUp
        ? {}
        : {
            backup: {
              vaultName: namer.physical('backup', 'aurora'),
              planName: namer.physical('backup', 'aurora-daily'),
              selectionName: namer.physical('backup', 'aurora-cluster'),
              roleName: namer.physical('iamRole', 'aws-backup'),
              retentionDays: settings.database.backupRetentionDays,
              kmsKeyArn: key.arn,
            },
          }),
    },
    { provider: ctx.provider },
  );

  const aurora = new AuroraCluster(
    namer.logical('aurora'),
    {
      clusterIdentifier,
      names: {
        subnetGroup: namer.physical('dbSubnetGroup', 'aurora'),
        clusterParameterGroup: namer.physical('rdsClusterParameterGroup', `aurora-cluster-pg${major}`),
        instanceParameterGroup: namer.physical('dbParameterGroup', `aurora-instance-pg${major}`),
        instances: instanceNames,
        finalSnapshot: namer.physical('rdsCluster', 'aurora-final'),
      },
      database: settings.database,
      logRetentionDays: settings.storage.logRetentionDays,
      protect: settings.protect,
      kmsKeyArn: key.arn,
      subnetIds: network.isolatedSubnetIds,
      securityGroupId: network.databaseSecurityGroupId,
      ...(operations.monitoringRoleArn
        ? {
            monitoring: {
              roleArn: operations.monitoringRoleArn,
              intervalSeconds: MONITORING_INTERVAL_SECONDS,
            },
          }
        : {}),
    },
    { provider: ctx.provider },
  );
  operations.select(aurora.clusterArn);

  new DatabaseAlarms(
    namer.logical('database-alarms'),
    {
      clusterIdentifier: aurora.clusterIdentifier,
      instances: aurora.instanceIdentifiers.map((instanceIdentifier, i) => ({
        instanceIdentifier,
        capacityAlarmName: namer.physical('cloudwatchAlarm', `aurora-${i + 1}-acu-utilization`),
      })),
      connectionsAlarmName: namer.physical('cloudwatchAlarm', 'aurora-connections'),
      alarmTopicArn: network.alarmTopicArn,
      alarms: settings.alarms,
    },
    { provider: ctx.provider },
  );

  // Where it pays for itself (database.proxy: staging and prod): the payments function and the relay connect
  // through it; the migrations keep the writer endpoint (master secret, no IAM user).
  const proxy = settings.database.proxy
    ? new DatabaseProxy(
        namer.logical('database-proxy'),
        {
          names: {
            proxy: namer.physical('rdsProxy', 'aurora'),
            role: namer.physical('iamRole', 'rds-proxy'),
            policy: namer.physical('iamPolicy', 'rds-proxy'),
          },
          clusterIdentifier: aurora.clusterIdentifier,
          clusterResourceId: aurora.clusterResourceId,
          port: aurora.port,
          subnetIds: network.isolatedSubnetIds,
          securityGroupId: network.databaseSecurityGroupId,
          account: ctx.account,
        },
        { provider: ctx.provider },
      )
    : undefined;

  return {
    clusterIdentifier: aurora.clusterIdentifier,
    clusterArn: aurora.clusterArn,
    clusterResourceId: aurora.clusterResourceId,
    writerEndpoint: aurora.writerEndpoint,
    readerEndpoint: aurora.readerEndpoint,
    port: aurora.port,
    databaseName: aurora.databaseName,
    masterUsername: aurora.masterUsername,
    masterSecretArn: aurora.masterSecretArn,
    kmsKeyArn: key.arn,
    proxyEndpoint: proxy?.endpoint ?? '',
    proxyResourceId: proxy?.resourceId ?? '',
  };
}
