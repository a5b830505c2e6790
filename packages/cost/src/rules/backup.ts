import { AWS } from '@payments/aws-types';
import { line, qty, str, type CostRule } from './rule';

/**
 * AWS Backup plans (RDS.26): the Aurora recovery points they keep in their vault. Aurora snapshots are incremental;
 * the chain a plan keeps is taken as about one cluster volume (the auroraStorageGb assumption).
 */
export const backupCosts: CostRule = {
  types: [AWS.backupPlan],
  estimate({ ofType, usage, price, unitPrice }) {
    return ofType(AWS.backupPlan).map((plan) =>
      line(
        `AWS Backup plan ${str(plan.inputs.name) ?? plan.name ?? ''}`.trim(),
        `${qty(usage.auroraStorageGb)} GB of Aurora recovery points (about one volume, assumed) x ${unitPrice('backupAuroraSnapshotGbMonth')}/GB-month`,
        usage.auroraStorageGb * price('backupAuroraSnapshotGbMonth'),
      ),
    );
  },
};
