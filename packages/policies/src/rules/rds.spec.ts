import { AWS } from '@payments/aws-types';
import { describePolicies } from '../testing/cases';
import { get } from '../testing/fixtures';
import { rdsPolicies } from './rds';

const CLUSTER: [string, string] = [AWS.rdsCluster, 'aurora-cluster'];

describePolicies(rdsPolicies, {
  'rds-prod-keeps-automated-backups': [
    {
      title: "a prod cluster left on RDS's default, deleting its automated backups with it",
      change: (stack) => {
        delete get(stack, 'aurora-cluster').inputs.deleteAutomatedBackups;
      },
      messages: [
        "deleteAutomatedBackups is not false, so deleting the cluster deletes its automated backups too (RDS's default): set deleteAutomatedBackups: false (database.deleteAutomatedBackups, which prod requires) so a deleted or replaced cluster can still be restored to a point in time.",
      ],
      at: CLUSTER,
    },
    {
      title: 'a prod cluster set to delete them',
      change: (stack) => {
        get(stack, 'aurora-cluster').inputs.deleteAutomatedBackups = true;
      },
      messages: [
        "deleteAutomatedBackups is not false, so deleting the cluster deletes its automated backups too (RDS's default): set deleteAutomatedBackups: false (database.deleteAutomatedBackups, which prod requires) so a deleted or replaced cluster can still be restored to a point in time.",
      ],
      at: CLUSTER,
    },
    {
      title: 'nothing in dev, which may delete them',
      env: 'dev',
      change: (stack) => {
        get(stack, 'aurora-cluster').inputs.deleteAutomatedBackups = true;
      },
      messages: [],
    },
  ],
  'rds-deletion-protection-and-final-snapshot': [
    {
      title: 'no deletion protection and no final snapshot (the dev defaults)',
      change: (stack) => {
        const cluster = get(stack, 'aurora-cluster').inputs;
        cluster.deletionProtection = false;
        cluster.skipFinalSnapshot = true;
        delete cluster.finalSnapshotIdentifier;
      },
      messages: [
        'deletionProtection is not true: set deletionProtection: true (database.deletionProtection) so the cluster cannot be deleted by accident.',
        'skipFinalSnapshot is true: set skipFinalSnapshot: false (database.skipFinalSnapshot) so deleting the cluster keeps a final snapshot.',
      ],
      at: CLUSTER,
    },
    {
      title: 'a final snapshot without its identifier',
      change: (stack) => {
        delete get(stack, 'aurora-cluster').inputs.finalSnapshotIdentifier;
      },
      messages: [
        "finalSnapshotIdentifier is not set: set it to the namer's physical name of the final snapshot (payments-<env>-aurora-final); RDS refuses to delete a cluster without one.",
      ],
      at: CLUSTER,
    },
  ],
  'rds-iam-authentication': [
    {
      title: 'IAM database authentication off',
      change: (stack) => {
        get(stack, 'aurora-cluster').inputs.iamDatabaseAuthenticationEnabled = false;
      },
      messages: [
        'iamDatabaseAuthenticationEnabled is not true: set iamDatabaseAuthenticationEnabled: true (database.iamAuth) so applications can connect with short-lived IAM tokens.',
      ],
      at: CLUSTER,
    },
  ],
  'rds-copy-tags-to-snapshots': [
    {
      title: 'tags not copied to snapshots',
      change: (stack) => {
        delete get(stack, 'aurora-cluster').inputs.copyTagsToSnapshot;
      },
      messages: [
        'copyTagsToSnapshot is not true: set copyTagsToSnapshot: true so snapshots keep the Environment, CostCenter and DataClassification tags.',
      ],
      at: CLUSTER,
    },
  ],
  'rds-encrypted-with-customer-key': [
    {
      title: 'unencrypted storage',
      change: (stack) => {
        const cluster = get(stack, 'aurora-cluster').inputs;
        delete cluster.storageEncrypted;
        delete cluster.kmsKeyId;
      },
      messages: [
        'storageEncrypted is not true: set storageEncrypted: true (it cannot be turned on after creation).',
        "kmsKeyId is not set: set it to the database stack's KMS key ARN so the storage is encrypted with our key, not aws/rds.",
      ],
      at: CLUSTER,
    },
  ],
  'rds-logs-to-cloudwatch': [
    {
      title: 'no postgresql log export',
      change: (stack) => {
        get(stack, 'aurora-cluster').inputs.enabledCloudwatchLogsExports = [];
      },
      messages: [
        "enabledCloudwatchLogsExports does not include 'postgresql': add it, and create the log group rdsClusterLogGroupName(cluster, 'postgresql') with retention and our KMS key before the cluster.",
      ],
      at: CLUSTER,
    },
  ],
  'rds-instances-not-public': [
    {
      title: 'a publicly accessible instance',
      change: (stack) => {
        get(stack, 'aurora-instance-1').inputs.publiclyAccessible = true;
      },
      messages: [
        'publiclyAccessible is true: set publiclyAccessible: false; the database lives in isolated subnets and is reached from the Lambda security group only.',
      ],
      at: [AWS.rdsClusterInstance, 'aurora-instance-1'],
    },
  ],
});
