import type { StackExports } from '@payments/contracts';
import { readUpstream, type StackContext } from '@payments/stack';
import { AuroraCluster, auroraLogGroupNames } from './components/aurora-cluster';
import { DatabaseAlarms } from './components/database-alarms';
import { DatabaseKey } from './components/database-key';

/**
 * The database stack: its own KMS key, the Aurora PostgreSQL Serverless v2 cluster in the network's
 * isolated subnets, and its alarms on the network's alarm topic.
 */
export function createDatabaseStack(ctx: StackContext): StackExports<'database'> {
  const { settings, namer } = ctx;
  const network = readUpstream('database', 'network', { env: ctx.env, org: ctx.org });

  // Named up front: the key policy must name the log groups that will use the key before they exist.
  const clusterIdentifier = namer.physical('rdsCluster', 'aurora');

  const key = new DatabaseKey(
    namer.logical('database-key'),
    {
      namer,
      region: settings.region,
      logGroupNames: auroraLogGroupNames(clusterIdentifier),
      protect: settings.protect,
    },
    { provider: ctx.provider },
  );

  const aurora = new AuroraCluster(
    namer.logical('aurora'),
    {
      namer,
      clusterIdentifier,
      database: settings.database,
      logRetentionDays: settings.storage.logRetentionDays,
      protect: settings.protect,
      kmsKeyArn: key.arn,
      subnetIds: network.isolatedSubnetIds,
      securityGroupId: network.databaseSecurityGroupId,
    },
    { provider: ctx.provider },
  );

  new DatabaseAlarms(
    namer.logical('database-alarms'),
    {
      namer,
      clusterIdentifier: aurora.clusterIdentifier,
      instanceIdentifiers: aurora.instanceIdentifiers,
      alarmTopicArn: network.alarmTopicArn,
      alarms: settings.alarms,
    },
    { provider: ctx.provider },
  );

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
  };
}
