import { AWS } from '@payments/aws-types';
import { createHash } from 'node:crypto';

/** The region every mocked program runs in. */
export const MOCK_REGION = 'us-east-1';
export const MOCK_ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'] as const;

/**
 * One mock account per environment, as the platform assumes one AWS account per environment (README "Deploying
 * for real"). These are the example account IDs of AWS's own documentation, never real accounts. Keyed by the
 * environments of packages/config, spelled out: the mocks do not import the config (nx affected stays precise).
 */
export const MOCK_ACCOUNTS: Readonly<Record<'dev' | 'staging' | 'prod', string>> = Object.freeze({
  dev: '111122223333',
  staging: '444455556666',
  prod: '777788889999',
});

/** The mock account of a stack (`prod`, or `org/project/prod`): the one of its environment. */
export function mockAccountId(stack: string): string {
  const env = stack.split('/').pop() ?? '';
  if (!Object.hasOwn(MOCK_ACCOUNTS, env)) {
    throw new Error(
      `Stack '${stack}' is not an environment: mocked stacks are named dev, staging or prod, each with its own mock account.`,
    );
  }
  return MOCK_ACCOUNTS[env as keyof typeof MOCK_ACCOUNTS];
}

/** What every fixture knows about the program it answers: its stack and the account and region it runs in. */
export interface MockContext {
  /** The stack name, e.g. `prod`: it seeds every mocked ID, so no two environments share one. */
  stack: string;
  account: string;
  region: string;
}

export function mockContext(stack: string): MockContext {
  return { stack, account: mockAccountId(stack), region: MOCK_REGION };
}

type Inputs = Record<string, unknown>;

/** The creation time every mocked resource reports. */
const MOCK_DATE = '2026-01-01T00:00:00Z';

// The wire markers Pulumi's runtime puts on a secret value (runtime/rpc.ts): a computed output wrapped in them
// reaches the program as a secret Output, as the engine makes one of a provider's additionalSecretOutputs.
export const SECRET_SIG_KEY = '4dabf18193072939515e22adb298388d';
export const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';

function secretValue(value: unknown): Record<string, unknown> {
  return { [SECRET_SIG_KEY]: SECRET_SIG, value };
}

/** A stable hex digest of `seed`, for fake IDs. */
const digest = (seed: string): string => createHash('sha256').update(seed).digest('hex');

/** A stable fake ID with the AWS prefix of the type, so synth output reads like the real thing. */
export function fakeId(prefix: string, seed: string): string {
  return `${prefix}${digest(seed).slice(0, 17)}`;
}

/** A KMS-style key ID (a UUID) from `seed`. */
function fakeUuid(seed: string): string {
  const hex = digest(seed);
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20, 32)].join(
    '-',
  );
}

/**
 * Answers for the provider functions the programs call. Anything else throws: a program that starts
 * calling a new function must get a fixture here, never a made-up default.
 */
export const CALL_FIXTURES: Record<string, (inputs: Inputs, ctx: MockContext) => Record<string, unknown>> = {
  'aws:index/getAvailabilityZones:getAvailabilityZones': (_i, ctx) => ({
    id: ctx.region,
    names: [...MOCK_ZONES],
    zoneIds: ['use1-az1', 'use1-az2', 'use1-az4'],
    groupNames: [ctx.region],
  }),
  'aws:index/getCallerIdentity:getCallerIdentity': (_i, ctx) => ({
    id: ctx.account,
    accountId: ctx.account,
    arn: `arn:aws:iam::${ctx.account}:user/synth`,
    userId: fakeId('AIDA', `${ctx.stack}::synth`).toUpperCase(),
  }),
  'aws:index/getRegion:getRegion': (_i, ctx) => ({
    id: ctx.region,
    name: ctx.region,
    region: ctx.region,
    description: 'US East (N. Virginia)',
    endpoint: `ec2.${ctx.region}.amazonaws.com`,
  }),
  'aws:index/getPartition:getPartition': () => ({
    id: 'aws',
    partition: 'aws',
    dnsSuffix: 'amazonaws.com',
    reverseDnsPrefix: 'com.amazonaws',
  }),
};

const ID_PREFIXES: Record<string, string> = {
  [AWS.ec2Vpc]: 'vpc-',
  [AWS.ec2Subnet]: 'subnet-',
  [AWS.ec2SecurityGroup]: 'sg-',
  [AWS.ec2DefaultSecurityGroup]: 'sg-',
  [AWS.ec2InternetGateway]: 'igw-',
  [AWS.ec2NatGateway]: 'nat-',
  [AWS.ec2Eip]: 'eipalloc-',
  [AWS.ec2RouteTable]: 'rtb-',
  [AWS.ec2VpcEndpoint]: 'vpce-',
  [AWS.ec2FlowLog]: 'fl-',
  [AWS.ec2NetworkAcl]: 'acl-',
  [AWS.ec2DefaultNetworkAcl]: 'acl-',
};

/** `length` characters of `alphabet`, picked by the digest of `seed`. */
function fakeChars(seed: string, length: number, alphabet: string): string {
  const bytes = createHash('sha256').update(seed).digest();
  return Array.from({ length }, (_, i) => alphabet[(bytes[i % bytes.length]! + i) % alphabet.length]).join(
    '',
  );
}
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const ALNUM = `ABCDEFGHIJKLMNOPQRSTUVWXYZ${LOWER_ALNUM}`;

/** IDs AWS generates in a shape of their own, not `<prefix><17 hex>`. */
const SHAPED_IDS: Record<string, (seed: string, inputs: Inputs, ctx: MockContext) => string> = {
  // KMS key IDs are UUIDs.
  [AWS.kmsKey]: fakeUuid,
  // REST API IDs are 10 lowercase alphanumerics; authorizer IDs 6.
  [AWS.apigatewayRestApi]: (seed) => digest(seed).slice(0, 10),
  [AWS.apigatewayAuthorizer]: (seed) => fakeChars(seed, 6, LOWER_ALNUM),
  // User pool IDs are `<region>_<9 alphanumerics>` (CreateUserPool: [\w-]+_[0-9a-zA-Z]+).
  [AWS.cognitoUserPool]: (seed, _i, ctx) => `${ctx.region}_${fakeChars(seed, 9, ALNUM)}`,
  // App client IDs are 26 lowercase alphanumerics.
  [AWS.cognitoUserPoolClient]: (seed) => fakeChars(seed, 26, LOWER_ALNUM),
  // The provider's IDs: `<user pool ID>|<identifier>` for a resource server, the prefix itself for a domain.
  [AWS.cognitoResourceServer]: (_seed, i) => `${String(i.userPoolId)}|${String(i.identifier)}`,
  [AWS.cognitoUserPoolDomain]: (_seed, i) => String(i.domain),
};

const arnOf = (ctx: MockContext, service: string, resource: string) =>
  `arn:aws:${service}:${ctx.region}:${ctx.account}:${resource}`;

/** The per-account, per-region part of RDS endpoint host names (`<id>.cluster-<this>.<region>.rds...`). */
const rdsDnsId = (ctx: MockContext) => digest(`${ctx.account}:${ctx.region}:rds`).slice(0, 12);

/**
 * The attributes AWS computes on create that the programs read back (ARNs, endpoints, generated IDs).
 * Keyed by type token; each returns only what the provider would add to the inputs.
 */
export const COMPUTED_ATTRIBUTES: Record<string, (inputs: Inputs, id: string, ctx: MockContext) => Inputs> = {
  [AWS.kmsKey]: (_i, id, ctx) => ({ arn: arnOf(ctx, 'kms', `key/${id}`), keyId: id }),
  [AWS.kmsAlias]: (i, _id, ctx) => ({ arn: arnOf(ctx, 'kms', String(i.name)) }),
  [AWS.s3Bucket]: (i, _id, ctx) => ({
    arn: `arn:aws:s3:::${String(i.bucket)}`,
    bucketDomainName: `${String(i.bucket)}.s3.amazonaws.com`,
    bucketRegionalDomainName: `${String(i.bucket)}.s3.${ctx.region}.amazonaws.com`,
    region: ctx.region,
  }),
  [AWS.cloudwatchLogGroup]: (i, _id, ctx) => ({
    arn: arnOf(ctx, 'logs', `log-group:${String(i.name)}`),
  }),
  // A rule on the default event bus: arn:aws:events:<region>:<account>:rule/<name>.
  [AWS.cloudwatchEventRule]: (i, _id, ctx) => ({ arn: arnOf(ctx, 'events', `rule/${String(i.name)}`) }),
  [AWS.iamRole]: (i, _id, ctx) => ({
    arn: `arn:aws:iam::${ctx.account}:role/${String(i.name)}`,
    uniqueId: fakeId('AROA', `${ctx.stack}::${String(i.name)}`).toUpperCase(),
  }),
  // IAM names an OIDC provider by its URL without the scheme.
  [AWS.iamOpenIdConnectProvider]: (i, _id, ctx) => ({
    arn: `arn:aws:iam::${ctx.account}:oidc-provider/${String(i.url).replace(/^https:\/\//, '')}`,
  }),
  [AWS.iamPolicy]: (i, _id, ctx) => ({
    arn: `arn:aws:iam::${ctx.account}:policy/${String(i.name)}`,
    policyId: fakeId('ANPA', `${ctx.stack}::${String(i.name)}`).toUpperCase(),
  }),
  [AWS.lambdaFunction]: (i, _id, ctx) => {
    const functionArn = arnOf(ctx, 'lambda', `function:${String(i.name)}`);
    return {
      arn: functionArn,
      invokeArn: `arn:aws:apigateway:${ctx.region}:lambda:path/2015-03-31/functions/${functionArn}/invocations`,
      qualifiedArn: `${functionArn}:1`,
      version: '1',
    };
  },
  [AWS.rdsCluster]: (i, _id, ctx) => {
    const cluster = String(i.clusterIdentifier);
    return {
      arn: arnOf(ctx, 'rds', `cluster:${cluster}`),
      clusterResourceId: fakeId('cluster-', `${ctx.stack}::${cluster}`).toUpperCase(),
      endpoint: `${cluster}.cluster-${rdsDnsId(ctx)}.${ctx.region}.rds.amazonaws.com`,
      readerEndpoint: `${cluster}.cluster-ro-${rdsDnsId(ctx)}.${ctx.region}.rds.amazonaws.com`,
      port: i.port ?? 5432,
      masterUserSecrets: i.manageMasterUserPassword
        ? [
            {
              secretArn: arnOf(
                ctx,
                'secretsmanager',
                `secret:rds!cluster-${fakeUuid(`${ctx.stack}::${cluster}`)}-AbCdEf`,
              ),
              kmsKeyId: i.masterUserSecretKmsKeyId,
              secretStatus: 'active',
            },
          ]
        : [],
    };
  },
  // arn:aws:rds:<region>:<account>:db-proxy:prx-<17 characters>; the endpoint is <name>.proxy-<dns id>.<region>...
  [AWS.rdsProxy]: (i, _id, ctx) => ({
    arn: arnOf(ctx, 'rds', `db-proxy:${fakeId('prx-', `${ctx.stack}::${String(i.name)}`)}`),
    endpoint: `${String(i.name)}.proxy-${rdsDnsId(ctx)}.${ctx.region}.rds.amazonaws.com`,
  }),
  [AWS.rdsClusterInstance]: (i, _id, ctx) => ({
    arn: arnOf(ctx, 'rds', `db:${String(i.identifier)}`),
    endpoint: `${String(i.identifier)}.${rdsDnsId(ctx)}.${ctx.region}.rds.amazonaws.com`,
  }),
  [AWS.rdsSubnetGroup]: (i, _id, ctx) => ({
    arn: arnOf(ctx, 'rds', `subgrp:${String(i.name)}`),
  }),
  [AWS.rdsClusterParameterGroup]: (i, _id, ctx) => ({
    arn: arnOf(ctx, 'rds', `cluster-pg:${String(i.name)}`),
  }),
  [AWS.rdsParameterGroup]: (i, _id, ctx) => ({
    arn: arnOf(ctx, 'rds', `pg:${String(i.name)}`),
  }),
  [AWS.snsTopic]: (i, _id, ctx) => ({ arn: arnOf(ctx, 'sns', String(i.name)) }),
  [AWS.snsTopicSubscription]: (i, id) => ({
    arn: `${String(i.topic)}:${id}`,
    // Email and HTTP(S) endpoints confirm later, outside the deploy.
    pendingConfirmation: ['email', 'email-json', 'http', 'https'].includes(String(i.protocol)),
  }),
  [AWS.apigatewayRestApi]: (_i, id, ctx) => ({
    rootResourceId: digest(`${ctx.stack}::${id}/root`).slice(0, 10),
    executionArn: arnOf(ctx, 'execute-api', id),
    arn: `arn:aws:apigateway:${ctx.region}::/restapis/${id}`,
  }),
  [AWS.apigatewayStage]: (i, _id, ctx) => ({
    invokeUrl: `https://${String(i.restApi)}.execute-api.${ctx.region}.amazonaws.com/${String(i.stageName)}`,
    executionArn: arnOf(ctx, 'execute-api', `${String(i.restApi)}/${String(i.stageName)}`),
    arn: `arn:aws:apigateway:${ctx.region}::/restapis/${String(i.restApi)}/stages/${String(i.stageName)}`,
  }),
  [AWS.wafv2WebAcl]: (i, id, ctx) => ({
    arn: arnOf(ctx, 'wafv2', `regional/webacl/${String(i.name)}/${id}`),
  }),
  [AWS.ec2Vpc]: (_i, id, ctx) => ({
    arn: arnOf(ctx, 'ec2', `vpc/${id}`),
    defaultSecurityGroupId: fakeId('sg-', `${ctx.stack}::${id}/default`),
    mainRouteTableId: fakeId('rtb-', `${ctx.stack}::${id}/main`),
    defaultNetworkAclId: fakeId('acl-', `${ctx.stack}::${id}/default`),
  }),
  [AWS.ec2Subnet]: (_i, id, ctx) => ({ arn: arnOf(ctx, 'ec2', `subnet/${id}`) }),
  [AWS.ec2SecurityGroup]: (_i, id, ctx) => ({
    arn: arnOf(ctx, 'ec2', `security-group/${id}`),
  }),
  [AWS.ec2Eip]: (_i, id) => ({
    // An address of TEST-NET-2 (RFC 5737), never a real one.
    publicIp: `198.51.100.${(parseInt(digest(id).slice(0, 2), 16) % 254) + 1}`,
    allocationId: id,
  }),
  [AWS.cloudwatchMetricAlarm]: (i, _id, ctx) => ({
    arn: arnOf(ctx, 'cloudwatch', `alarm:${String(i.name)}`),
  }),
  [AWS.cloudwatchDashboard]: (i, _id, ctx) => ({
    dashboardArn: `arn:aws:cloudwatch::${ctx.account}:dashboard/${String(i.dashboardName)}`,
  }),
  [AWS.apigatewayAuthorizer]: (i, id, ctx) => ({
    arn: `arn:aws:apigateway:${ctx.region}::/restapis/${String(i.restApi)}/authorizers/${id}`,
  }),
  [AWS.cognitoUserPool]: (_i, id, ctx) => ({
    arn: arnOf(ctx, 'cognito-idp', `userpool/${id}`),
    endpoint: `cognito-idp.${ctx.region}.amazonaws.com/${id}`,
    estimatedNumberOfUsers: 0,
    creationDate: MOCK_DATE,
    lastModifiedDate: MOCK_DATE,
  }),
  [AWS.cognitoUserPoolClient]: (i, id, ctx) => ({
    // Cognito generates the secret; the provider marks it secret (additionalSecretOutputs), which the mocks
    // do not apply by themselves, so it leaves here already wrapped: no program can read it as plain text.
    clientSecret:
      i.generateSecret === true ? secretValue(fakeChars(`${ctx.stack}::${id}::secret`, 51, LOWER_ALNUM)) : '',
  }),
  [AWS.cognitoResourceServer]: (i) => ({
    scopeIdentifiers: (Array.isArray(i.scopes) ? i.scopes : []).map(
      (scope) => `${String(i.identifier)}/${String((scope as { scopeName?: unknown }).scopeName)}`,
    ),
  }),
  [AWS.cognitoUserPoolDomain]: (i, _id, ctx) => ({
    awsAccountId: ctx.account,
    cloudfrontDistribution: `${digest(`${ctx.stack}::${String(i.domain)}`).slice(0, 14)}.cloudfront.net`,
    // CloudFront's one hosted zone ID, the same for every distribution.
    cloudfrontDistributionZoneId: 'Z2FDTNDATAQYW2',
    version: '1',
  }),
};

/**
 * The ID a mocked resource gets: AWS-shaped where the type has an ID prefix or shape, else its physical name.
 * Every generated ID is seeded with the stack, so no two environments (or stacks) share one.
 */
export function mockId(type: string, name: string, inputs: Inputs, ctx: MockContext): string {
  const seed = `${ctx.stack}::${type}::${name}`;
  const prefix = ID_PREFIXES[type];
  if (prefix) return fakeId(prefix, seed);
  const shaped = SHAPED_IDS[type];
  if (shaped) return shaped(seed, inputs, ctx);
  for (const key of ['bucket', 'identifier', 'clusterIdentifier', 'functionName', 'name']) {
    const value = inputs[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return fakeId('', seed);
}
