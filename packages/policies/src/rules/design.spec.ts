import { randomBytes } from 'node:crypto';
import { AWS } from '@payments/aws-types';
import { describePolicies } from '../testing/cases';
import { get, resource, urnOf } from '../testing/fixtures';
import { designPolicies } from './design';

const CLUSTER: [string, string] = [AWS.rdsCluster, 'aurora-cluster'];

describePolicies(designPolicies, {
  'one-environment-per-stack': [
    {
      title: 'a resource of another environment in the stack',
      change: (stack) => {
        stack['stray'] = resource('dev', AWS.snsTopic, 'stray', { name: 'payments-dev-alarms' });
      },
      messages: [
        "aws:sns/topic:Topic 'stray' belongs to stack 'dev', not to this prod stack: create it from its own environment's stack.",
        "aws:sns/topic:Topic 'stray' has name 'payments-dev-alarms' of the dev environment in the prod stack: a stack creates only its own environment's resources.",
      ],
      at: urnOf('dev', AWS.snsTopic, 'stray'),
    },
    {
      title: 'an Environment tag of another environment',
      change: (stack) => {
        get(stack, 'network-vpc').inputs.tags = { Name: 'payments-prod-network', Environment: 'staging' };
      },
      messages: [
        "aws:ec2/vpc:Vpc 'network-vpc' has tags.Environment 'staging' in the prod stack: tag it with the stack's environment (namer.tags() / provider default tags).",
      ],
      at: [AWS.ec2Vpc, 'network-vpc'],
    },
    {
      title: "provider default tags of another environment (JSON-encoded, as providers' config is)",
      change: (stack) => {
        get(stack, 'aws').inputs.defaultTags = JSON.stringify({ tags: { Environment: 'dev' } });
      },
      messages: [
        "pulumi:providers:aws 'aws' has defaultTags.tags.Environment 'dev' in the prod stack: tag it with the stack's environment (namer.tags() / provider default tags).",
      ],
      at: ['pulumi:providers:aws', 'aws'],
    },
    {
      title: "a stack reference to another environment's stack",
      change: (stack) => {
        get(stack, 'payments-function').dependsOn.push(
          urnOf('prod', 'pulumi:pulumi:StackReference', 'organization/payments-network/staging'),
        );
      },
      messages: [
        "stack reference 'organization/payments-network/staging' reads another environment from the prod stack: read <org>/payments-<domain>/prod (stackPath({ org, domain, env })).",
      ],
      at: ['pulumi:pulumi:StackReference', 'organization/payments-network/staging'],
    },
  ],
  'no-deprecated-s3-resources': [
    {
      title: 'a deprecated *V2 resource',
      change: (stack) => {
        stack['audit-versioning-v2'] = resource(
          'prod',
          'aws:s3/bucketVersioningV2:BucketVersioningV2',
          'audit-versioning-v2',
          { bucket: 'payments-prod-audit' },
        );
      },
      messages: [
        'aws:s3/bucketVersioningV2:BucketVersioningV2 is a deprecated *V2 resource: use aws.s3.BucketVersioning instead (same arguments in @pulumi/aws v7).',
      ],
      at: ['aws:s3/bucketVersioningV2:BucketVersioningV2', 'audit-versioning-v2'],
    },
    {
      title: 'a deprecated inline bucket argument',
      change: (stack) => {
        get(stack, 'audit-bucket').inputs.versioning = { enabled: true };
      },
      messages: [
        "aws.s3.Bucket sets the deprecated inline 'versioning': remove it and declare aws.s3.BucketVersioning for the bucket.",
      ],
      at: [AWS.s3Bucket, 'audit-bucket'],
    },
  ],
  'rds-master-password-managed-by-rds': [
    {
      title: 'a master password instead of an RDS-managed one',
      change: (stack) => {
        const cluster = get(stack, 'aurora-cluster').inputs;
        // Synth redacts secret inputs; the property is still there.
        cluster.masterPassword = '[secret]';
        delete cluster.manageMasterUserPassword;
        delete cluster.masterUserSecretKmsKeyId;
      },
      messages: [
        'masterPassword is set: remove it and set manageMasterUserPassword: true so RDS keeps the password in Secrets Manager.',
        'manageMasterUserPassword is undefined: set manageMasterUserPassword: true (RDS creates and rotates the master secret).',
        "masterUserSecretKmsKeyId is not set: set it to the database stack's KMS key ARN so the managed secret is encrypted with our key, not aws/secretsmanager.",
      ],
      at: CLUSTER,
    },
    {
      title: 'a managed secret under the AWS-managed key',
      change: (stack) => {
        delete get(stack, 'aurora-cluster').inputs.masterUserSecretKmsKeyId;
      },
      messages: [
        "masterUserSecretKmsKeyId is not set: set it to the database stack's KMS key ARN so the managed secret is encrypted with our key, not aws/secretsmanager.",
      ],
      at: CLUSTER,
    },
  ],
  'no-secret-literals-in-lambda-environment': [
    {
      title: 'a password in a function environment variable',
      change: (stack) => {
        const env = get(stack, 'payments-function').inputs.environment as {
          variables: Record<string, string>;
        };
        env.variables.DB_PASSWORD = randomBytes(8).toString('hex');
      },
      messages: [
        'environment variable DB_PASSWORD holds a secret value: keep the secret in Secrets Manager and pass only its ARN (e.g. DB_PASSWORD_ARN), read at run time.',
      ],
      at: [AWS.lambdaFunction, 'payments-function'],
    },
  ],
  'aurora-engine-version-floor': [
    {
      title: 'an engine version below the floor',
      change: (stack) => {
        get(stack, 'aurora-cluster').inputs.engineVersion = '15.4';
      },
      messages: [
        "engineVersion '15.4' is below the floor 16.8: set database.engineVersion to one of 16.8, 17.7 (floor 16.8).",
      ],
      at: CLUSTER,
    },
    {
      title: 'an older minor that sorts after the floor as a string',
      change: (stack) => {
        get(stack, 'aurora-instance-1').inputs.engineVersion = '16.10';
        get(stack, 'aurora-cluster').inputs.engineVersion = '16.4';
      },
      messages: [
        "engineVersion '16.4' is below the floor 16.8: set database.engineVersion to one of 16.8, 17.7 (floor 16.8).",
      ],
      at: CLUSTER,
    },
    {
      title: 'no engine version (RDS would pick its default)',
      change: (stack) => {
        delete get(stack, 'aurora-cluster').inputs.engineVersion;
      },
      messages: [
        'engineVersion is not set, so RDS picks its default: set database.engineVersion to one of 16.8, 17.7 (floor 16.8).',
      ],
      at: CLUSTER,
    },
    {
      title: 'an engine other than Aurora PostgreSQL',
      change: (stack) => {
        get(stack, 'aurora-cluster').inputs.engine = 'aurora-mysql';
      },
      messages: [
        "engine is 'aurora-mysql': set engine: 'aurora-postgresql' (without it RDS creates Aurora MySQL).",
      ],
      at: CLUSTER,
    },
  ],
  'rds-master-username-not-reserved': [
    {
      title: 'a reserved master username',
      change: (stack) => {
        get(stack, 'aurora-cluster').inputs.masterUsername = 'admin';
      },
      messages: [
        "masterUsername 'admin' is reserved by RDS or PostgreSQL: set database.masterUsername to another name, e.g. 'dbadmin'.",
      ],
      at: CLUSTER,
    },
    {
      title: 'a pg_ role as master username',
      change: (stack) => {
        get(stack, 'aurora-cluster').inputs.masterUsername = 'pg_monitor';
      },
      messages: [
        "masterUsername 'pg_monitor' is reserved by RDS or PostgreSQL: set database.masterUsername to another name, e.g. 'dbadmin'.",
      ],
      at: CLUSTER,
    },
  ],
  'physical-names-carry-stack-environment': [
    {
      title: "a resource server whose name lacks the environment (its identifier, the scopes' prefix, may)",
      change: (stack) => {
        get(stack, 'merchants-resource-server').inputs.name = 'payments-api';
      },
      messages: [
        "name 'payments-api' does not contain the environment 'prod': make it with createNamer({ env, ... }).physical(kind, component), which gives payments-prod-<component>.",
      ],
      at: [AWS.cognitoResourceServer, 'merchants-resource-server'],
    },
    {
      title: 'a name without the environment',
      change: (stack) => {
        get(stack, 'audit-bucket').inputs.bucket = 'payments-audit';
      },
      messages: [
        "bucket 'payments-audit' does not contain the environment 'prod': make it with createNamer({ env, ... }).physical(kind, component), which gives payments-prod-<component>.",
      ],
      at: [AWS.s3Bucket, 'audit-bucket'],
    },
    {
      title: 'the environment twice',
      change: (stack) => {
        get(stack, 'aurora-cluster').inputs.finalSnapshotIdentifier = 'payments-prod-aurora-prod-final';
      },
      messages: [
        "finalSnapshotIdentifier 'payments-prod-aurora-prod-final' contains 'prod' 2 times: the environment appears exactly once; take it out of the component.",
      ],
      at: CLUSTER,
    },
    {
      title: "another environment's name in a Name tag",
      change: (stack) => {
        get(stack, 'network-vpc').inputs.tags = { Name: 'payments-staging-network' };
      },
      messages: [
        "tags.Name 'payments-staging-network' names the environment 'staging' in the prod stack: a stack names only its own environment's resources; make the name with packages/naming from the stack's environment.",
      ],
      at: [AWS.ec2Vpc, 'network-vpc'],
    },
    {
      title: 'an auto-named resource',
      change: (stack) => {
        delete get(stack, 'payments-role').inputs.name;
      },
      messages: [
        "name is not set, so Pulumi auto-names it from the logical name 'payments-role' without the environment: set name to createNamer({ env, ... }).physical(kind, component).",
      ],
      at: [AWS.iamRole, 'payments-role'],
    },
    {
      title: 'an environment in a logical name',
      env: 'dev',
      change: (stack) => {
        stack['dev-topic'] = resource('dev', AWS.snsTopic, 'dev-topic', {
          name: 'payments-dev-alarms',
        });
      },
      messages: [
        "logical name 'dev-topic' contains the environment 'dev': the stack already names the environment; use namer.logical(component) with a component free of dev, staging, prod.",
      ],
      at: [AWS.snsTopic, 'dev-topic'],
    },
  ],
  'no-aws-id-prefix-in-names': [
    {
      title: 'a physical name starting with sg-',
      change: (stack) => {
        get(stack, 'security-groups-lambda').inputs.name = 'sg-payments-prod-lambda';
      },
      messages: [
        "name 'sg-payments-prod-lambda' starts with the AWS ID prefix 'sg-': names must not look like AWS IDs (sg- sgr- vpc- vpce- subnet- nat- igw- eigw- rtb- eni- acl- eipalloc- eipassoc- tgw- pcx- vgw- cgw- vpn- dopt- pl- fl- i- ami- vol- snap- lt- db- cluster-); choose a component that does not start with one.",
      ],
      at: [AWS.ec2SecurityGroup, 'security-groups-lambda'],
    },
    {
      title: 'a logical name starting with vpc- (Pulumi auto-names from it)',
      change: (stack) => {
        stack['vpc-endpoints'] = resource('prod', 'payments:network:Endpoints', 'vpc-endpoints', {});
      },
      messages: [
        "logical name 'vpc-endpoints' starts with the AWS ID prefix 'vpc-': names must not look like AWS IDs (sg- sgr- vpc- vpce- subnet- nat- igw- eigw- rtb- eni- acl- eipalloc- eipassoc- tgw- pcx- vgw- cgw- vpn- dopt- pl- fl- i- ami- vol- snap- lt- db- cluster-); choose a component that does not start with one.",
      ],
      at: ['payments:network:Endpoints', 'vpc-endpoints'],
    },
    {
      title: 'a KMS alias whose name after alias/ starts with an ID prefix',
      change: (stack) => {
        get(stack, 'storage-alias').inputs.name = 'alias/db-payments-prod';
      },
      messages: [
        "name 'alias/db-payments-prod' starts with the AWS ID prefix 'db-': names must not look like AWS IDs (sg- sgr- vpc- vpce- subnet- nat- igw- eigw- rtb- eni- acl- eipalloc- eipassoc- tgw- pcx- vgw- cgw- vpn- dopt- pl- fl- i- ami- vol- snap- lt- db- cluster-); choose a component that does not start with one.",
      ],
      at: [AWS.kmsAlias, 'storage-alias'],
    },
  ],
  'protect-stateful-prod-resources': [
    {
      title: 'an unprotected prod cluster',
      change: (stack) => {
        get(stack, 'aurora-cluster').protect = false;
      },
      messages: [
        "aws:rds/cluster:Cluster 'aurora-cluster' holds prod state but is not protected: pass { protect: true } in its resource options (the setting 'protect', which prod requires).",
      ],
      at: CLUSTER,
    },
    {
      title: 'an unprotected prod log group',
      change: (stack) => {
        get(stack, 'logs-api-access').protect = false;
      },
      messages: [
        "aws:cloudwatch/logGroup:LogGroup 'logs-api-access' holds prod state but is not protected: pass { protect: true } in its resource options (the setting 'protect', which prod requires).",
      ],
      at: [AWS.cloudwatchLogGroup, 'logs-api-access'],
    },
    {
      title: "an unprotected prod merchant app client (replacing it voids the merchant's credentials)",
      change: (stack) => {
        get(stack, 'merchant-acme-shop-client').protect = false;
      },
      messages: [
        "aws:cognito/userPoolClient:UserPoolClient 'merchant-acme-shop-client' holds prod state but is not protected: pass { protect: true } in its resource options (the setting 'protect', which prod requires).",
      ],
      at: [AWS.cognitoUserPoolClient, 'merchant-acme-shop-client'],
    },
  ],
});
