import type * as aws from '@pulumi/aws';
import type { PolicyResource } from '@pulumi/policy';
import type { Unwrap } from '@pulumi/pulumi';
import { AWS } from '@payments/aws-types';
import { belongsTo, ofType, resourcePolicy, stackPolicy } from '../define';
import { list, record, text } from '../inspect';

// How the Aurora cluster is watched, backed up and reached (RDS.6, RDS.15, RDS.26; Checkov CKV_AWS_118/353/354,
// CKV2_AWS_8/27/69; cdk-nag NIST RDSEnhancedMonitoringEnabled, RDSInBackupPlan, RDSMultiAZSupport).

type ClusterArgs = Unwrap<aws.rds.ClusterArgs>;
type ClusterInstanceArgs = Unwrap<aws.rds.ClusterInstanceArgs>;
type ParameterGroupArgs = Unwrap<aws.rds.ClusterParameterGroupArgs>;

const clusterLabel = (cluster: PolicyResource): string =>
  `cluster '${text((cluster.props as ClusterArgs).clusterIdentifier) ?? cluster.name}'`;

/** The intervals RDS accepts for enhanced monitoring, in seconds (0 turns it off). */
const MONITORING_INTERVALS = [1, 5, 10, 15, 30, 60];

export const rdsEnhancedMonitoring = resourcePolicy<ClusterInstanceArgs>({
  name: 'rds-enhanced-monitoring',
  description:
    'RDS.6: every database instance has enhanced monitoring (monitoringInterval 1-60 s, with the monitoring role), so OS-level CPU, memory and I/O are seen per process (dev is exempt in config).',
  types: [AWS.rdsClusterInstance, AWS.rdsInstance],
  validate: (props, _args, report) => {
    if (!MONITORING_INTERVALS.includes(Number(props.monitoringInterval))) {
      report(
        `monitoringInterval is ${props.monitoringInterval ?? 'not set'}: set it to one of ${MONITORING_INTERVALS.join(', ')} seconds, with monitoringRoleArn the database stack's enhanced monitoring role.`,
      );
    } else if (text(props.monitoringRoleArn) === undefined) {
      report(
        'monitoringRoleArn is not set: give the instance the role RDS assumes to publish enhanced monitoring (trusted by monitoring.rds.amazonaws.com).',
      );
    }
  },
});

function instancesOf(resources: readonly PolicyResource[], cluster: PolicyResource) {
  const id = text((cluster.props as ClusterArgs).clusterIdentifier);
  return ofType<ClusterInstanceArgs>(resources, AWS.rdsClusterInstance).filter(({ resource, props }) =>
    belongsTo(resource, cluster, () => id !== undefined && text(props.clusterIdentifier) === id),
  );
}

export const rdsClusterMultiAz = stackPolicy({
  name: 'rds-cluster-multi-az',
  description:
    "RDS.15: every Aurora cluster has at least two instances (a writer and a reader Aurora places in another AZ), so a failover does not wait for a new instance (dev's single instance is exempt in config).",
  validate: (args, report) => {
    for (const { resource: cluster } of ofType<ClusterArgs>(args.resources, AWS.rdsCluster)) {
      const count = instancesOf(args.resources, cluster).length;
      if (count < 2) {
        report(
          `${clusterLabel(cluster)} has ${count} instance(s): set database.readers to at least 1, so Aurora can fail over to a reader in another AZ.`,
          cluster.urn,
        );
      }
    }
  },
});

export const rdsBackupPlan = stackPolicy({
  name: 'rds-backup-plan',
  description:
    'RDS.26: every Aurora cluster is selected by an AWS Backup plan (aws.backup.Selection) whose rule copies recovery points to a vault encrypted with our key, besides its automated backups (dev is exempt in config).',
  validate: (args, report) => {
    const selections = ofType<Unwrap<aws.backup.SelectionArgs>>(args.resources, AWS.backupSelection);
    for (const { resource: cluster } of ofType<ClusterArgs>(args.resources, AWS.rdsCluster)) {
      const selected = selections.some(({ resource, props }) =>
        belongsTo(resource, cluster, () =>
          list(props.resources).some((r) => String(r).includes(':cluster:')),
        ),
      );
      if (!selected) {
        report(
          `${clusterLabel(cluster)} is in no AWS Backup plan: add an aws.backup.Plan, a vault encrypted with the database key, and an aws.backup.Selection with resources: [<cluster ARN>].`,
          cluster.urn,
        );
      }
    }
    for (const { resource, props } of ofType<Unwrap<aws.backup.VaultArgs>>(args.resources, AWS.backupVault)) {
      if (text(props.kmsKeyArn) === undefined) {
        report(
          `backup vault '${text(props.name) ?? resource.name}' is encrypted with the AWS managed key: set kmsKeyArn to the database stack's key.`,
          resource.urn,
        );
      }
    }
  },
});

/** The parameters of the cluster parameter groups of a cluster, by name. */
function clusterParameters(
  resources: readonly PolicyResource[],
  cluster: PolicyResource,
): { group?: PolicyResource; values: Map<string, string> } {
  const name = text((cluster.props as ClusterArgs).dbClusterParameterGroupName);
  const group = ofType<ParameterGroupArgs>(resources, AWS.rdsClusterParameterGroup).find(
    ({ resource, props }) =>
      belongsTo(cluster, resource, () => name !== undefined && text(props.name) === name),
  );
  const values = new Map<string, string>();
  for (const p of list(group?.props.parameters).map((x) => record(x) ?? {})) {
    if (typeof p.name === 'string') values.set(p.name, String(p.value));
  }
  return { group: group?.resource, values };
}

export const rdsForceSsl = stackPolicy({
  name: 'rds-force-ssl',
  description:
    "CKV2_AWS_69: every Aurora PostgreSQL cluster's parameter group sets rds.force_ssl to 1, so no client connects without TLS (no peer checks this for Aurora; we do).",
  validate: (args, report) => {
    for (const { resource: cluster, props } of ofType<ClusterArgs>(args.resources, AWS.rdsCluster)) {
      if (props.engine !== 'aurora-postgresql') continue;
      const { values } = clusterParameters(args.resources, cluster);
      if (values.get('rds.force_ssl') !== '1') {
        report(
          `${clusterLabel(cluster)} accepts connections without TLS: set rds.force_ssl = 1 in its aws.rds.ClusterParameterGroup (applyMethod 'pending-reboot').`,
          cluster.urn,
        );
      }
    }
  },
});

/** log_statement values that write statements' data (INSERT values, bind parameters) to the log: card payments. */
const LOGS_DATA = ['mod', 'all'];

export const rdsStatementLogging = stackPolicy({
  name: 'rds-statement-logging',
  description:
    "CKV2_AWS_27: every Aurora PostgreSQL cluster's parameter group logs schema changes (log_statement 'ddl') and slow statements (log_min_duration_statement), and never 'mod' or 'all', which would log payment data.",
  validate: (args, report) => {
    for (const { resource: cluster, props } of ofType<ClusterArgs>(args.resources, AWS.rdsCluster)) {
      if (props.engine !== 'aurora-postgresql') continue;
      const { values } = clusterParameters(args.resources, cluster);
      const statement = values.get('log_statement');
      if (statement !== undefined && LOGS_DATA.includes(statement)) {
        report(
          `${clusterLabel(cluster)} sets log_statement '${statement}', which logs the values of every insert (card payments) to CloudWatch: use 'ddl'.`,
          cluster.urn,
        );
      } else if (statement !== 'ddl') {
        report(
          `${clusterLabel(cluster)} does not log schema changes: set log_statement = 'ddl' in its cluster parameter group (PCI DSS 10.2.7).`,
          cluster.urn,
        );
      }
      if (!values.has('log_min_duration_statement')) {
        report(
          `${clusterLabel(cluster)} does not log slow statements: set log_min_duration_statement (milliseconds) in its cluster parameter group.`,
          cluster.urn,
        );
      }
    }
  },
});

export const rdsPerformanceInsightsCustomerKey = resourcePolicy<ClusterInstanceArgs>({
  name: 'rds-performance-insights-customer-key',
  description:
    "CKV_AWS_354: every database instance has Performance Insights on, encrypted with the database stack's KMS key (its samples hold query text).",
  types: [AWS.rdsClusterInstance, AWS.rdsInstance],
  validate: (props, _args, report) => {
    if (props.performanceInsightsEnabled !== true) {
      report('performanceInsightsEnabled is not true: set it, with performanceInsightsKmsKeyId our key.');
    } else if (text(props.performanceInsightsKmsKeyId) === undefined) {
      report(
        "performanceInsightsKmsKeyId is not set, so RDS uses aws/rds: set it to the database stack's KMS key ARN.",
      );
    }
  },
});

export const rdsOperationsPolicies = [
  rdsEnhancedMonitoring,
  rdsClusterMultiAz,
  rdsBackupPlan,
  rdsForceSsl,
  rdsStatementLogging,
  rdsPerformanceInsightsCustomerKey,
];
