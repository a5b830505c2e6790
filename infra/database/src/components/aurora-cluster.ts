import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { Settings } from '@payments/config';
import { rdsClusterLogGroupName, type RdsClusterLogType } from '@payments/naming';

type DatabaseSettings = Settings['database'];

/** What the cluster exports to CloudWatch Logs (RDS.37). */
export const AURORA_LOG_EXPORTS: readonly RdsClusterLogType[] = ['postgresql'];

/** The log groups RDS writes the exports to; AWS dictates their names. */
export function auroraLogGroupNames(clusterIdentifier: string): string[] {
  return AURORA_LOG_EXPORTS.map((logType) => rdsClusterLogGroupName(clusterIdentifier, logType));
}

/** The engine's major version, e.g. `16` for `16.8`. */
export function engineMajor(engineVersion: string): string {
  const major = /^(\d+)\./.exec(engineVersion)?.[1];
  if (!major) throw new Error(`Not a major.minor engine version: '${engineVersion}'.`);
  return major;
}

/** The parameter group family of an Aurora PostgreSQL version, e.g. `aurora-postgresql16`. */
export function auroraPostgresFamily(engineVersion: string): string {
  return `aurora-postgresql${engineMajor(engineVersion)}`;
}

/** Statements slower than this are logged with their duration, in milliseconds. */
export const SLOW_STATEMENT_MS = 1000;

/** Daily backups, then maintenance, in UTC and not overlapping, so neither slows the other. */
export const BACKUP_WINDOW = '03:00-04:00';
export const MAINTENANCE_WINDOW = 'sun:04:30-sun:05:30';

/** Performance Insights' free retention tier, in days. */
export const PERFORMANCE_INSIGHTS_RETENTION_DAYS = 7;

/** Physical names of the cluster's resources besides the cluster itself. */
export interface AuroraClusterNames {
  subnetGroup: string;
  /** The parameter groups of the engine's major version (`engineMajor`): a major upgrade creates new ones. */
  clusterParameterGroup: string;
  instanceParameterGroup: string;
  /** One per instance, writer first: `database.readers + 1` names. */
  instances: readonly string[];
  /** The snapshot RDS takes when the cluster is deleted (used unless `skipFinalSnapshot`). */
  finalSnapshot: string;
}

export interface AuroraClusterArgs {
  /** The cluster's physical name: the stack needs it before the cluster, for the key policy. */
  clusterIdentifier: string;
  names: AuroraClusterNames;
  database: DatabaseSettings;
  /** Retention of the log groups RDS writes to. */
  logRetentionDays: number;
  /** Pulumi `protect` on the cluster, its instances and its log groups (DESIGN-9). */
  protect: boolean;
  /** Our key: cluster storage (RDS.27), the managed master secret, Performance Insights, logs. */
  kmsKeyArn: pulumi.Input<string>;
  /** The network's isolated subnets: no route out of the VPC. */
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** The network's database security group: PostgreSQL from the Lambda security group only. */
  securityGroupId: pulumi.Input<string>;
  /** Enhanced monitoring of every instance (RDS.6): the role RDS publishes OS metrics with, and how often. */
  monitoring?: { roleArn: pulumi.Input<string>; intervalSeconds: number };
}

type RestoreInputs = Pick<aws.rds.ClusterArgs, 'snapshotIdentifier' | 'restoreToPointInTime'>;

/** The create-time restore inputs of `settings.database.restore` (none by default: an empty cluster). */
export function restoreInputs(restore: DatabaseSettings['restore']): RestoreInputs {
  if (restore === undefined) return {};
  if ('snapshotIdentifier' in restore) return { snapshotIdentifier: restore.snapshotIdentifier };
  const { sourceClusterIdentifier, restoreTime, useLatestRestorableTime } = restore.pointInTime;
  return {
    restoreToPointInTime:
      restoreTime !== undefined
        ? { sourceClusterIdentifier, restoreToTime: restoreTime }
        : { sourceClusterIdentifier, useLatestRestorableTime: useLatestRestorableTime === true },
  };
}

/**
 * Aurora PostgreSQL Serverless v2: subnet group, parameter groups, the KMS-encrypted log groups RDS
 * writes to, the cluster with its RDS-managed master secret, and one writer plus `readers` readers.
 */
export class AuroraCluster extends pulumi.ComponentResource {
  readonly clusterIdentifier: pulumi.Output<string>;
  readonly clusterArn: pulumi.Output<string>;
  readonly clusterResourceId: pulumi.Output<string>;
  readonly writerEndpoint: pulumi.Output<string>;
  readonly readerEndpoint: pulumi.Output<string>;
  readonly port: pulumi.Output<number>;
  readonly databaseName: pulumi.Output<string>;
  readonly masterUsername: pulumi.Output<string>;
  /** ARN of the secret RDS manages; never its value. */
  readonly masterSecretArn: pulumi.Output<string>;
  readonly instanceIdentifiers: pulumi.Output<string>[];

  constructor(name: string, args: AuroraClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('payments:database:AuroraCluster', name, {}, opts);
    const { names, database } = args;
    const family = auroraPostgresFamily(database.engineVersion);
    if (names.instances.length !== database.readers + 1) {
      throw new Error(
        `AuroraCluster names.instances has ${names.instances.length} names for ${database.readers + 1} instances.`,
      );
    }

    const subnetGroupName = names.subnetGroup;
    const subnetGroup = new aws.rds.SubnetGroup(
      `${name}-subnet-group`,
      {
        name: subnetGroupName,
        description: 'Isolated subnets of the Aurora cluster: no route out of the VPC.',
        subnetIds: args.subnetIds,
        tags: { Name: subnetGroupName },
      },
      { parent: this },
    );

    // The family's major is in the names, so a major upgrade creates the new groups beside the old ones
    // and switches the cluster over before the old ones are deleted.
    const clusterParameterGroupName = names.clusterParameterGroup;
    const clusterParameterGroup = new aws.rds.ClusterParameterGroup(
      `${name}-cluster-parameters`,
      {
        name: clusterParameterGroupName,
        family,
        description: 'Aurora PostgreSQL cluster parameters: TLS only, connection and slow statement logging.',
        parameters: [
          // Static on some versions; pending-reboot is accepted for static and dynamic parameters alike.
          { name: 'rds.force_ssl', value: '1', applyMethod: 'pending-reboot' },
          { name: 'log_min_duration_statement', value: String(SLOW_STATEMENT_MS), applyMethod: 'immediate' },
          // Schema changes (CREATE, ALTER, DROP, GRANT) are logged; 'mod' or 'all' would log payment values.
          { name: 'log_statement', value: 'ddl', applyMethod: 'immediate' },
          { name: 'log_connections', value: '1', applyMethod: 'immediate' },
          { name: 'log_disconnections', value: '1', applyMethod: 'immediate' },
        ],
        tags: { Name: clusterParameterGroupName },
      },
      { parent: this },
    );

    // Empty for now: a custom group lets instance parameters change later without moving the instances
    // off the default group (which needs a reboot).
    const instanceParameterGroupName = names.instanceParameterGroup;
    const instanceParameterGroup = new aws.rds.ParameterGroup(
      `${name}-instance-parameters`,
      {
        name: instanceParameterGroupName,
        family,
        description: 'Aurora PostgreSQL instance parameters.',
        tags: { Name: instanceParameterGroupName },
      },
      { parent: this },
    );

    // Created before the cluster so RDS writes into encrypted groups with a retention, not into groups it
    // would create itself (unencrypted, kept forever).
    const logGroups = AURORA_LOG_EXPORTS.map(
      (logType) =>
        new aws.cloudwatch.LogGroup(
          `${name}-${logType}-logs`,
          {
            name: rdsClusterLogGroupName(args.clusterIdentifier, logType),
            retentionInDays: args.logRetentionDays,
            kmsKeyId: args.kmsKeyArn,
          },
          { parent: this, protect: args.protect },
        ),
    );

    const autoPause = database.minCapacity === 0;
    const cluster = new aws.rds.Cluster(
      `${name}-cluster`,
      {
        clusterIdentifier: args.clusterIdentifier,
        engine: aws.rds.EngineType.AuroraPostgresql,
        engineMode: aws.rds.EngineMode.Provisioned,
        engineVersion: database.engineVersion,
        // The version is pinned in config, so a major upgrade only happens when config says so; AWS then
        // needs the instance parameter group of the new family.
        allowMajorVersionUpgrade: true,
        dbInstanceParameterGroupName: instanceParameterGroup.name,
        serverlessv2ScalingConfiguration: {
          minCapacity: database.minCapacity,
          maxCapacity: database.maxCapacity,
          // Auto-pause exists only at 0 ACU.
          ...(autoPause ? { secondsUntilAutoPause: database.secondsUntilAutoPause } : {}),
        },
        databaseName: database.databaseName,
        port: database.port,
        masterUsername: database.masterUsername,
        // RDS generates and rotates the password in Secrets Manager, encrypted with our key (rule 2).
        manageMasterUserPassword: true,
        masterUserSecretKmsKeyId: args.kmsKeyArn,
        storageEncrypted: true,
        kmsKeyId: args.kmsKeyArn,
        iamDatabaseAuthenticationEnabled: database.iamAuth,
        enabledCloudwatchLogsExports: [...AURORA_LOG_EXPORTS],
        copyTagsToSnapshot: true,
        backupRetentionPeriod: database.backupRetentionDays,
        // RDS deletes the automated backups with the cluster unless told not to; prod keeps them (a config
        // invariant), so a deleted or replaced cluster can still be restored to a point in time.
        deleteAutomatedBackups: database.deleteAutomatedBackups,
        preferredBackupWindow: BACKUP_WINDOW,
        preferredMaintenanceWindow: MAINTENANCE_WINDOW,
        deletionProtection: database.deletionProtection,
        skipFinalSnapshot: database.skipFinalSnapshot,
        ...(database.skipFinalSnapshot ? {} : { finalSnapshotIdentifier: names.finalSnapshot }),
        vpcSecurityGroupIds: [args.securityGroupId],
        dbSubnetGroupName: subnetGroup.name,
        dbClusterParameterGroupName: clusterParameterGroup.name,
        ...restoreInputs(database.restore),
        tags: { Name: args.clusterIdentifier },
      },
      {
        parent: this,
        protect: args.protect,
        dependsOn: logGroups,
        // Restore inputs only matter when the cluster is created. Ignoring them afterwards means that
        // adding or removing `restore` in config never replaces (and so empties) a running database.
        ignoreChanges: ['snapshotIdentifier', 'restoreToPointInTime'],
      },
    );

    // Instance 1 is created first and is the preferred writer (promotion tier 0); the others are readers
    // in failover order. After a failover the roles swap, which is why the names carry no role.
    const instances = names.instances.map((identifier, index) => {
      return new aws.rds.ClusterInstance(
        `${name}-instance-${index + 1}`,
        {
          identifier,
          clusterIdentifier: cluster.id,
          instanceClass: 'db.serverless',
          engine: aws.rds.EngineType.AuroraPostgresql,
          engineVersion: database.engineVersion,
          dbParameterGroupName: instanceParameterGroup.name,
          dbSubnetGroupName: subnetGroup.name,
          promotionTier: index,
          publiclyAccessible: false,
          // The minor is pinned in config; an upgrade is a reviewed config change, not a maintenance surprise.
          autoMinorVersionUpgrade: false,
          performanceInsightsEnabled: true,
          performanceInsightsKmsKeyId: args.kmsKeyArn,
          performanceInsightsRetentionPeriod: PERFORMANCE_INSIGHTS_RETENTION_DAYS,
          ...(args.monitoring
            ? {
                monitoringInterval: args.monitoring.intervalSeconds,
                monitoringRoleArn: args.monitoring.roleArn,
              }
            : {}),
          preferredMaintenanceWindow: MAINTENANCE_WINDOW,
          tags: { Name: identifier },
        },
        { parent: this, protect: args.protect },
      );
    });

    this.clusterIdentifier = cluster.clusterIdentifier;
    this.clusterArn = cluster.arn;
    this.clusterResourceId = cluster.clusterResourceId;
    this.writerEndpoint = cluster.endpoint;
    this.readerEndpoint = cluster.readerEndpoint;
    this.port = cluster.port;
    this.databaseName = cluster.databaseName;
    this.masterUsername = cluster.masterUsername;
    this.masterSecretArn = cluster.masterUserSecrets.apply((secrets) => {
      const arn = secrets[0]?.secretArn;
      if (!arn)
        throw new Error(`RDS reports no managed master secret for cluster ${args.clusterIdentifier}.`);
      return arn;
    });
    this.instanceIdentifiers = instances.map((instance) => instance.identifier);
    this.registerOutputs({
      clusterIdentifier: this.clusterIdentifier,
      clusterArn: this.clusterArn,
      clusterResourceId: this.clusterResourceId,
      writerEndpoint: this.writerEndpoint,
      readerEndpoint: this.readerEndpoint,
      port: this.port,
      databaseName: this.databaseName,
      masterUsername: this.masterUsername,
      masterSecretArn: this.masterSecretArn,
      instanceIdentifiers: this.instanceIdentifiers,
    });
  }
}
