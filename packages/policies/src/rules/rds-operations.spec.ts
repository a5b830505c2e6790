import { AWS } from '@payments/aws-types';
import { describePolicies } from '../testing/cases';
import { get, remove } from '../testing/fixtures';
import { rdsOperationsPolicies } from './rds-operations';

const CLUSTER: [string, string] = [AWS.rdsCluster, 'aurora-cluster'];
const INSTANCE: [string, string] = [AWS.rdsClusterInstance, 'aurora-instance-1'];

const setParameter = (stack: Parameters<typeof get>[0], name: string, value: string | undefined) => {
  const group = get(stack, 'aurora-cluster-parameters').inputs as {
    parameters: { name: string; value: string }[];
  };
  group.parameters = group.parameters.filter((p) => p.name !== name);
  if (value !== undefined) group.parameters.push({ name, value });
};

describePolicies(rdsOperationsPolicies, {
  'rds-enhanced-monitoring': [
    {
      title: 'an instance without enhanced monitoring',
      change: (stack) => {
        delete get(stack, 'aurora-instance-1').inputs.monitoringInterval;
      },
      messages: [
        "monitoringInterval is not set: set it to one of 1, 5, 10, 15, 30, 60 seconds, with monitoringRoleArn the database stack's enhanced monitoring role.",
      ],
      at: INSTANCE,
    },
    {
      title: 'an interval without the monitoring role',
      change: (stack) => {
        delete get(stack, 'aurora-instance-1').inputs.monitoringRoleArn;
      },
      messages: [
        'monitoringRoleArn is not set: give the instance the role RDS assumes to publish enhanced monitoring (trusted by monitoring.rds.amazonaws.com).',
      ],
      at: INSTANCE,
    },
  ],
  'rds-cluster-multi-az': [
    {
      title: 'a cluster with a writer only',
      change: (stack) => {
        remove(stack, 'aurora-instance-2');
      },
      messages: [
        "cluster 'payments-prod-aurora' has 1 instance(s): set database.readers to at least 1, so Aurora can fail over to a reader in another AZ.",
      ],
      at: CLUSTER,
    },
  ],
  'rds-backup-plan': [
    {
      title: 'a cluster no backup plan selects',
      change: (stack) => {
        remove(stack, 'backup-selection');
      },
      messages: [
        "cluster 'payments-prod-aurora' is in no AWS Backup plan: add an aws.backup.Plan, a vault encrypted with the database key, and an aws.backup.Selection with resources: [<cluster ARN>].",
      ],
      at: CLUSTER,
    },
    {
      title: 'a vault under the AWS managed key',
      change: (stack) => {
        delete get(stack, 'backup-vault').inputs.kmsKeyArn;
      },
      messages: [
        "backup vault 'payments-prod-aurora' is encrypted with the AWS managed key: set kmsKeyArn to the database stack's key.",
      ],
      at: [AWS.backupVault, 'backup-vault'],
    },
  ],
  'rds-force-ssl': [
    {
      title: 'a parameter group without rds.force_ssl',
      change: (stack) => setParameter(stack, 'rds.force_ssl', undefined),
      messages: [
        "cluster 'payments-prod-aurora' accepts connections without TLS: set rds.force_ssl = 1 in its aws.rds.ClusterParameterGroup (applyMethod 'pending-reboot').",
      ],
      at: CLUSTER,
    },
  ],
  'rds-statement-logging': [
    {
      title: "log_statement 'all', which logs payment values",
      change: (stack) => setParameter(stack, 'log_statement', 'all'),
      messages: [
        "cluster 'payments-prod-aurora' sets log_statement 'all', which logs the values of every insert (card payments) to CloudWatch: use 'ddl'.",
      ],
      at: CLUSTER,
    },
    {
      title: 'neither schema changes nor slow statements logged',
      change: (stack) => {
        setParameter(stack, 'log_statement', undefined);
        setParameter(stack, 'log_min_duration_statement', undefined);
      },
      messages: [
        "cluster 'payments-prod-aurora' does not log schema changes: set log_statement = 'ddl' in its cluster parameter group (PCI DSS 10.2.7).",
        "cluster 'payments-prod-aurora' does not log slow statements: set log_min_duration_statement (milliseconds) in its cluster parameter group.",
      ],
      at: CLUSTER,
    },
  ],
  'rds-performance-insights-customer-key': [
    {
      title: 'Performance Insights off',
      change: (stack) => {
        get(stack, 'aurora-instance-1').inputs.performanceInsightsEnabled = false;
      },
      messages: ['performanceInsightsEnabled is not true: set it, with performanceInsightsKmsKeyId our key.'],
      at: INSTANCE,
    },
    {
      title: 'Performance Insights under aws/rds',
      change: (stack) => {
        delete get(stack, 'aurora-instance-1').inputs.performanceInsightsKmsKeyId;
      },
      messages: [
        "performanceInsightsKmsKeyId is not set, so RDS uses aws/rds: set it to the database stack's KMS key ARN.",
      ],
      at: INSTANCE,
    },
  ],
});
