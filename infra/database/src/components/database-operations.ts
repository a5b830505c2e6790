import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { AwsAccount } from '@payments/stack';

/** AWS's policies for the two service roles, allowlisted in packages/policies (AwsSolutions-IAM4). */
export const ENHANCED_MONITORING_POLICY = 'service-role/AmazonRDSEnhancedMonitoringRole';
export const BACKUP_POLICY = 'service-role/AWSBackupServiceRolePolicyForBackup';

/** Seconds between enhanced monitoring samples: the coarsest RDS offers, the cheapest to keep (RDS.6). */
export const MONITORING_INTERVAL_SECONDS = 60;

/** AWS Backup takes its daily recovery point after the automated backup window (03:00-04:00 UTC) closes. */
export const BACKUP_SCHEDULE = 'cron(0 5 * * ? *)';

export interface DatabaseOperationsArgs {
  account: AwsAccount;
  /** Enhanced monitoring's role (RDS.6), or none where config exempts the control. */
  monitoring?: { roleName: string };
  /** AWS Backup for the cluster (RDS.26), or none where config exempts the control. */
  backup?: {
    vaultName: string;
    planName: string;
    selectionName: string;
    roleName: string;
    /** Days AWS Backup keeps each recovery point: the cluster's own backup retention. */
    retentionDays: number;
    /** The database key: the vault's encryption (our key, DESIGN-10). */
    kmsKeyArn: pulumi.Input<string>;
  };
}

/** A role that only `service` may assume, for this account's resources only (confused deputy), with one AWS policy. */
function serviceRole(
  name: string,
  roleName: string,
  service: string,
  policy: string,
  account: AwsAccount,
  parent: pulumi.Resource,
): aws.iam.Role {
  const role = new aws.iam.Role(
    `${name}-role`,
    {
      name: roleName,
      assumeRolePolicy: account.accountId.apply((accountId) =>
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: service },
              Action: 'sts:AssumeRole',
              Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
            },
          ],
        }),
      ),
    },
    { parent },
  );
  new aws.iam.RolePolicyAttachment(
    `${name}-policy`,
    { role: role.name, policyArn: pulumi.interpolate`arn:${account.partition}:iam::aws:policy/${policy}` },
    { parent },
  );
  return role;
}

/**
 * What watches and backs up the cluster besides RDS itself: the role enhanced monitoring publishes OS metrics with,
 * and an AWS Backup vault, daily plan and selection of the cluster. The cluster's instances take the role's ARN;
 * `select` adds the cluster to the plan once it exists.
 */
export class DatabaseOperations extends pulumi.ComponentResource {
  readonly monitoringRoleArn?: pulumi.Output<string>;
  private readonly backup?: { planId: pulumi.Output<string>; roleArn: pulumi.Output<string> };
  private readonly args: DatabaseOperationsArgs;
  private readonly name: string;

  constructor(name: string, args: DatabaseOperationsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('payments:database:DatabaseOperations', name, {}, opts);
    this.args = args;
    this.name = name;

    if (args.monitoring) {
      const role = serviceRole(
        `${name}-monitoring`,
        args.monitoring.roleName,
        'monitoring.rds.amazonaws.com',
        ENHANCED_MONITORING_POLICY,
        args.account,
        this,
      );
      this.monitoringRoleArn = role.arn;
    }

    if (args.backup) {
      const { backup } = args;
      const vault = new aws.backup.Vault(
        `${name}-backup-vault`,
        { name: backup.vaultName, kmsKeyArn: backup.kmsKeyArn },
        { parent: this },
      );
      const plan = new aws.backup.Plan(
        `${name}-backup-plan`,
        {
          name: backup.planName,
          rules: [
            {
              ruleName: 'daily',
              targetVaultName: vault.name,
              schedule: BACKUP_SCHEDULE,
              startWindow: 60,
              completionWindow: 180,
              lifecycle: { deleteAfter: backup.retentionDays },
            },
          ],
        },
        { parent: this },
      );
      const role = serviceRole(
        `${name}-backup`,
        backup.roleName,
        'backup.amazonaws.com',
        BACKUP_POLICY,
        args.account,
        this,
      );
      this.backup = { planId: plan.id, roleArn: role.arn };
    }
    this.registerOutputs({ monitoringRoleArn: this.monitoringRoleArn });
  }

  /** Puts the cluster in the backup plan (RDS.26); nothing where there is no plan. */
  select(clusterArn: pulumi.Input<string>): void {
    if (!this.backup || !this.args.backup) return;
    new aws.backup.Selection(
      `${this.name}-backup-selection`,
      {
        name: this.args.backup.selectionName,
        planId: this.backup.planId,
        iamRoleArn: this.backup.roleArn,
        resources: [clusterArn],
      },
      { parent: this },
    );
  }
}
