import {
  DEFAULT_VPC_CIDRS,
  ENVIRONMENTS,
  cidrsOverlap,
  loadSettings,
  type Environment,
  type Settings,
} from '@payments/config';
import { contractViolations, upstreamFixtures } from '@payments/contracts';
import { createStackContext, keyPolicyProblems, type KeyPolicyDocument } from '@payments/stack';
import { environmentTokens, idPrefixOf } from '@payments/naming';
import { MOCK_ACCOUNTS, MOCK_ZONES, runStack, type StackResource, type StackRun } from '@payments/mocks';
import { subscriptionName } from './components/alarm-topic';
import { createNetworkStack } from './stack';
import { AWS } from '@payments/aws-types';

const T = {
  vpc: AWS.ec2Vpc,
  subnet: AWS.ec2Subnet,
  igw: AWS.ec2InternetGateway,
  eip: AWS.ec2Eip,
  nat: AWS.ec2NatGateway,
  routeTable: AWS.ec2RouteTable,
  route: AWS.ec2Route,
  association: AWS.ec2RouteTableAssociation,
  defaultSg: AWS.ec2DefaultSecurityGroup,
  defaultAcl: AWS.ec2DefaultNetworkAcl,
  sg: AWS.ec2SecurityGroup,
  ingress: AWS.vpcSecurityGroupIngressRule,
  egress: AWS.vpcSecurityGroupEgressRule,
  endpoint: AWS.ec2VpcEndpoint,
  key: AWS.kmsKey,
  alias: AWS.kmsAlias,
  logGroup: AWS.cloudwatchLogGroup,
  role: AWS.iamRole,
  rolePolicy: AWS.iamRolePolicy,
  flowLog: AWS.ec2FlowLog,
  topic: AWS.snsTopic,
  topicPolicy: AWS.snsTopicPolicy,
  subscription: AWS.snsTopicSubscription,
  alarm: AWS.cloudwatchMetricAlarm,
} as const;

/** Resource types that carry a `Name` tag from the namer. */
const NAME_TAGGED = [
  T.vpc,
  T.subnet,
  T.igw,
  T.eip,
  T.nat,
  T.routeTable,
  T.endpoint,
  T.defaultSg,
  T.sg,
  T.flowLog,
  T.key,
];

interface Run extends StackRun {
  settings: Settings;
}

async function run(env: Environment, overrides?: unknown): Promise<Run> {
  const settings = loadSettings(env, overrides);
  const result = await runStack({
    project: 'payments-network',
    stack: env,
    program: () => createNetworkStack(createStackContext('network', settings)),
    stackOutputs: upstreamFixtures('network', env, 'organization'),
  });
  return { ...result, settings };
}

const tags = (res: StackResource) => (res.inputs.tags ?? {}) as Record<string, string>;
const numbers = (count: number) => Array.from({ length: count }, (_, i) => i + 1);

// docs/design.md "Environments": AZs / NAT, flow-log retention; interface endpoints from packages/config (none in dev,
// whose AWS API calls go through its NAT to keep it under its cost goal).
const EXPECTED: Record<Environment, { azs: number; nats: number; retention: number; endpoints: string[] }> = {
  dev: { azs: 2, nats: 1, retention: 7, endpoints: [] },
  staging: { azs: 2, nats: 1, retention: 30, endpoints: ['secretsmanager', 'kms', 'logs'] },
  prod: { azs: 3, nats: 3, retention: 365, endpoints: ['secretsmanager', 'kms', 'logs'] },
};

/** Where prod's alarms go: prod refuses to load without one (DESIGN-12), as in infra/network/Pulumi.prod.yaml. */
const PROD_SUBSCRIPTIONS = [{ protocol: 'email', endpoint: 'payments-oncall@yourcompany.com' }];

/** One program run under mocks (three AZs: 60-odd resources) exceeds Jest's 5 s on a loaded 2-core machine. */
const STACK_RUN_TIMEOUT_MS = 60_000;

describe.each(ENVIRONMENTS)('the %s network stack', (env) => {
  const expected = EXPECTED[env];
  const account = MOCK_ACCOUNTS[env];
  let r: Run;
  beforeAll(async () => {
    r = await run(env, env === 'prod' ? { alarms: { subscriptions: PROD_SUBSCRIPTIONS } } : undefined);
  }, STACK_RUN_TIMEOUT_MS);

  describe('exports', () => {
    it('satisfy the network contract and contain no secret', () => {
      expect(contractViolations('network', r.outputs)).toEqual([]);
      expect(r.secretOutputs).toEqual([]);
    });

    it('list the AZs, subnets and NAT gateways in subnet order', () => {
      const id = (type: string, name: string) => r.named(type, name).id;
      const subnetIds = (tier: string) =>
        numbers(expected.azs).map((n) => id(T.subnet, `network-${tier}-subnet-${n}`));
      expect(r.outputs).toMatchObject({
        vpcId: id(T.vpc, 'network-vpc'),
        vpcCidr: DEFAULT_VPC_CIDRS[env],
        availabilityZones: MOCK_ZONES.slice(0, expected.azs),
        publicSubnetIds: subnetIds('public'),
        privateSubnetIds: subnetIds('private'),
        isolatedSubnetIds: subnetIds('isolated'),
        lambdaSecurityGroupId: id(T.sg, 'security-groups-lambda'),
        databaseSecurityGroupId: id(T.sg, 'security-groups-database'),
        natGatewayIds: numbers(expected.nats).map((n) => id(T.nat, `network-nat-${n}`)),
        alarmTopicArn: `arn:aws:sns:us-east-1:${account}:payments-${env}-alarms`,
      });
    });
  });

  describe('VPC and subnets', () => {
    it('gives the VPC its environment CIDR, which overlaps no other environment, with DNS on', () => {
      expect(r.named(T.vpc, 'network-vpc').inputs).toMatchObject({
        cidrBlock: DEFAULT_VPC_CIDRS[env],
        enableDnsSupport: true,
        enableDnsHostnames: true,
      });
      for (const other of ENVIRONMENTS.filter((e) => e !== env)) {
        expect(cidrsOverlap(DEFAULT_VPC_CIDRS[env], DEFAULT_VPC_CIDRS[other])).toBe(false);
      }
    });

    it(`spreads public, private and isolated subnets over ${expected.azs} AZs without overlap`, () => {
      const subnets = r.ofType(T.subnet);
      expect(subnets).toHaveLength(3 * expected.azs);
      for (const tier of ['public', 'private', 'isolated']) {
        const zones = numbers(expected.azs).map(
          (n) => r.named(T.subnet, `network-${tier}-subnet-${n}`).inputs.availabilityZone,
        );
        expect(zones).toEqual(MOCK_ZONES.slice(0, expected.azs));
      }
      const cidrs = subnets.map((s) => String(s.inputs.cidrBlock));
      for (const [i, cidr] of cidrs.entries()) {
        expect(cidrsOverlap(cidr, DEFAULT_VPC_CIDRS[env])).toBe(true);
        for (const other of cidrs.slice(i + 1)) expect(cidrsOverlap(cidr, other)).toBe(false);
      }
      expect(subnets.every((s) => s.inputs.mapPublicIpOnLaunch === false)).toBe(true);
    });

    it('takes the AZ names from the available standard zones of the region', () => {
      const calls = r.mocks.calls.filter(
        (c) => c.token === 'aws:index/getAvailabilityZones:getAvailabilityZones',
      );
      expect(calls).toHaveLength(1);
      expect(calls[0]?.inputs).toMatchObject({ state: 'available' });
      // The account and partition come from the stack context, looked up once for every component.
      expect(r.mocks.calls.map((c) => c.token).sort()).toEqual([
        'aws:index/getAvailabilityZones:getAvailabilityZones',
        'aws:index/getCallerIdentity:getCallerIdentity',
        'aws:index/getPartition:getPartition',
      ]);
    });
  });

  describe('gateways and routes', () => {
    const routesOf = (table: StackResource) =>
      r.ofType(T.route).filter((x) => x.inputs.routeTableId === table.id);
    const tableOf = (subnet: StackResource) =>
      r
        .ofType(T.association)
        .filter((a) => a.inputs.subnetId === subnet.id)
        .map((a) => a.inputs.routeTableId);

    it('routes the public subnets to the internet gateway', () => {
      const igw = r.named(T.igw, 'network-igw');
      const table = r.named(T.routeTable, 'network-public-routes');
      expect(routesOf(table).map((x) => x.inputs)).toEqual([
        { routeTableId: table.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id },
      ]);
      for (const n of numbers(expected.azs)) {
        expect(tableOf(r.named(T.subnet, `network-public-subnet-${n}`))).toEqual([table.id]);
      }
    });

    it(`runs ${expected.nats} NAT gateway(s), each with its own Elastic IP in a public subnet`, () => {
      const nats = r.ofType(T.nat);
      expect(nats).toHaveLength(expected.nats);
      expect(r.ofType(T.eip)).toHaveLength(expected.nats);
      for (const n of numbers(expected.nats)) {
        const eip = r.named(T.eip, `network-nat-eip-${n}`);
        expect(eip.inputs.domain).toBe('vpc');
        expect(r.named(T.nat, `network-nat-${n}`).inputs).toMatchObject({
          allocationId: eip.id,
          subnetId: r.named(T.subnet, `network-public-subnet-${n}`).id,
          connectivityType: 'public',
        });
      }
    });

    it('routes each private subnet to its NAT gateway: the shared one, or its own AZ', () => {
      for (const n of numbers(expected.azs)) {
        const table = r.named(T.routeTable, `network-private-routes-${n}`);
        const nat = r.named(T.nat, `network-nat-${expected.nats === 1 ? 1 : n}`);
        expect(routesOf(table).map((x) => x.inputs)).toEqual([
          { routeTableId: table.id, destinationCidrBlock: '0.0.0.0/0', natGatewayId: nat.id },
        ]);
        expect(tableOf(r.named(T.subnet, `network-private-subnet-${n}`))).toEqual([table.id]);
      }
    });

    it('gives the isolated subnets no route out of the VPC', () => {
      const table = r.named(T.routeTable, 'network-isolated-routes');
      expect(routesOf(table)).toEqual([]);
      for (const n of numbers(expected.azs)) {
        expect(tableOf(r.named(T.subnet, `network-isolated-subnet-${n}`))).toEqual([table.id]);
      }
    });
  });

  describe('security groups', () => {
    const sg = (name: string) => r.named(T.sg, `security-groups-${name}`).id;
    const rules = (type: string, group: string) =>
      r
        .ofType(type)
        .filter((rule) => rule.inputs.securityGroupId === sg(group))
        .map(({ inputs: { description: _d, securityGroupId: _s, ...rule } }) => rule);

    it('closes the default security group (EC2.2)', () => {
      const [closed, ...more] = r.ofType(T.defaultSg);
      expect(more).toEqual([]);
      expect(closed?.inputs.vpcId).toBe(r.named(T.vpc, 'network-vpc').id);
      expect(closed?.inputs.ingress ?? []).toEqual([]);
      expect(closed?.inputs.egress ?? []).toEqual([]);
    });

    it('adopts the default network ACL: the VPC and return traffic in, never 22 or 3389 from anywhere (EC2.21)', () => {
      const acl = r.only(T.defaultAcl);
      // The VPC's own default ACL (vpc.defaultNetworkAclId, an output the mocks give an acl- ID).
      expect(acl.inputs.defaultNetworkAclId).toMatch(/^acl-/);
      expect(acl.dependsOn).toContain(r.named(T.vpc, 'network-vpc').urn);
      // Every subnet, so none shows as a change to remove it from the default ACL.
      expect([...(acl.inputs.subnetIds as string[])].sort()).toEqual(
        r
          .ofType(T.subnet)
          .map((s) => s.id)
          .sort(),
      );
      const vpcCidr = r.settings.network.vpcCidr;
      expect(acl.inputs.ingress).toEqual([
        { ruleNo: 100, action: 'allow', protocol: '-1', cidrBlock: vpcCidr, fromPort: 0, toPort: 0 },
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
      ]);
      expect(acl.inputs.egress).toEqual([
        { ruleNo: 100, action: 'allow', protocol: '-1', cidrBlock: '0.0.0.0/0', fromPort: 0, toPort: 0 },
      ]);
    });

    it('keeps every rule out of the groups themselves and admits nothing from 0.0.0.0/0 (EC2.18/19)', () => {
      for (const group of r.ofType(T.sg)) {
        expect(group.inputs.ingress ?? []).toEqual([]);
        expect(group.inputs.egress ?? []).toEqual([]);
      }
      for (const rule of r.ofType(T.ingress)) {
        expect(rule.inputs.cidrIpv4).not.toBe('0.0.0.0/0');
        expect(rule.inputs.cidrIpv6).toBeUndefined();
      }
    });

    it('lets the Lambda functions out on HTTPS and PostgreSQL to the database only, and nothing in', () => {
      expect(rules(T.ingress, 'lambda')).toEqual([]);
      expect(rules(T.egress, 'lambda')).toEqual([
        { ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv4: '0.0.0.0/0' },
        { ipProtocol: 'tcp', fromPort: 5432, toPort: 5432, referencedSecurityGroupId: sg('database') },
      ]);
    });

    it('admits PostgreSQL to the database from the Lambda group only', () => {
      expect(rules(T.ingress, 'database')).toEqual([
        { ipProtocol: 'tcp', fromPort: 5432, toPort: 5432, referencedSecurityGroupId: sg('lambda') },
      ]);
      expect(rules(T.egress, 'database')).toEqual([]);
    });

    it('admits HTTPS to the interface endpoints from the VPC range only', () => {
      expect(rules(T.ingress, 'vpc-endpoints')).toEqual([
        { ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv4: DEFAULT_VPC_CIDRS[env] },
      ]);
      expect(rules(T.egress, 'vpc-endpoints')).toEqual([]);
    });
  });

  describe('VPC endpoints', () => {
    it('puts the S3 gateway endpoint on the private and isolated route tables only', () => {
      const tables = [
        ...numbers(expected.azs).map((n) => r.named(T.routeTable, `network-private-routes-${n}`).id),
        r.named(T.routeTable, 'network-isolated-routes').id,
      ];
      expect(r.named(T.endpoint, 'endpoints-s3').inputs).toMatchObject({
        serviceName: 'com.amazonaws.us-east-1.s3',
        vpcEndpointType: 'Gateway',
        routeTableIds: tables,
      });
    });

    it('creates the configured private-DNS interface endpoints (none in dev)', () => {
      const privateSubnets = numbers(expected.azs).map(
        (n) => r.named(T.subnet, `network-private-subnet-${n}`).id,
      );
      const interfaces = r.ofType(T.endpoint).filter((e) => e.inputs.vpcEndpointType === 'Interface');
      expect(interfaces.map((e) => e.inputs.serviceName)).toEqual(
        expected.endpoints.map((s) => `com.amazonaws.us-east-1.${s}`),
      );
      for (const endpoint of interfaces) {
        expect(endpoint.inputs).toMatchObject({
          privateDnsEnabled: true,
          subnetIds: privateSubnets,
          securityGroupIds: [r.named(T.sg, 'security-groups-vpc-endpoints').id],
        });
      }
    });
  });

  describe('KMS key', () => {
    it('rotates, carries its alias, and in prod only is protected and waits 30 days before deletion', () => {
      const key = r.named(T.key, 'network-key-key');
      expect(key.inputs).toMatchObject({
        enableKeyRotation: true,
        rotationPeriodInDays: 365,
        deletionWindowInDays: env === 'prod' ? 30 : 7,
      });
      expect(r.named(T.alias, 'network-key-alias').inputs).toEqual({
        name: `alias/payments-${env}-network`,
        targetKeyId: key.id,
      });
      expect(key.protect).toBe(env === 'prod');
      // Created by the shared component, which keeps the key's place from its former NetworkKey component.
      expect(r.named('payments:kms:CustomerManagedKey', 'network-key').aliases).toEqual([
        { type: 'payments:network:NetworkKey' },
      ]);
    });

    it('lets CloudWatch Logs use it for the flow-log group only, and the alarms and the account publish', () => {
      const policy = r.json<KeyPolicyDocument>(r.named(T.key, 'network-key-key'));
      expect(keyPolicyProblems(policy, account)).toEqual([]);
      const bySid = Object.fromEntries(policy.Statement.map((s) => [s.Sid, s]));
      expect(Object.keys(bySid)).toEqual([
        'AccountAdministersKey',
        'CloudWatchLogsEncryptsLogGroups',
        'CloudWatchAlarmsPublishToTopic',
        'SnsUsesKey',
      ]);
      expect(bySid.CloudWatchLogsEncryptsLogGroups?.Condition).toEqual({
        ArnEquals: {
          'kms:EncryptionContext:aws:logs:arn': [
            `arn:aws:logs:us-east-1:${account}:log-group:payments-${env}-vpc-flow-logs`,
          ],
        },
      });
      expect(bySid.SnsUsesKey?.Condition).toEqual({
        StringEquals: { 'kms:ViaService': 'sns.us-east-1.amazonaws.com' },
      });
    });
  });

  describe('flow logs (EC2.6)', () => {
    it(`records ALL traffic to an encrypted log group kept ${expected.retention} days`, () => {
      const group = r.named(T.logGroup, 'flow-logs-log-group');
      const key = r.named(T.key, 'network-key-key');
      expect(group.inputs).toEqual({
        name: `payments-${env}-vpc-flow-logs`,
        retentionInDays: expected.retention,
        kmsKeyId: `arn:aws:kms:us-east-1:${account}:key/${key.id}`,
      });
      const flowLog = r.named(T.flowLog, 'flow-logs-vpc');
      expect(flowLog.inputs).toMatchObject({
        vpcId: r.named(T.vpc, 'network-vpc').id,
        trafficType: 'ALL',
        logDestinationType: 'cloud-watch-logs',
        logDestination: `arn:aws:logs:us-east-1:${account}:log-group:payments-${env}-vpc-flow-logs`,
        iamRoleArn: `arn:aws:iam::${account}:role/payments-${env}-vpc-flow-logs`,
      });
      expect(flowLog.dependsOn).toContain(r.named(T.rolePolicy, 'flow-logs-delivery').urn);
      expect(group.protect).toBe(env === 'prod');
    });

    it("delivers through a role only this account's flow logs can assume", () => {
      expect(r.json(r.named(T.role, 'flow-logs-role'), 'assumeRolePolicy')).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: {
              StringEquals: { 'aws:SourceAccount': account },
              ArnLike: { 'aws:SourceArn': `arn:aws:ec2:us-east-1:${account}:vpc-flow-log/*` },
            },
          },
        ],
      });
    });

    it('grants the role exactly the log-delivery actions on its log group', () => {
      const groupArn = `arn:aws:logs:us-east-1:${account}:log-group:payments-${env}-vpc-flow-logs`;
      const rolePolicies = r.ofType(T.rolePolicy);
      expect(rolePolicies.map((p) => p.name)).toEqual(['flow-logs-delivery']);
      expect(rolePolicies[0]?.inputs.role).toBe(`payments-${env}-vpc-flow-logs`);
      expect(r.json(rolePolicies[0]!)).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
            Resource: [groupArn, `${groupArn}:*`],
          },
        ],
      });
      expect(
        r.resources.filter(
          (x) => x.type.startsWith('aws:iam/') && x.type !== T.role && x.type !== T.rolePolicy,
        ),
      ).toEqual([]);
    });
  });

  describe('alarms', () => {
    it('encrypts the alarm topic with the network key and lets only this account’s alarms publish', () => {
      const topic = r.named(T.topic, 'alarm-topic-topic');
      const key = r.named(T.key, 'network-key-key');
      expect(topic.inputs).toEqual({
        name: `payments-${env}-alarms`,
        kmsMasterKeyId: `arn:aws:kms:us-east-1:${account}:key/${key.id}`,
      });
      const topicArn = `arn:aws:sns:us-east-1:${account}:payments-${env}-alarms`;
      const topicPolicy = r.named(T.topicPolicy, 'alarm-topic-policy');
      expect(topicPolicy.inputs.arn).toBe(topicArn);
      expect(r.json(topicPolicy).Statement).toEqual([
        {
          // AwsSolutions-SNS3: publishers use TLS.
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
          Condition: {
            StringEquals: { 'aws:SourceAccount': account },
            ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:us-east-1:${account}:alarm:*` },
          },
        },
      ]);
    });

    it(
      env === 'prod'
        ? 'subscribes the configured endpoints to the alarm topic'
        : 'subscribes nothing by default: dev and staging may go without (synth says so)',
      () => {
        expect(r.ofType(T.subscription).map((s) => s.inputs)).toEqual(
          (env === 'prod' ? PROD_SUBSCRIPTIONS : []).map(({ protocol, endpoint }) => ({
            topic: r.outputs.alarmTopicArn,
            protocol,
            endpoint,
          })),
        );
      },
    );

    it('watches port allocation errors and dropped packets on every NAT gateway', () => {
      const { natErrorPackets, evaluationPeriods } = r.settings.alarms;
      const alarms = r.ofType(T.alarm);
      expect(alarms).toHaveLength(2 * expected.nats);
      for (const n of numbers(expected.nats)) {
        const natId = r.named(T.nat, `network-nat-${n}`).id;
        for (const [metricName, component] of [
          ['ErrorPortAllocation', 'error-port-allocation'],
          ['PacketsDropCount', 'packets-dropped'],
        ]) {
          expect(r.named(T.alarm, `egress-alarms-nat-${n}-${component}`).inputs).toMatchObject({
            name: `payments-${env}-nat-${n}-${component}`,
            namespace: 'AWS/NATGateway',
            metricName,
            dimensions: { NatGatewayId: natId },
            statistic: 'Sum',
            threshold: natErrorPackets,
            evaluationPeriods,
            comparisonOperator: 'GreaterThanThreshold',
            alarmActions: [r.outputs.alarmTopicArn],
            okActions: [r.outputs.alarmTopicArn],
          });
        }
      }
    });
  });

  describe('names, providers and structure', () => {
    const aws = () => r.awsResources();

    it(`names and Name-tags everything for ${env} only, never like an AWS ID`, () => {
      for (const type of NAME_TAGGED) {
        for (const res of r.ofType(type)) expect(tags(res).Name).toMatch(new RegExp(`^payments-${env}-`));
      }
      const names = aws().flatMap((x) =>
        [x.inputs.name, tags(x).Name].filter((n): n is string => typeof n === 'string'),
      );
      expect(names.length).toBeGreaterThan(30);
      for (const name of names) {
        expect({ name, envs: environmentTokens(name) }).toEqual({ name, envs: [env] });
        expect({ name, prefix: idPrefixOf(name.replace(/^alias\//, '')) }).toEqual({
          name,
          prefix: undefined,
        });
      }
      for (const res of r.resources) {
        expect({ name: res.name, envs: environmentTokens(res.name) }).toEqual({ name: res.name, envs: [] });
        expect({ name: res.name, prefix: idPrefixOf(res.name) }).toEqual({
          name: res.name,
          prefix: undefined,
        });
      }
    });

    it('creates every AWS resource through the stack provider, inside a network component or its key', () => {
      const provider = r.resources.find((x) => x.type === 'pulumi:providers:aws');
      const components = r.resources.filter((x) => x.type.startsWith('payments:network:'));
      expect(components.map((c) => c.type).sort()).toEqual(
        ['AlarmTopic', 'Endpoints', 'FlowLogs', 'NatAlarms', 'SecurityGroups', 'Vpc'].map(
          (t) => `payments:network:${t}`,
        ),
      );
      const key = r.named('payments:kms:CustomerManagedKey', 'network-key');
      for (const res of aws()) {
        // A provider reference is `<provider urn>::<provider id>`.
        expect({ res: res.name, explicit: res.provider?.startsWith(`${provider?.urn}::`) }).toEqual({
          res: res.name,
          explicit: true,
        });
        expect([...components, key].map((c) => c.urn)).toContain(res.parent);
        expect(res.type).not.toMatch(/V2$/);
      }
    });
  });
});

describe('the network stack with overrides', () => {
  let r: Run;
  beforeAll(async () => {
    r = await run('dev', {
      network: { azCount: 3, natStrategy: 'one-per-az', interfaceEndpoints: ['secretsmanager', 'ecr.api'] },
      alarms: {
        subscriptions: [
          { protocol: 'email', endpoint: 'payments-oncall@yourcompany.com' },
          { protocol: 'https', endpoint: 'https://events.incidents.example/integration/sns' },
          { protocol: 'sqs', endpoint: 'arn:aws:sqs:us-east-1:111122223333:payments-alarms' },
        ],
      },
    });
  }, STACK_RUN_TIMEOUT_MS);

  it('follows azCount and natStrategy from config', () => {
    expect(r.outputs.availabilityZones).toEqual([...MOCK_ZONES]);
    expect(r.ofType(T.nat)).toHaveLength(3);
    expect(r.ofType(T.alarm)).toHaveLength(6);
  });

  it('creates exactly the configured interface endpoints, named after their service', () => {
    const interfaces = r.ofType(T.endpoint).filter((e) => e.inputs.vpcEndpointType === 'Interface');
    expect(interfaces.map((e) => tags(e).Name)).toEqual([
      'payments-dev-secretsmanager-endpoint',
      'payments-dev-ecr-api-endpoint',
    ]);
  });

  it('subscribes every configured endpoint to the alarm topic, named by protocol and endpoint', () => {
    const { subscriptions } = r.settings.alarms;
    expect(r.ofType(T.subscription).map((s) => [s.name, s.inputs])).toEqual(
      subscriptions.map((sub) => [
        subscriptionName('alarm-topic', sub),
        { topic: r.outputs.alarmTopicArn, protocol: sub.protocol, endpoint: sub.endpoint },
      ]),
    );
    // Stable under reordering: the name does not depend on the position.
    expect(subscriptionName('alarm-topic', subscriptions[1]!)).toMatch(/^alarm-topic-https-[0-9a-f]{8}$/);
  });
});

describe('the entry point', () => {
  // Each test loads the program afresh, @pulumi/aws included: seconds on a loaded 2-core machine.
  const LOAD_TIMEOUT_MS = 30_000;

  it(
    'refuses prod without an alarm subscription, naming the key (DESIGN-12)',
    async () => {
      await expect(
        runStack({
          project: 'payments-network',
          stack: 'prod',
          program: () => {
            let exported: unknown;
            jest.isolateModules(() => {
              // eslint-disable-next-line @typescript-eslint/no-require-imports
              exported = require('./index');
            });
            return exported as Record<string, unknown>;
          },
        }),
      ).rejects.toThrow(/alarms\.subscriptions: prod alarms must reach someone/);
    },
    LOAD_TIMEOUT_MS,
  );

  it(
    "builds the stack from its own stack's config, overrides included",
    async () => {
      const result = await runStack({
        project: 'payments-network',
        stack: 'staging',
        config: { 'payments:overrides': JSON.stringify({ network: { flowLogRetentionDays: 90 } }) },
        program: () => {
          let exported: unknown;
          jest.isolateModules(() => {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            exported = require('./index');
          });
          return exported as Record<string, unknown>;
        },
      });
      expect(contractViolations('network', result.outputs)).toEqual([]);
      expect(result.outputs.vpcCidr).toBe(DEFAULT_VPC_CIDRS.staging);
      const group = result.resources.find((x) => x.type === T.logGroup);
      expect(group?.inputs).toMatchObject({ name: 'payments-staging-vpc-flow-logs', retentionInDays: 90 });
    },
    LOAD_TIMEOUT_MS,
  );
});
