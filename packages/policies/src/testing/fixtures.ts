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

/** TLS only, and S3's log delivery writes the audit bucket's server access logs (S3 User Guide form). */
const accessLogPolicy = (bucket: string, source: string) => {
  const document = JSON.parse(tlsOnlyPolicy(bucket)) as { Statement: unknown[] };
  document.Statement.push({
    Sid: 'S3ServerAccessLogsPolicy',
    Effect: 'Allow',
    Principal: { Service: 'logging.s3.amazonaws.com' },
    Action: 's3:PutObject',
    Resource: `arn:aws:s3:::${bucket}/audit/*`,
    Condition: {
      ArnLike: { 'aws:SourceArn': `arn:aws:s3:::${source}` },
      StringEquals: { 'aws:SourceAccount': ACCOUNT },
    },
  });
  return JSON.stringify(document);
};

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

/** A key policy: the account administers the key; S3 uses it for this account's callers only. */
const keyPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AccountAdministersKey',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: ['kms:DescribeKey', 'kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion'],
      Resource: '*',
    },
    {
      Sid: 'S3UsesKey',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: '*',
      Condition: {
        StringEquals: { 'kms:CallerAccount': ACCOUNT, 'kms:ViaService': 's3.us-east-1.amazonaws.com' },
      },
    },
  ],
});

/** A function's inline policy: named actions on named resources, `*` only for the allowlisted ENI and X-Ray calls. */
const functionPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'WriteAuditRecords',
      Effect: 'Allow',
      Action: ['s3:PutObject'],
      Resource: `arn:aws:s3:::payments-audit/audit/*`,
    },
    {
      Sid: 'EncryptAuditRecords',
      Effect: 'Allow',
      Action: ['kms:GenerateDataKey'],
      Resource: KEY_ARN,
      Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
    },
    {
      Sid: 'ManageVpcNetworkInterfaces',
      Effect: 'Allow',
      Action: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DeleteNetworkInterface'],
      Resource: '*',
    },
    { Sid: 'WriteTraces', Effect: 'Allow', Action: ['xray:PutTraceSegments'], Resource: '*' },
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
    {
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: keyPolicy,
      tags: { Name: name('storage') },
    },
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
  add(
    AWS.s3Bucket,
    'audit-bucket',
    { bucket, forceDestroy: false, objectLockEnabled: true },
    { protect: prod },
  );
  add(
    AWS.s3BucketObjectLockConfiguration,
    'audit-object-lock',
    { bucket, objectLockEnabled: 'Enabled', rule: { defaultRetention: { mode: 'COMPLIANCE', days: 365 } } },
    { dependsOn: ['audit-bucket'] },
  );
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
      rules: [
        {
          id: 'archive-then-expire',
          status: 'Enabled',
          expiration: { days: 365 },
          filter: {},
          abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        },
      ],
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

  // The audit bucket's server access logs (S3.9): SSE-S3 and no lock, as AWS requires of a log target.
  const logBucket = bucket.replace('-audit-', '-access-logs-');
  add(AWS.s3Bucket, 'access-logs-bucket', { bucket: logBucket, forceDestroy: false }, { protect: prod });
  add(
    AWS.s3BucketPublicAccessBlock,
    'access-logs-public-access-block',
    {
      bucket: logBucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
    { dependsOn: ['access-logs-bucket'] },
  );
  add(
    AWS.s3BucketPolicy,
    'access-logs-policy',
    { bucket: logBucket, policy: accessLogPolicy(logBucket, bucket) },
    { dependsOn: ['access-logs-bucket'] },
  );
  add(
    AWS.s3BucketVersioning,
    'access-logs-versioning',
    { bucket: logBucket, versioningConfiguration: { status: 'Enabled' } },
    { dependsOn: ['access-logs-bucket'] },
  );
  add(
    AWS.s3BucketLifecycleConfiguration,
    'access-logs-lifecycle',
    {
      bucket: logBucket,
      rules: [
        {
          id: 'expire',
          status: 'Enabled',
          expiration: { days: 365 },
          filter: {},
          abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        },
      ],
    },
    { dependsOn: ['access-logs-bucket'] },
  );
  add(
    AWS.s3BucketOwnershipControls,
    'access-logs-ownership',
    { bucket: logBucket, rule: { objectOwnership: 'BucketOwnerEnforced' } },
    { dependsOn: ['access-logs-bucket'] },
  );
  add(
    AWS.s3BucketServerSideEncryptionConfiguration,
    'access-logs-encryption',
    { bucket: logBucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }] },
    { dependsOn: ['access-logs-bucket'] },
  );
  add(
    AWS.s3BucketLogging,
    'audit-logging',
    { bucket, targetBucket: logBucket, targetPrefix: 'audit/' },
    { dependsOn: ['audit-bucket', 'access-logs-bucket'] },
  );

  // Network
  add(AWS.ec2Vpc, 'network-vpc', { cidrBlock: '10.10.0.0/16', tags: { Name: name('network') } });
  add(
    AWS.ec2InternetGateway,
    'network-igw',
    { vpcId: VPC_ID, tags: { Name: name('igw') } },
    {
      dependsOn: ['network-vpc'],
    },
  );
  for (const tier of ['public', 'private'] as const) {
    add(
      AWS.ec2Subnet,
      `network-${tier}-subnet-1`,
      {
        vpcId: VPC_ID,
        cidrBlock: tier === 'public' ? '10.10.0.0/20' : '10.10.64.0/20',
        mapPublicIpOnLaunch: false,
        tags: { Name: name(`${tier}-1`), Tier: tier },
      },
      { dependsOn: ['network-vpc'] },
    );
    add(
      AWS.ec2RouteTable,
      `network-${tier}-routes`,
      { vpcId: VPC_ID, tags: { Name: name(tier) } },
      {
        dependsOn: ['network-vpc'],
      },
    );
    add(
      AWS.ec2RouteTableAssociation,
      `network-${tier}-subnet-1-routes`,
      { subnetId: `subnet-0${tier}`, routeTableId: `rtb-0${tier}` },
      { dependsOn: [`network-${tier}-routes`, `network-${tier}-subnet-1`] },
    );
  }
  add(
    AWS.ec2Route,
    'network-public-default-route',
    { routeTableId: 'rtb-0public', destinationCidrBlock: '0.0.0.0/0', gatewayId: 'igw-0a' },
    { dependsOn: ['network-public-routes', 'network-igw'] },
  );
  add(
    AWS.ec2Route,
    'network-private-default-route-1',
    { routeTableId: 'rtb-0private', destinationCidrBlock: '0.0.0.0/0', natGatewayId: 'nat-0a' },
    { dependsOn: ['network-private-routes'] },
  );
  add(
    AWS.ec2DefaultNetworkAcl,
    'network-default-acl',
    {
      defaultNetworkAclId: 'acl-0a',
      subnetIds: ['subnet-0public', 'subnet-0private'],
      ingress: [
        { ruleNo: 100, action: 'allow', protocol: '-1', cidrBlock: '10.10.0.0/16', fromPort: 0, toPort: 0 },
        {
          ruleNo: 110,
          action: 'allow',
          protocol: 'tcp',
          cidrBlock: '0.0.0.0/0',
          fromPort: 1024,
          toPort: 3388,
        },
        {
          ruleNo: 120,
          action: 'allow',
          protocol: 'tcp',
          cidrBlock: '0.0.0.0/0',
          fromPort: 3390,
          toPort: 65535,
        },
      ],
      egress: [
        { ruleNo: 100, action: 'allow', protocol: '-1', cidrBlock: '0.0.0.0/0', fromPort: 0, toPort: 0 },
      ],
      tags: { Name: name('default-acl') },
    },
    { dependsOn: ['network-vpc'] },
  );
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
    {
      name: name('lambda'),
      description: 'API Lambda functions: HTTPS out, nothing in',
      vpcId: VPC_ID,
      tags: { Name: name('lambda') },
    },
    { dependsOn: ['network-vpc'] },
  );
  add(
    AWS.vpcSecurityGroupIngressRule,
    'security-groups-endpoints-https-in',
    {
      securityGroupId: 'sg-0a',
      description: 'HTTPS from inside the VPC',
      cidrIpv4: '10.10.0.0/16',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
    },
    { dependsOn: ['security-groups-lambda'] },
  );

  // Database
  add(AWS.rdsClusterParameterGroup, 'aurora-cluster-parameters', {
    name: name('aurora-cluster-pg16'),
    family: 'aurora-postgresql16',
    parameters: [
      { name: 'rds.force_ssl', value: '1', applyMethod: 'pending-reboot' },
      { name: 'log_min_duration_statement', value: '1000', applyMethod: 'immediate' },
      { name: 'log_statement', value: 'ddl', applyMethod: 'immediate' },
    ],
  });
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
      dbClusterParameterGroupName: name('aurora-cluster-pg16'),
      tags: { Name: name('aurora') },
    },
    { protect: prod, dependsOn: ['aurora-cluster-parameters'] },
  );
  for (const n of [1, 2]) {
    add(
      AWS.rdsClusterInstance,
      `aurora-instance-${n}`,
      {
        identifier: name(`aurora-${n}`),
        clusterIdentifier: name('aurora'),
        engine: 'aurora-postgresql',
        engineVersion: '16.8',
        instanceClass: 'db.serverless',
        publiclyAccessible: false,
        monitoringInterval: 60,
        monitoringRoleArn: `arn:aws:iam::${ACCOUNT}:role/${name('rds-monitoring')}`,
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: KEY_ARN,
      },
      { protect: prod, dependsOn: ['aurora-cluster'] },
    );
  }
  add(AWS.backupVault, 'backup-vault', { name: name('aurora'), kmsKeyArn: KEY_ARN });
  add(
    AWS.backupSelection,
    'backup-selection',
    {
      name: name('aurora'),
      planId: 'plan-0a',
      iamRoleArn: `arn:aws:iam::${ACCOUNT}:role/${name('backup')}`,
      resources: [`arn:aws:rds:us-east-1:${ACCOUNT}:cluster:${name('aurora')}`],
    },
    { dependsOn: ['aurora-cluster', 'backup-vault'] },
  );

  // API
  add(AWS.iamRole, 'payments-role', {
    name: name('payments-lambda'),
    assumeRolePolicy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    }),
  });
  add(
    AWS.iamRolePolicy,
    'payments-role-policy',
    { name: name('payments-lambda'), role: name('payments-lambda'), policy: functionPolicy },
    { dependsOn: ['payments-role'] },
  );
  add(AWS.iamRolePolicyAttachment, 'api-gateway-account-logs', {
    role: name('apigateway-cloudwatch'),
    policyArn: 'arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs',
  });
  add(AWS.lambdaPermission, 'rest-api-invoke-permission', {
    action: 'lambda:InvokeFunction',
    function: name('payments'),
    principal: 'apigateway.amazonaws.com',
    sourceArn: `arn:aws:execute-api:us-east-1:${ACCOUNT}:${REST_API_ID}/*/*`,
  });
  add(AWS.lambdaFunction, 'payments-function', {
    name: name('payments'),
    runtime: 'nodejs22.x',
    handler: 'index.handler',
    environment: { variables: { DB_SECRET_ARN: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:rds!x` } },
    vpcConfig: { subnetIds: ['subnet-0a', 'subnet-0b'], securityGroupIds: ['sg-0a'] },
    reservedConcurrentExecutions: 10,
    kmsKeyArn: KEY_ARN,
    tracingConfig: { mode: 'Active' },
  });
  add(AWS.apigatewayRestApi, 'rest-api', { name: name('api') });
  add(
    AWS.apigatewayRequestValidator,
    'rest-api-request-validator',
    {
      restApi: REST_API_ID,
      name: name('requests'),
      validateRequestParameters: true,
      validateRequestBody: true,
    },
    { dependsOn: ['rest-api'] },
  );
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
    {
      restApi: REST_API_ID,
      resourceId: 'pay0000001',
      httpMethod: 'POST',
      ...cognito('payments/write'),
      requestValidatorId: 'val001',
    },
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
      requestValidatorId: 'val001',
    },
    { dependsOn: ['rest-api', 'rest-api-payments-id', 'rest-api-authorizer'] },
  );
  add(
    AWS.apigatewayMethod,
    'rest-api-get-health-method',
    {
      restApi: REST_API_ID,
      resourceId: 'health0001',
      httpMethod: 'GET',
      authorization: 'NONE',
      requestValidatorId: 'val001',
    },
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
  const visibility = (metricName: string) => ({
    cloudwatchMetricsEnabled: true,
    sampledRequestsEnabled: true,
    metricName,
  });
  add(AWS.wafv2WebAcl, 'waf-web-acl', {
    name: name('api'),
    scope: 'REGIONAL',
    defaultAction: { allow: {} },
    rules: ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet'].map((group, i) => ({
      name: group,
      priority: i,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: group } },
      visibilityConfig: visibility(name(group)),
    })),
    visibilityConfig: visibility(name('api')),
  });
  add(
    AWS.cloudwatchLogGroup,
    'waf-logs',
    { name: `aws-waf-logs-${name('api')}`, kmsKeyId: KEY_ARN, retentionInDays: prod ? 365 : 7 },
    { protect: prod },
  );
  add(
    AWS.wafv2WebAclLoggingConfiguration,
    'waf-logging',
    {
      resourceArn: `arn:aws:wafv2:us-east-1:${ACCOUNT}:regional/webacl/${name('api')}/x`,
      logDestinationConfigs: [`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:aws-waf-logs-${name('api')}`],
      redactedFields: [{ singleHeader: { name: 'authorization' } }],
    },
    { dependsOn: ['waf-web-acl', 'waf-logs'] },
  );
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
  const topicArn = `arn:aws:sns:us-east-1:${ACCOUNT}:${name('alarms')}`;
  add(
    AWS.snsTopicPolicy,
    'alarm-topic-policy',
    {
      arn: topicArn,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyPublishWithoutTls',
            Effect: 'Deny',
            Principal: '*',
            Action: 'sns:Publish',
            Resource: topicArn,
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
          {
            Sid: 'CloudWatchAlarmsPublish',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: topicArn,
            Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
          },
        ],
      }),
    },
    { dependsOn: ['alarm-topic-topic'] },
  );
  add(AWS.cloudwatchMetricAlarm, 'alarms-payments-errors', {
    name: name('payments-errors'),
    metricName: 'Errors',
    namespace: 'AWS/Lambda',
    alarmActions: [topicArn],
    okActions: [topicArn],
  });
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
