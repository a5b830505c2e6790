import { createHash } from 'node:crypto';

/** The account and region every mocked program runs in. Not a real account. */
export const MOCK_ACCOUNT_ID = '123456789012';
export const MOCK_REGION = 'us-east-1';
export const MOCK_ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'] as const;

type Inputs = Record<string, unknown>;

/**
 * Answers for the provider functions the programs call. Anything else throws: a program that starts
 * calling a new function must get a fixture here, never a made-up default.
 */
export const CALL_FIXTURES: Record<string, (inputs: Inputs) => Record<string, unknown>> = {
  'aws:index/getAvailabilityZones:getAvailabilityZones': () => ({
    id: MOCK_REGION,
    names: [...MOCK_ZONES],
    zoneIds: ['use1-az1', 'use1-az2', 'use1-az4'],
    groupNames: [MOCK_REGION],
  }),
  'aws:index/getCallerIdentity:getCallerIdentity': () => ({
    id: MOCK_ACCOUNT_ID,
    accountId: MOCK_ACCOUNT_ID,
    arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/synth`,
    userId: 'AIDASYNTHEXAMPLE',
  }),
  'aws:index/getRegion:getRegion': () => ({
    id: MOCK_REGION,
    name: MOCK_REGION,
    region: MOCK_REGION,
    description: 'US East (N. Virginia)',
    endpoint: `ec2.${MOCK_REGION}.amazonaws.com`,
  }),
  'aws:index/getPartition:getPartition': () => ({
    id: 'aws',
    partition: 'aws',
    dnsSuffix: 'amazonaws.com',
    reverseDnsPrefix: 'com.amazonaws',
  }),
};

/** A stable fake ID with the AWS prefix of the type, so synth output reads like the real thing. */
export function fakeId(prefix: string, seed: string): string {
  return `${prefix}${createHash('sha256').update(seed).digest('hex').slice(0, 17)}`;
}

const ID_PREFIXES: Record<string, string> = {
  'aws:ec2/vpc:Vpc': 'vpc-',
  'aws:ec2/subnet:Subnet': 'subnet-',
  'aws:ec2/securityGroup:SecurityGroup': 'sg-',
  'aws:ec2/defaultSecurityGroup:DefaultSecurityGroup': 'sg-',
  'aws:ec2/internetGateway:InternetGateway': 'igw-',
  'aws:ec2/natGateway:NatGateway': 'nat-',
  'aws:ec2/eip:Eip': 'eipalloc-',
  'aws:ec2/routeTable:RouteTable': 'rtb-',
  'aws:ec2/vpcEndpoint:VpcEndpoint': 'vpce-',
  'aws:ec2/flowLog:FlowLog': 'fl-',
  'aws:ec2/networkAcl:NetworkAcl': 'acl-',
  'aws:ec2/defaultNetworkAcl:DefaultNetworkAcl': 'acl-',
};

const arn = (service: string, resource: string, region = MOCK_REGION) =>
  `arn:aws:${service}:${region}:${MOCK_ACCOUNT_ID}:${resource}`;

/**
 * The attributes AWS computes on create that the programs read back (ARNs, endpoints, generated IDs).
 * Keyed by type token; each returns only what the provider would add to the inputs.
 */
export const COMPUTED_ATTRIBUTES: Record<string, (inputs: Inputs, id: string) => Inputs> = {
  'aws:kms/key:Key': (_i, id) => ({ arn: arn('kms', `key/${id}`), keyId: id }),
  'aws:kms/alias:Alias': (i) => ({ arn: arn('kms', String(i.name)) }),
  'aws:s3/bucket:Bucket': (i) => ({
    arn: `arn:aws:s3:::${String(i.bucket)}`,
    bucketDomainName: `${String(i.bucket)}.s3.amazonaws.com`,
    bucketRegionalDomainName: `${String(i.bucket)}.s3.${MOCK_REGION}.amazonaws.com`,
    region: MOCK_REGION,
  }),
  'aws:cloudwatch/logGroup:LogGroup': (i) => ({ arn: arn('logs', `log-group:${String(i.name)}`) }),
  'aws:iam/role:Role': (i) => ({
    arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${String(i.name)}`,
    uniqueId: fakeId('AROA', String(i.name)).toUpperCase(),
  }),
  'aws:iam/policy:Policy': (i) => ({
    arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:policy/${String(i.name)}`,
    policyId: fakeId('ANPA', String(i.name)).toUpperCase(),
  }),
  'aws:lambda/function:Function': (i) => ({
    arn: arn('lambda', `function:${String(i.name)}`),
    invokeArn: `arn:aws:apigateway:${MOCK_REGION}:lambda:path/2015-03-31/functions/${arn('lambda', `function:${String(i.name)}`)}/invocations`,
    qualifiedArn: arn('lambda', `function:${String(i.name)}:1`),
    version: '1',
  }),
  'aws:rds/cluster:Cluster': (i) => {
    const cluster = String(i.clusterIdentifier);
    return {
      arn: arn('rds', `cluster:${cluster}`),
      clusterResourceId: fakeId('cluster-', cluster).toUpperCase(),
      endpoint: `${cluster}.cluster-abcdefghijkl.${MOCK_REGION}.rds.amazonaws.com`,
      readerEndpoint: `${cluster}.cluster-ro-abcdefghijkl.${MOCK_REGION}.rds.amazonaws.com`,
      port: i.port ?? 5432,
      masterUserSecrets: i.manageMasterUserPassword
        ? [
            {
              secretArn: arn('secretsmanager', `secret:rds!cluster-${fakeId('', cluster)}-AbCdEf`),
              kmsKeyId: i.masterUserSecretKmsKeyId,
              secretStatus: 'active',
            },
          ]
        : [],
    };
  },
  'aws:rds/clusterInstance:ClusterInstance': (i) => ({
    arn: arn('rds', `db:${String(i.identifier)}`),
    endpoint: `${String(i.identifier)}.abcdefghijkl.${MOCK_REGION}.rds.amazonaws.com`,
  }),
  'aws:rds/subnetGroup:SubnetGroup': (i) => ({ arn: arn('rds', `subgrp:${String(i.name)}`) }),
  'aws:rds/clusterParameterGroup:ClusterParameterGroup': (i) => ({
    arn: arn('rds', `cluster-pg:${String(i.name)}`),
  }),
  'aws:rds/parameterGroup:ParameterGroup': (i) => ({ arn: arn('rds', `pg:${String(i.name)}`) }),
  'aws:sns/topic:Topic': (i) => ({ arn: arn('sns', String(i.name)) }),
  'aws:apigateway/restApi:RestApi': (_i, id) => ({
    rootResourceId: fakeId('', `${id}/root`).slice(0, 10),
    executionArn: arn('execute-api', id),
    arn: `arn:aws:apigateway:${MOCK_REGION}::/restapis/${id}`,
  }),
  'aws:apigateway/stage:Stage': (i) => ({
    invokeUrl: `https://${String(i.restApi)}.execute-api.${MOCK_REGION}.amazonaws.com/${String(i.stageName)}`,
    executionArn: arn('execute-api', `${String(i.restApi)}/${String(i.stageName)}`),
    arn: `arn:aws:apigateway:${MOCK_REGION}::/restapis/${String(i.restApi)}/stages/${String(i.stageName)}`,
  }),
  'aws:wafv2/webAcl:WebAcl': (i, id) => ({
    arn: arn('wafv2', `regional/webacl/${String(i.name)}/${id}`),
  }),
  'aws:ec2/vpc:Vpc': (_i, id) => ({
    arn: arn('ec2', `vpc/${id}`),
    defaultSecurityGroupId: fakeId('sg-', `${id}/default`),
    mainRouteTableId: fakeId('rtb-', `${id}/main`),
    defaultNetworkAclId: fakeId('acl-', `${id}/default`),
  }),
  'aws:ec2/subnet:Subnet': (_i, id) => ({ arn: arn('ec2', `subnet/${id}`) }),
  'aws:ec2/securityGroup:SecurityGroup': (_i, id) => ({ arn: arn('ec2', `security-group/${id}`) }),
  'aws:ec2/eip:Eip': (_i, id) => ({ publicIp: '198.51.100.10', allocationId: id }),
  'aws:cloudwatch/metricAlarm:MetricAlarm': (i) => ({ arn: arn('cloudwatch', `alarm:${String(i.name)}`) }),
  'aws:cloudwatch/dashboard:Dashboard': (i) => ({
    dashboardArn: `arn:aws:cloudwatch::${MOCK_ACCOUNT_ID}:dashboard/${String(i.dashboardName)}`,
  }),
};

/** The ID a mocked resource gets: AWS-shaped where the type has an ID prefix, else its physical name. */
export function mockId(type: string, name: string, inputs: Inputs): string {
  const prefix = ID_PREFIXES[type];
  if (prefix) return fakeId(prefix, `${type}::${name}`);
  for (const key of ['bucket', 'identifier', 'clusterIdentifier', 'functionName', 'name']) {
    const value = inputs[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return fakeId('', `${type}::${name}`);
}
