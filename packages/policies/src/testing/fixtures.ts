import type { Environment } from '@payments/config';
import { AWS } from '@payments/aws-types';
import type { PolicyInputResource } from '../types';

// A small stack that keeps every rule of the pack, shaped like synth's output (inputs in Pulumi's camelCase, JSON
// documents as strings). Policy tests break one thing in it at a time.

export const PROJECT = 'payments-fixture';
export const ACCOUNT = '123456789012';
export const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const VPC_ID = 'vpc-0123456789abcdef0';
export const REST_API_ID = 'a1b2c3d4e5';
export const USER_POOL_ID = 'us-east-1_AbCdEfGhI';
export const USER_POOL_ARN = `arn:aws:cognito-idp:us-east-1:${ACCOUNT}:userpool/${USER_POOL_ID}`;

export type Fixture = Record<string, PolicyInputResource>;

export function urnOf(env: string, type: string, name: string): string {
  return `urn:pulumi:${env}::${PROJECT}::${type}::${name}`;
}

/** One resource of the stack; `dependsOn` names other fixture resources by logical name. */
export function resource(
  env: string,
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  options: { protect?: boolean; dependsOn?: string[]; parent?: string } = {},
): PolicyInputResource {
  return {
    urn: urnOf(env, type, name),
    type,
    name,
    inputs,
    protect: options.protect ?? false,
    parent: options.parent ?? null,
    dependsOn: options.dependsOn ?? [],
  };
}

const tlsOnlyPolicy = (bucket: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  });

/** A compliant stack of `env`, keyed by logical name; resources are fresh objects, free to change. */
export function compliantStack(env: Environment): Fixture {
  const prod = env === 'prod';
  const name = (component: string) => `payments-${env}-${component}`;
  // DESIGN-11: globally unique, so with the account and the region.
  const bucket = `${name('audit')}-${ACCOUNT}-us-east-1`;
  const urnsByName: Record<string, string> = {};

  const list: PolicyInputResource[] = [];
  const add = (
    type: string,
    logical: string,
    inputs: Record<string, unknown>,
    options: { protect?: boolean; dependsOn?: string[] } = {},
  ) => {
    const r = resource(env, type, logical, inputs, {
      protect: options.protect,
      dependsOn: (options.dependsOn ?? []).map((n) => urnsByName[n] as string),
    });
    urnsByName[logical] = r.urn;
    list.push(r);
  };

  add('pulumi:providers:aws', 'aws', {
    region: 'us-east-1',
    defaultTags: JSON.stringify({ tags: { Project: 'payments', Environment: env, Domain: 'storage' } }),
  });

  // KMS and logs
  add(
    AWS.kmsKey,
    'storage-key',
    { enableKeyRotation: true, deletionWindowInDays: 30, tags: { Name: name('storage') } },
    { protect: prod },
  );
  add(AWS.kmsAlias, 'storage-alias', { name: `alias/${name('storage')}`, targetKeyId: 'key' });
  add(
    AWS.cloudwatchLogGroup,
    'logs-api-access',
    { name: name('api-access'), kmsKeyId: KEY_ARN, retentionInDays: prod ? 365 : 7 },
    { protect: prod },
  );

  // S3
  add(AWS.s3Bucket, 'audit-bucket', { bucket, forceDestroy: false }, { protect: prod });
  add(
    AWS.s3BucketPublicAccessBlock,
    'audit-public-access-block',
    {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
    { dependsOn: ['audit-bucket'] },
  );
  add(
    AWS.s3BucketPolicy,
    'audit-policy',
    { bucket, policy: tlsOnlyPolicy(bucket) },
    { dependsOn: ['audit-bucket'] },
  );
  add(
    AWS.s3BucketVersioning,
    'audit-versioning',
    { bucket, versioningConfiguration: { status: 'Enabled' } },
    { dependsOn: ['audit-bucket'] },
  );
  add(
    AWS.s3BucketLifecycleConfiguration,
    'audit-lifecycle',
    {
      bucket,
      rules: [{ id: 'archive-then-expire', status: 'Enabled', expiration: { days: 365 }, filter: {} }],
    },
    { dependsOn: ['audit-bucket'] },
  );
  add(
    AWS.s3BucketOwnershipControls,
    'audit-ownership',
    { bucket, rule: { objectOwnership: 'BucketOwnerEnforced' } },
    { dependsOn: ['audit-bucket'] },
  );
  add(
    AWS.s3BucketServerSideEncryptionConfiguration,
    'audit-encryption',
    {
      bucket,
      rules: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: KEY_ARN },
          bucketKeyEnabled: true,
        },
      ],
    },
    { dependsOn: ['audit-bucket', 'storage-key'] },
  );

  // Network
  add(AWS.ec2Vpc, 'network-vpc', { cidrBlock: '10.10.0.0/16', tags: { Name: name('network') } });
  add(
    AWS.ec2DefaultSecurityGroup,
    'security-groups-default',
    { vpcId: VPC_ID, tags: { Name: name('default') } },
    { dependsOn: ['network-vpc'] },
  );
  add(
    AWS.ec2FlowLog,
    'flow-logs-vpc',
    {
      vpcId: VPC_ID,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      tags: { Name: name('vpc-flow-log') },
    },
    { dependsOn: ['network-vpc'] },
  );
  add(
    AWS.ec2SecurityGroup,
    'security-groups-lambda',
    { name: name('lambda'), vpcId: VPC_ID, tags: { Name: name('lambda') } },
    { dependsOn: ['network-vpc'] },
  );
  add(
    AWS.vpcSecurityGroupIngressRule,
    'security-groups-endpoints-https-in',
    { securityGroupId: 'sg-0a', cidrIpv4: '10.10.0.0/16', ipProtocol: 'tcp', fromPort: 443, toPort: 443 },
    { dependsOn: ['security-groups-lambda'] },
  );

  // Database
  add(
    AWS.rdsCluster,
    'aurora-cluster',
    {
      clusterIdentifier: name('aurora'),
      engine: 'aurora-postgresql',
      engineMode: 'provisioned',
      engineVersion: '16.8',
      masterUsername: 'dbadmin',
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: KEY_ARN,
      storageEncrypted: true,
      kmsKeyId: KEY_ARN,
      iamDatabaseAuthenticationEnabled: true,
      copyTagsToSnapshot: true,
      deletionProtection: true,
      skipFinalSnapshot: false,
      deleteAutomatedBackups: false,
      finalSnapshotIdentifier: name('aurora-final'),
      enabledCloudwatchLogsExports: ['postgresql'],
      tags: { Name: name('aurora') },
    },
    { protect: prod },
  );
  add(
    AWS.rdsClusterInstance,
    'aurora-instance-1',
    {
      identifier: name('aurora-1'),
      clusterIdentifier: name('aurora'),
      engine: 'aurora-postgresql',
      engineVersion: '16.8',
      instanceClass: 'db.serverless',
      publiclyAccessible: false,
    },
    { protect: prod, dependsOn: ['aurora-cluster'] },
  );

  // API
  add(AWS.iamRole, 'payments-role', { name: name('payments-lambda') });
  add(AWS.lambdaFunction, 'payments-function', {
    name: name('payments'),
    runtime: 'nodejs22.x',
    handler: 'index.handler',
    environment: { variables: { DB_SECRET_ARN: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:rds!x` } },
    vpcConfig: { subnetIds: ['subnet-0a', 'subnet-0b'], securityGroupIds: ['sg-0a'] },
  });
  add(AWS.apigatewayRestApi, 'rest-api', { name: name('api') });
  // The routes: POST /payments and GET /payments/{id} behind the Cognito authorizer, GET /health public.
  add(
    AWS.apigatewayAuthorizer,
    'rest-api-authorizer',
    {
      restApi: REST_API_ID,
      name: name('merchants'),
      type: 'COGNITO_USER_POOLS',
      providerArns: [USER_POOL_ARN],
      identitySource: 'method.request.header.Authorization',
    },
    { dependsOn: ['rest-api'] },
  );
  add(
    AWS.apigatewayResource,
    'rest-api-payments',
    { restApi: REST_API_ID, parentId: 'root000001', pathPart: 'payments' },
    { dependsOn: ['rest-api'] },
  );
  add(
    AWS.apigatewayResource,
    'rest-api-payments-id',
    { restApi: REST_API_ID, parentId: 'pay0000001', pathPart: '{id}' },
    { dependsOn: ['rest-api', 'rest-api-payments'] },
  );
  add(
    AWS.apigatewayResource,
    'rest-api-health',
    { restApi: REST_API_ID, parentId: 'root000001', pathPart: 'health' },
    { dependsOn: ['rest-api'] },
  );
  const cognito = (scope: string) => ({
    authorization: 'COGNITO_USER_POOLS',
    authorizerId: 'auth01',
    authorizationScopes: [scope],
  });
  add(
    AWS.apigatewayMethod,
    'rest-api-post-payments-method',
    { restApi: REST_API_ID, resourceId: 'pay0000001', httpMethod: 'POST', ...cognito('payments/write') },
    { dependsOn: ['rest-api', 'rest-api-payments', 'rest-api-authorizer'] },
  );
  add(
    AWS.apigatewayMethod,
    'rest-api-get-payments-id-method',
    {
      restApi: REST_API_ID,
      resourceId: 'payid00001',
      httpMethod: 'GET',
      ...cognito('payments/read'),
      requestParameters: { 'method.request.path.id': true },
    },
    { dependsOn: ['rest-api', 'rest-api-payments-id', 'rest-api-authorizer'] },
  );
  add(
    AWS.apigatewayMethod,
    'rest-api-get-health-method',
    { restApi: REST_API_ID, resourceId: 'health0001', httpMethod: 'GET', authorization: 'NONE' },
    { dependsOn: ['rest-api', 'rest-api-health'] },
  );
  add(
    AWS.apigatewayStage,
    'rest-api-stage',
    {
      restApi: REST_API_ID,
      stageName: 'v1',
      deployment: 'd1',
      xrayTracingEnabled: true,
      accessLogSettings: {
        destinationArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${name('api-access')}`,
        format: '{"requestId":"$context.requestId","status":"$context.status"}',
      },
    },
    { dependsOn: ['rest-api', 'logs-api-access'] },
  );
  add(
    AWS.cloudwatchLogGroup,
    'rest-api-execution-logs',
    {
      name: `API-Gateway-Execution-Logs_${REST_API_ID}/v1`,
      kmsKeyId: KEY_ARN,
      retentionInDays: prod ? 365 : 7,
    },
    { protect: prod, dependsOn: ['rest-api'] },
  );
  add(
    AWS.apigatewayMethodSettings,
    'rest-api-method-settings',
    {
      restApi: REST_API_ID,
      stageName: 'v1',
      methodPath: '*/*',
      settings: { loggingLevel: 'ERROR', metricsEnabled: true, dataTraceEnabled: false },
    },
    { dependsOn: ['rest-api', 'rest-api-stage', 'rest-api-execution-logs'] },
  );
  add(AWS.wafv2WebAcl, 'waf-web-acl', { name: name('api'), defaultAction: { allow: {} } });
  add(
    AWS.wafv2WebAclAssociation,
    'waf-association',
    {
      resourceArn: `arn:aws:apigateway:us-east-1::/restapis/${REST_API_ID}/stages/v1`,
      webAclArn: `arn:aws:wafv2:us-east-1:${ACCOUNT}:regional/webacl/${name('api')}/x`,
    },
    { dependsOn: ['waf-web-acl', 'rest-api-stage'] },
  );

  // Identity: the merchants' user pool, its prefix domain (DESIGN-11) and one merchant's machine client.
  add(
    AWS.cognitoUserPool,
    'merchants-pool',
    { name: name('merchants'), deletionProtection: prod ? 'ACTIVE' : 'INACTIVE' },
    { protect: prod },
  );
  add(
    AWS.cognitoResourceServer,
    'merchants-resource-server',
    { userPoolId: USER_POOL_ID, identifier: 'payments', name: name('api'), scopes: [{ scopeName: 'read' }] },
    { dependsOn: ['merchants-pool'] },
  );
  add(
    AWS.cognitoUserPoolDomain,
    'merchants-domain',
    { userPoolId: USER_POOL_ID, domain: `${name('merchants')}-${ACCOUNT}-us-east-1` },
    { dependsOn: ['merchants-pool'] },
  );
  add(
    AWS.cognitoUserPoolClient,
    'merchant-acme-shop-client',
    {
      name: name('merchant-acme-shop'),
      userPoolId: USER_POOL_ID,
      generateSecret: true,
      allowedOauthFlowsUserPoolClient: true,
      allowedOauthFlows: ['client_credentials'],
      allowedOauthScopes: ['payments/read', 'payments/write'],
    },
    { protect: prod, dependsOn: ['merchants-pool'] },
  );

  // Alarms (DESIGN-12)
  add(AWS.snsTopic, 'alarm-topic-topic', { name: name('alarms'), kmsMasterKeyId: KEY_ARN });
  add(
    AWS.snsTopicSubscription,
    'alarm-topic-email',
    {
      topic: `arn:aws:sns:us-east-1:${ACCOUNT}:${name('alarms')}`,
      protocol: 'email',
      endpoint: 'payments-oncall@yourcompany.com',
    },
    { dependsOn: ['alarm-topic-topic'] },
  );

  return Object.fromEntries(list.map((r) => [r.name, r]));
}

/** The fixture resource `name`, for a test to change. */
export function get(stack: Fixture, name: string): PolicyInputResource {
  const found = stack[name];
  if (!found) throw new Error(`no fixture resource '${name}'`);
  return found;
}

/** Removes resources from the fixture, and every dependency on them. */
export function remove(stack: Fixture, ...names: string[]): void {
  for (const name of names) {
    const urn = get(stack, name).urn;
    delete stack[name];
    for (const r of Object.values(stack)) r.dependsOn = r.dependsOn.filter((d) => d !== urn);
  }
}
