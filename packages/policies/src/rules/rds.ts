import type * as aws from '@pulumi/aws';
import type { Unwrap } from '@pulumi/pulumi';
import { AWS } from '@payments/aws-types';
import { resourcePolicyOn, requireTrue, requireTruePolicy, resourcePolicy } from '../define';
import { environmentOfUrn } from '../environment';
import { list, text } from '../inspect';

// AWS Foundational Security Best Practices controls for Aurora (RDS.*).

type ClusterArgs = Unwrap<aws.rds.ClusterArgs>;
type ClusterInstanceArgs = Unwrap<aws.rds.ClusterInstanceArgs>;
const clusterPolicy = resourcePolicyOn<ClusterArgs>(AWS.rdsCluster);

export const rdsDeletionProtection = clusterPolicy({
  name: 'rds-deletion-protection-and-final-snapshot',
  description:
    'RDS.7: Aurora clusters have deletion protection and take a final snapshot when deleted (dev and staging are exempt in config).',
  validate: (props, _args, report) => {
    requireTrue(
      props,
      'deletionProtection',
      '(database.deletionProtection) so the cluster cannot be deleted by accident.',
      report,
    );
    if (props.skipFinalSnapshot === true) {
      report(
        'skipFinalSnapshot is true: set skipFinalSnapshot: false (database.skipFinalSnapshot) so deleting the cluster keeps a final snapshot.',
      );
    } else if (text(props.finalSnapshotIdentifier) === undefined) {
      report(
        "finalSnapshotIdentifier is not set: set it to the namer's physical name of the final snapshot (payments-<env>-aurora-final); RDS refuses to delete a cluster without one.",
      );
    }
  },
});

export const rdsIamAuthentication = requireTruePolicy<ClusterArgs>(AWS.rdsCluster, {
  name: 'rds-iam-authentication',
  description: 'RDS.12: Aurora clusters have IAM database authentication enabled.',
  input: 'iamDatabaseAuthenticationEnabled',
  fix: '(database.iamAuth) so applications can connect with short-lived IAM tokens.',
});

export const rdsCopyTagsToSnapshots = requireTruePolicy<ClusterArgs>(AWS.rdsCluster, {
  name: 'rds-copy-tags-to-snapshots',
  description: 'RDS.16: Aurora clusters copy their tags to snapshots.',
  input: 'copyTagsToSnapshot',
  fix: 'so snapshots keep the Environment, CostCenter and DataClassification tags.',
});

export const rdsEncryptedWithCustomerKey = clusterPolicy({
  name: 'rds-encrypted-with-customer-key',
  description: "RDS.27: Aurora cluster storage is encrypted at rest with the database stack's KMS key.",
  validate: (props, _args, report) => {
    requireTrue(props, 'storageEncrypted', '(it cannot be turned on after creation).', report);
    if (text(props.kmsKeyId) === undefined) {
      report(
        "kmsKeyId is not set: set it to the database stack's KMS key ARN so the storage is encrypted with our key, not aws/rds.",
      );
    }
  },
});

export const rdsLogsToCloudWatch = clusterPolicy({
  name: 'rds-logs-to-cloudwatch',
  description: 'RDS.37: Aurora PostgreSQL clusters publish their postgresql log to CloudWatch Logs.',
  validate: (props, _args, report) => {
    if (props.engine !== 'aurora-postgresql') return;
    if (!list(props.enabledCloudwatchLogsExports).includes('postgresql')) {
      report(
        "enabledCloudwatchLogsExports does not include 'postgresql': add it, and create the log group rdsClusterLogGroupName(cluster, 'postgresql') with retention and our KMS key before the cluster.",
      );
    }
  },
});

export const rdsInstancesNotPublic = resourcePolicy<ClusterInstanceArgs>({
  name: 'rds-instances-not-public',
  description: 'RDS.2: database instances are not publicly accessible.',
  types: [AWS.rdsClusterInstance, AWS.rdsInstance],
  validate: (props, _args, report) => {
    if (props.publiclyAccessible === true) {
      report(
        'publiclyAccessible is true: set publiclyAccessible: false; the database lives in isolated subnets and is reached from the Lambda security group only.',
      );
    }
  },
});

export const rdsProdKeepsAutomatedBackups = clusterPolicy({
  name: 'rds-prod-keeps-automated-backups',
  description:
    'DESIGN-9: prod Aurora clusters keep their automated backups when deleted (deleteAutomatedBackups: false), so a deleted or replaced cluster can still be restored.',
  validate: (props, args, report) => {
    if (environmentOfUrn(args.urn) !== 'prod') return;
    // RDS deletes them with the cluster unless told otherwise (DeleteDBCluster, DeleteAutomatedBackups).
    if (props.deleteAutomatedBackups !== false) {
      report(
        "deleteAutomatedBackups is not false, so deleting the cluster deletes its automated backups too (RDS's default): set deleteAutomatedBackups: false (database.deleteAutomatedBackups, which prod requires) so a deleted or replaced cluster can still be restored to a point in time.",
      );
    }
  },
});

export const rdsPolicies = [
  rdsDeletionProtection,
  rdsProdKeepsAutomatedBackups,
  rdsIamAuthentication,
  rdsCopyTagsToSnapshots,
  rdsEncryptedWithCustomerKey,
  rdsLogsToCloudWatch,
  rdsInstancesNotPublic,
];
