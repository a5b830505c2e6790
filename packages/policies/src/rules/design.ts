import {
  AURORA_POSTGRES_VERSION_FLOOR,
  ENVIRONMENTS,
  SUPPORTED_AURORA_POSTGRES_VERSIONS,
  compareEngineVersions,
  isReservedDbUsername,
  type Environment,
} from '@payments/config';
import {
  ID_PREFIXES,
  environmentTokens,
  idPrefixOf,
  isApiGatewayExecutionLogGroupName,
} from '@payments/naming';
import type { PolicyResource, ReportViolation } from '@pulumi/policy';
import { AWS } from '@payments/aws-types';
import { resourcePolicy, stackPolicy } from '../define';
import { environmentOfUrn, stackOf, stackOfUrn } from '../environment';
import { json, record, text } from '../inspect';

// The docs/design.md rules ("Rules every stack keeps") that can be seen on resources and stacks. Their IDs are
// DESIGN-<rule number>; environments cannot exempt them (exemptions name Security Hub controls only).

/** Input properties that hold a physical (AWS-side) name, on any resource type that has them. */
export const NAME_PROPERTIES = [
  'name',
  'namePrefix',
  'bucket',
  'bucketPrefix',
  'clusterIdentifier',
  'clusterIdentifierPrefix',
  'identifier',
  'identifierPrefix',
  'functionName',
  'dashboardName',
  'finalSnapshotIdentifier',
] as const;

/**
 * Types Pulumi auto-names (logical name plus a random suffix) when the name property is absent. Such a name has no
 * environment in it, so these must be named explicitly.
 */
export const AUTO_NAMED: Readonly<Record<string, string>> = {
  [AWS.s3Bucket]: 'bucket',
  [AWS.rdsCluster]: 'clusterIdentifier',
  [AWS.rdsClusterInstance]: 'identifier',
  [AWS.rdsInstance]: 'identifier',
  [AWS.cloudwatchLogGroup]: 'name',
  [AWS.lambdaFunction]: 'name',
  [AWS.ec2SecurityGroup]: 'name',
  [AWS.apigatewayRestApi]: 'name',
  [AWS.cloudwatchMetricAlarm]: 'name',
  [AWS.iamPolicy]: 'name',
  [AWS.iamRole]: 'name',
  [AWS.iamRolePolicy]: 'name',
  [AWS.rdsClusterParameterGroup]: 'name',
  [AWS.rdsParameterGroup]: 'name',
  [AWS.rdsSubnetGroup]: 'name',
  [AWS.secretsmanagerSecret]: 'name',
  [AWS.snsTopic]: 'name',
  [AWS.sqsQueue]: 'name',
  [AWS.wafv2WebAcl]: 'name',
};

interface NamedValue {
  /** Where the name sits, as a user would write it: `bucket`, `tags.Name`, `logical name`. */
  where: string;
  value: string;
}

/** The physical names a resource declares: its name properties and its `Name` tag. */
export function physicalNames(props: Record<string, unknown>): NamedValue[] {
  const names: NamedValue[] = [];
  for (const property of NAME_PROPERTIES) {
    const value = text(props[property]);
    if (value !== undefined) names.push({ where: property, value });
  }
  const tagName = text(record(props.tags)?.Name);
  if (tagName !== undefined) names.push({ where: 'tags.Name', value: tagName });
  return names;
}

const isAwsResource = (type: string): boolean => type.startsWith('aws:');
const isPulumiInternal = (type: string): boolean => type.startsWith('pulumi:');

const DEPRECATED_V2 = /^aws:s3\/[A-Za-z]+V2:([A-Za-z]+)V2$/;

/** Inline `aws.s3.Bucket` arguments v7 deprecates, with the resource that replaces each. */
const DEPRECATED_BUCKET_ARGS: Readonly<Record<string, string>> = {
  accelerationStatus: 'aws.s3.BucketAccelerateConfiguration',
  acl: 'aws.s3.BucketOwnershipControls (BucketOwnerEnforced; ACLs stay off)',
  corsRules: 'aws.s3.BucketCorsConfiguration',
  grants: 'aws.s3.BucketOwnershipControls (BucketOwnerEnforced; ACLs stay off)',
  lifecycleRules: 'aws.s3.BucketLifecycleConfiguration',
  logging: 'aws.s3.BucketLogging',
  objectLockConfiguration: 'objectLockEnabled plus aws.s3.BucketObjectLockConfiguration',
  policy: 'aws.s3.BucketPolicy',
  replicationConfiguration: 'aws.s3.BucketReplicationConfig',
  requestPayer: 'aws.s3.BucketRequestPaymentConfiguration',
  serverSideEncryptionConfiguration: 'aws.s3.BucketServerSideEncryptionConfiguration',
  versioning: 'aws.s3.BucketVersioning',
  website: 'aws.s3.BucketWebsiteConfiguration',
};

export const noDeprecatedS3Resources = resourcePolicy({
  name: 'no-deprecated-s3-resources',
  description:
    'DESIGN-3: only current @pulumi/aws v7 S3 resources: no deprecated *V2 resource and no deprecated inline aws.s3.Bucket argument.',
  types: 'any',
  validate: (props, args, report) => {
    const v2 = DEPRECATED_V2.exec(args.type);
    if (v2) {
      report(
        `${args.type} is a deprecated *V2 resource: use aws.s3.${v2[1]} instead (same arguments in @pulumi/aws v7).`,
      );
      return;
    }
    if (args.type !== AWS.s3Bucket) return;
    for (const [argument, replacement] of Object.entries(DEPRECATED_BUCKET_ARGS)) {
      if (props[argument] !== undefined) {
        report(
          `aws.s3.Bucket sets the deprecated inline '${argument}': remove it and declare ${replacement} for the bucket.`,
        );
      }
    }
  },
});

export const rdsMasterPasswordManagedByRds = resourcePolicy({
  name: 'rds-master-password-managed-by-rds',
  description:
    'DESIGN-2: the database master password is managed by RDS in Secrets Manager (manageMasterUserPassword, encrypted with our KMS key); no password property.',
  types: [AWS.rdsCluster, AWS.rdsInstance],
  validate: (props, args, report) => {
    const passwordProperties =
      args.type === AWS.rdsCluster ? ['masterPassword', 'masterPasswordWo'] : ['password', 'passwordWo'];
    for (const property of passwordProperties) {
      if (props[property] !== undefined) {
        report(
          `${property} is set: remove it and set manageMasterUserPassword: true so RDS keeps the password in Secrets Manager.`,
        );
      }
    }
    if (props.manageMasterUserPassword !== true) {
      report(
        `manageMasterUserPassword is ${String(props.manageMasterUserPassword)}: set manageMasterUserPassword: true (RDS creates and rotates the master secret).`,
      );
    }
    if (text(props.masterUserSecretKmsKeyId) === undefined) {
      report(
        "masterUserSecretKmsKeyId is not set: set it to the database stack's KMS key ARN so the managed secret is encrypted with our key, not aws/secretsmanager.",
      );
    }
  },
});

/** Variable names that say they hold a secret, unless they only point at one (`DB_SECRET_ARN`). */
const SECRET_NAME = /PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL/i;
const SECRET_POINTER = /_(ARN|NAME|ID|PATH|PARAMETER)$/i;

export const noSecretLiteralsInLambdaEnvironment = resourcePolicy({
  name: 'no-secret-literals-in-lambda-environment',
  description:
    'DESIGN-2: no password or secret literal in a Lambda environment; functions get a Secrets Manager ARN and read the secret at run time.',
  types: [AWS.lambdaFunction],
  validate: (props, _args, report) => {
    const variables = record(record(props.environment)?.variables) ?? {};
    for (const name of Object.keys(variables)) {
      if (SECRET_NAME.test(name) && !SECRET_POINTER.test(name)) {
        report(
          `environment variable ${name} holds a secret value: keep the secret in Secrets Manager and pass only its ARN (e.g. ${name}_ARN), read at run time.`,
        );
      }
    }
  },
});

export const auroraEngineVersionFloor = resourcePolicy({
  name: 'aurora-engine-version-floor',
  description: `DESIGN-4: Aurora PostgreSQL on a supported long-term-support minor, never below the floor (${AURORA_POSTGRES_VERSION_FLOOR}).`,
  types: [AWS.rdsCluster, AWS.rdsClusterInstance],
  validate: (props, args, report) => {
    const engine = text(props.engine);
    if (args.type === AWS.rdsCluster && engine !== 'aurora-postgresql') {
      report(
        `engine is ${engine === undefined ? 'not set' : `'${engine}'`}: set engine: 'aurora-postgresql' (without it RDS creates Aurora MySQL).`,
      );
      return;
    }
    if (engine !== 'aurora-postgresql') return;
    const version = text(props.engineVersion);
    const allowed = `one of ${SUPPORTED_AURORA_POSTGRES_VERSIONS.join(', ')} (floor ${AURORA_POSTGRES_VERSION_FLOOR})`;
    if (version === undefined) {
      if (args.type === AWS.rdsCluster) {
        report(
          `engineVersion is not set, so RDS picks its default: set database.engineVersion to ${allowed}.`,
        );
      }
      return;
    }
    let comparison: number;
    try {
      comparison = compareEngineVersions(version, AURORA_POSTGRES_VERSION_FLOOR);
    } catch {
      report(`engineVersion '${version}' is not a version: set database.engineVersion to ${allowed}.`);
      return;
    }
    if (comparison < 0) {
      report(
        `engineVersion '${version}' is below the floor ${AURORA_POSTGRES_VERSION_FLOOR}: set database.engineVersion to ${allowed}.`,
      );
    }
  },
});

export const rdsMasterUsernameNotReserved = resourcePolicy({
  name: 'rds-master-username-not-reserved',
  description:
    "DESIGN-5: the master username is not reserved (admin, rdsadmin, root, postgres, pg_*, rds*, ...); 'dbadmin' by default.",
  types: [AWS.rdsCluster, AWS.rdsInstance],
  validate: (props, args, report) => {
    const property = args.type === AWS.rdsCluster ? 'masterUsername' : 'username';
    const username = text(props[property]);
    if (username !== undefined && isReservedDbUsername(username)) {
      report(
        `${property} '${username}' is reserved by RDS or PostgreSQL: set database.masterUsername to another name, e.g. 'dbadmin'.`,
      );
    }
  },
});

function reportEnvironmentCount(
  named: NamedValue,
  env: Environment,
  report: ReportViolation,
  urn?: string,
): void {
  const tokens = environmentTokens(named.value);
  const others = [...new Set(tokens.filter((t) => t !== env))];
  const own = tokens.filter((t) => t === env).length;
  for (const other of others) {
    report(
      `${named.where} '${named.value}' names the environment '${other}' in the ${env} stack: a stack names only its own environment's resources; make the name with packages/naming from the stack's environment.`,
      urn,
    );
  }
  if (others.length > 0) return;
  if (own === 0) {
    report(
      `${named.where} '${named.value}' does not contain the environment '${env}': make it with createNamer({ env, ... }).physical(kind, component), which gives payments-${env}-<component>.`,
      urn,
    );
  } else if (own > 1) {
    report(
      `${named.where} '${named.value}' contains '${env}' ${own} times: the environment appears exactly once; take it out of the component.`,
      urn,
    );
  }
}

export const physicalNamesCarryEnvironment = resourcePolicy({
  name: 'physical-names-carry-stack-environment',
  description:
    "DESIGN-6: every physical name (bucket, name, clusterIdentifier, identifier, tags.Name, ...) contains its stack's environment exactly once and no other environment; nothing is auto-named without it (names AWS dictates, such as API Gateway's execution log group, and a Cognito resource server's scope prefix excepted).",
  types: 'any',
  validate: (props, args, report) => {
    const env = environmentOfUrn(args.urn);
    // A stack that is not an environment is one-environment-per-stack's finding.
    if (env === undefined || isPulumiInternal(args.type)) return;

    // The stack already carries the environment; a logical name with one would put it in twice.
    const logicalEnvs = environmentTokens(args.name);
    if (logicalEnvs.length > 0) {
      report(
        `logical name '${args.name}' contains the environment '${logicalEnvs[0]}': the stack already names the environment; use namer.logical(component) with a component free of ${ENVIRONMENTS.join(', ')}.`,
      );
    }
    if (!isAwsResource(args.type)) return;

    for (const named of physicalNames(props)) {
      // API Gateway dictates its execution log group's name (API-Gateway-Execution-Logs_<api id>/<stage>), which
      // therefore carries no environment; the API it belongs to does.
      const dictated =
        args.type === AWS.cloudwatchLogGroup &&
        named.where === 'name' &&
        isApiGatewayExecutionLogGroupName(named.value);
      // A resource server's identifier is the prefix of its scopes (`payments/read`), unique within its user pool,
      // which carries the environment: it is the API's OAuth vocabulary, the same in every environment.
      const scopePrefix = args.type === AWS.cognitoResourceServer && named.where === 'identifier';
      if (!dictated && !scopePrefix) reportEnvironmentCount(named, env, report);
    }

    const property = AUTO_NAMED[args.type];
    if (property !== undefined && props[property] === undefined && props[`${property}Prefix`] === undefined) {
      report(
        `${property} is not set, so Pulumi auto-names it from the logical name '${args.name}' without the environment: set ${property} to createNamer({ env, ... }).physical(kind, component).`,
      );
    }
  },
});

export const noAwsIdPrefixInNames = resourcePolicy({
  name: 'no-aws-id-prefix-in-names',
  description: `DESIGN-7: no physical or logical name starts with an AWS ID prefix (${ID_PREFIXES.slice(0, 4).join(' ')} ...).`,
  types: 'any',
  validate: (props, args, report) => {
    if (isPulumiInternal(args.type)) return;
    const names: NamedValue[] = [{ where: 'logical name', value: args.name }];
    if (isAwsResource(args.type)) names.push(...physicalNames(props));
    for (const { where, value } of names) {
      // For KMS aliases the ID-like part is what follows the alias/ namespace.
      const prefix = idPrefixOf(value.startsWith('alias/') ? value.slice('alias/'.length) : value);
      if (prefix !== undefined) {
        report(
          `${where} '${value}' starts with the AWS ID prefix '${prefix}': names must not look like AWS IDs (${ID_PREFIXES.join(' ')}); choose a component that does not start with one.`,
        );
      }
    }
  },
});

/** The Environment a resource or provider is tagged with, if any (tags, tagsAll, a provider's defaultTags). */
function taggedEnvironments(resource: PolicyResource): { where: string; value: string }[] {
  const found: { where: string; value: string }[] = [];
  const props = resource.props;
  for (const key of ['tags', 'tagsAll'] as const) {
    const value = text(record(props[key])?.Environment);
    if (value !== undefined) found.push({ where: `${key}.Environment`, value });
  }
  if (resource.type.startsWith('pulumi:providers:')) {
    // Provider config arrives JSON-encoded.
    const value = text(record(json(props.defaultTags)?.tags)?.Environment);
    if (value !== undefined) found.push({ where: 'defaultTags.tags.Environment', value });
  }
  return found;
}

export const oneEnvironmentPerStack = stackPolicy({
  name: 'one-environment-per-stack',
  description:
    "DESIGN-1: a stack is one environment (dev, staging or prod) and holds only that environment's resources: URNs, Environment tags, names and stack references all name it.",
  validate: (args, report) => {
    const { stack, env } = stackOf(args.resources);
    if (env === undefined) {
      report(
        `stack '${stack ?? '(none)'}' is not an environment: name the stack ${ENVIRONMENTS.join(', ')} (pulumi stack select <env>); one stack per environment.`,
      );
      return;
    }
    for (const resource of args.resources) {
      const resourceStack = stackOfUrn(resource.urn);
      if (environmentOfUrn(resource.urn) !== env) {
        report(
          `${resource.type} '${resource.name}' belongs to stack '${resourceStack}', not to this ${env} stack: create it from its own environment's stack.`,
          resource.urn,
        );
      }
      for (const { where, value } of taggedEnvironments(resource)) {
        if (value !== env) {
          report(
            `${resource.type} '${resource.name}' has ${where} '${value}' in the ${env} stack: tag it with the stack's environment (namer.tags() / provider default tags).`,
            resource.urn,
          );
        }
      }
      if (resource.type === 'pulumi:pulumi:StackReference') {
        const target = text(resource.props.name) ?? resource.name;
        const targetEnv = target.split('/').pop();
        if (targetEnv !== env) {
          report(
            `stack reference '${target}' reads another environment from the ${env} stack: read <org>/payments-<domain>/${env} (stackPath({ org, domain, env })).`,
            resource.urn,
          );
        }
      }
      if (!isAwsResource(resource.type)) continue;
      for (const { where, value } of physicalNames(resource.props)) {
        const others = [...new Set(environmentTokens(value).filter((t) => t !== env))];
        for (const other of others) {
          report(
            `${resource.type} '${resource.name}' has ${where} '${value}' of the ${other} environment in the ${env} stack: a stack creates only its own environment's resources.`,
            resource.urn,
          );
        }
      }
    }
  },
});

/** Stateful resources whose loss loses data or makes it unreadable. */
export const STATEFUL_TYPES = [
  AWS.rdsCluster,
  AWS.rdsClusterInstance,
  AWS.rdsInstance,
  AWS.kmsKey,
  AWS.s3Bucket,
  AWS.cloudwatchLogGroup,
  // The merchants' credentials: deleting or replacing one voids what merchants hold.
  AWS.cognitoUserPool,
  AWS.cognitoUserPoolClient,
] as const;

export const protectStatefulProdResources = resourcePolicy({
  name: 'protect-stateful-prod-resources',
  description:
    'DESIGN-9: stateful prod resources (RDS cluster and instances, KMS keys, S3 buckets, log groups, Cognito user pools and app clients) carry Pulumi protect, so destroy or replacement cannot delete them.',
  types: STATEFUL_TYPES,
  validate: (_props, args, report) => {
    if (environmentOfUrn(args.urn) !== 'prod') return;
    if (args.opts.protect !== true) {
      report(
        `${args.type} '${args.name}' holds prod state but is not protected: pass { protect: true } in its resource options (the setting 'protect', which prod requires).`,
      );
    }
  },
});

export const designPolicies = [
  oneEnvironmentPerStack,
  rdsMasterPasswordManagedByRds,
  noSecretLiteralsInLambdaEnvironment,
  noDeprecatedS3Resources,
  auroraEngineVersionFloor,
  rdsMasterUsernameNotReserved,
  physicalNamesCarryEnvironment,
  noAwsIdPrefixInNames,
  protectStatefulProdResources,
];
