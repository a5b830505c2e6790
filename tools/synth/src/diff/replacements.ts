import { AWS } from '@payments/aws-types';

/**
 * Input properties whose change makes Pulumi replace the resource (create the new one, delete the old) instead of
 * updating it in place, because AWS cannot change them on a live resource. They are the attributes the Terraform AWS
 * provider's schema marks `ForceNew: true` (its documentation says "Forces new resource"); the Pulumi AWS provider
 * is bridged from that schema and keeps the flag, so `pulumi preview` shows `replace` for them. Only these types
 * are listed: a change to another type's property is shown as an update, never guessed to be a replacement.
 *
 * Sources, hashicorp/terraform-provider-aws (`main`, read 2026-11-30), each resource's schema function:
 */
const SOURCES = {
  rdsCluster: 'internal/service/rds/cluster.go resourceCluster(): ForceNew',
  rdsClusterInstance: 'internal/service/rds/cluster_instance.go resourceClusterInstance(): ForceNew',
  s3Bucket: 'internal/service/s3/bucket.go resourceBucket(): ForceNew ("Forces new resource")',
  lambdaFunction: 'internal/service/lambda/function.go resourceFunction(): ForceNew',
  kmsKey: 'internal/service/kms/key.go resourceKey(): ForceNew',
} as const;

/**
 * Pulumi input names (camelCase, as synth records them; `replacements.spec.ts` checks each is an input of the
 * @pulumi/aws class) per type token, with the source that marks them.
 */
export const REPLACED_ON_CHANGE: Readonly<Record<string, { source: string; properties: readonly string[] }>> =
  {
    [AWS.rdsCluster]: {
      source: SOURCES.rdsCluster,
      properties: [
        'availabilityZones',
        'clusterIdentifier',
        'clusterIdentifierPrefix',
        'clusterScalabilityType',
        'databaseName',
        'dbSubnetGroupName',
        'dbSystemId',
        'engine',
        'engineMode',
        // The storage KMS key: a cluster is encrypted with one key for its whole life.
        'kmsKeyId',
        'masterUsername',
        'restoreToPointInTime',
        'snapshotIdentifier',
        'sourceRegion',
        'storageEncrypted',
      ],
    },
    [AWS.rdsClusterInstance]: {
      source: SOURCES.rdsClusterInstance,
      properties: [
        'availabilityZone',
        'clusterIdentifier',
        'customIamInstanceProfile',
        'dbSubnetGroupName',
        'engine',
        'identifier',
        'identifierPrefix',
      ],
    },
    [AWS.s3Bucket]: { source: SOURCES.s3Bucket, properties: ['bucket', 'bucketPrefix'] },
    // The function's name is Terraform's `function_name`, which Pulumi calls `name`.
    [AWS.lambdaFunction]: { source: SOURCES.lambdaFunction, properties: ['name', 'packageType'] },
    [AWS.kmsKey]: {
      source: SOURCES.kmsKey,
      properties: ['customKeyStoreId', 'customerMasterKeySpec', 'keyUsage', 'multiRegion', 'xksKeyId'],
    },
  };

/** The source that says a change to `property` (a top-level input) replaces a resource of `type`, if one does. */
export function replacementSource(type: string, property: string): string | undefined {
  const entry = REPLACED_ON_CHANGE[type];
  return entry?.properties.includes(property) ? entry.source : undefined;
}
