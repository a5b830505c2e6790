import { AWS } from '@payments/aws-types';
import { perUnit, plural, qty, type CostRule } from './rule';

/** KMS customer managed keys, and Secrets Manager secrets (RDS-managed master passwords included). */
export const keyCosts: CostRule = {
  types: [AWS.kmsKey, AWS.secretsmanagerSecret],
  estimate({ ofType, price, unitPrice }) {
    const keys = ofType(AWS.kmsKey).length;
    const managedSecrets = ofType(AWS.rdsCluster).filter(
      (c) => c.inputs.manageMasterUserPassword === true,
    ).length;
    const secrets = ofType(AWS.secretsmanagerSecret).length + managedSecrets;
    return [
      ...perUnit(
        keys,
        'KMS customer managed keys',
        `${plural(keys, 'key')} x ${unitPrice('kmsKeyMonth')}/month`,
        price('kmsKeyMonth'),
      ),
      ...perUnit(
        secrets,
        'Secrets Manager secrets',
        `${plural(secrets, 'secret')} (${qty(managedSecrets)} RDS-managed master) x ${unitPrice('secretMonth')}/month`,
        price('secretMonth'),
      ),
    ];
  },
};
