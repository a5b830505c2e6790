import * as pulumi from '@pulumi/pulumi';
import type { Settings } from '@payments/config';
import type { StackExports } from '@payments/contracts';
import type { Namer, ResourceKind } from '@payments/naming';
import { CustomerManagedKey, type StackContext } from '@payments/stack';
import { SUBNET_TIERS } from './cidr';
import { AlarmTopic } from './components/alarm-topic';
import { Endpoints, endpointComponent } from './components/endpoints';
import { FlowLogs } from './components/flow-logs';
import { NAT_METRICS, NatAlarms, natAlarmComponent } from './components/nat-alarms';
import { SECURITY_GROUPS, SecurityGroups } from './components/security-groups';
import { Vpc, natGatewayCount, type VpcNames } from './components/vpc';

/** The environment's network: VPC, subnets, NAT, security groups, endpoints, flow logs and alarm topic. */
export function createNetworkStack(ctx: StackContext): StackExports<'network'> {
  const { namer, settings } = ctx;
  const { network, alarms } = settings;
  const opts = { provider: ctx.provider };
  // DESIGN-9: `protect` on the stateful resources, the key and the flow-log group (on in prod).
  const { protect } = settings;
  const flowLogGroupName = namer.physical('logGroup', 'vpc-flow-logs');

  // The network's own key (docs/design.md "Architecture"): the flow-log group and the alarm topic.
  const key = new CustomerManagedKey(
    namer.logical('network-key'),
    {
      keyName: namer.physical('kmsKey', 'network'),
      aliasName: namer.physical('kmsAlias', 'network'),
      description: 'Encrypts the VPC flow logs and the alarm topic of this environment',
      account: ctx.account,
      grants: [
        { service: 'logs', logGroups: [flowLogGroupName] },
        // The alarms publish to the encrypted topic; the account's principals may publish too (a test message).
        { service: 'cloudwatch' },
        { viaService: 'sns' },
      ],
      protect,
    },
    // Its component's type before the key component was shared: Pulumi moves the key instead of replacing it.
    { ...opts, aliases: [{ type: 'payments:network:NetworkKey' }] },
  );

  const vpc = new Vpc(
    namer.logical('network'),
    {
      names: vpcNames(namer, network),
      cidrBlock: network.vpcCidr,
      azCount: network.azCount,
      natStrategy: network.natStrategy,
    },
    opts,
  );

  const groups = new SecurityGroups(
    namer.logical('security-groups'),
    {
      names: byKey(SECURITY_GROUPS, (group) => namer.physical('securityGroup', group)),
      vpcId: vpc.vpcId,
      vpcCidr: vpc.cidrBlock,
      databasePort: settings.database.port,
    },
    opts,
  );

  new Endpoints(
    namer.logical('endpoints'),
    {
      account: ctx.account,
      vpcId: vpc.vpcId,
      gatewayRouteTableIds: [...vpc.privateRouteTableIds, vpc.isolatedRouteTableId],
      subnetIds: vpc.privateSubnetIds,
      securityGroupId: groups.endpointsSecurityGroupId,
      s3EndpointName: namer.physical('vpcEndpoint', endpointComponent('s3')),
      interfaceEndpoints: network.interfaceEndpoints.map((service) => ({
        service,
        name: namer.physical('vpcEndpoint', endpointComponent(service)),
      })),
    },
    opts,
  );

  new FlowLogs(
    namer.logical('flow-logs'),
    {
      account: ctx.account,
      vpcId: vpc.vpcId,
      logGroupName: flowLogGroupName,
      kmsKeyArn: key.arn,
      retentionDays: network.flowLogRetentionDays,
      protect,
      roleName: namer.physical('iamRole', 'vpc-flow-logs'),
      policyName: namer.physical('iamPolicy', 'vpc-flow-logs-delivery'),
      flowLogName: namer.physical('flowLog', 'vpc-flow-log'),
    },
    opts,
  );

  const topic = new AlarmTopic(
    namer.logical('alarm-topic'),
    {
      topicName: namer.physical('snsTopic', 'alarms'),
      account: ctx.account,
      kmsKeyArn: key.arn,
      subscriptions: alarms.subscriptions,
    },
    opts,
  );

  new NatAlarms(
    namer.logical('egress-alarms'),
    {
      natGateways: vpc.natGatewayIds.map((natGatewayId, i) => ({
        natGatewayId,
        alarmNames: byKey(
          NAT_METRICS.map((m) => m.metricName),
          (metric) => namer.physical('cloudwatchAlarm', natAlarmComponent(i + 1, metric)),
        ),
      })),
      alarmTopicArn: topic.topicArn,
      threshold: alarms.natErrorPackets,
      evaluationPeriods: alarms.evaluationPeriods,
    },
    opts,
  );

  return {
    vpcId: vpc.vpcId,
    vpcCidr: vpc.cidrBlock,
    availabilityZones: vpc.availabilityZones,
    publicSubnetIds: pulumi.all(vpc.publicSubnetIds),
    privateSubnetIds: pulumi.all(vpc.privateSubnetIds),
    isolatedSubnetIds: pulumi.all(vpc.isolatedSubnetIds),
    lambdaSecurityGroupId: groups.lambdaSecurityGroupId,
    databaseSecurityGroupId: groups.databaseSecurityGroupId,
    natGatewayIds: pulumi.all(vpc.natGatewayIds),
    alarmTopicArn: topic.topicArn,
  };
}

/** `{ [key]: make(key) }` for each key. */
function byKey<K extends string, V>(keys: readonly K[], make: (key: K) => V): Record<K, V> {
  return Object.fromEntries(keys.map((key) => [key, make(key)])) as Record<K, V>;
}

/** The `Name` tags of the VPC's resources: numbered by AZ (subnets, private routes) and by NAT gateway. */
function vpcNames(namer: Namer, network: Settings['network']): VpcNames {
  const numbered = (count: number, kind: ResourceKind, component: (n: number) => string) =>
    Array.from({ length: count }, (_, i) => namer.physical(kind, component(i + 1)));
  const azs = network.azCount;
  return {
    vpc: namer.physical('vpc', 'network'),
    internetGateway: namer.physical('internetGateway', 'igw'),
    subnets: byKey(SUBNET_TIERS, (tier) => numbered(azs, 'subnet', (n) => `${tier}-${n}`)),
    routeTables: {
      public: namer.physical('routeTable', 'public'),
      private: numbered(azs, 'routeTable', (n) => `private-${n}`),
      isolated: namer.physical('routeTable', 'isolated'),
    },
    natGateways: numbered(natGatewayCount(network.natStrategy, azs), 'natGateway', (n) => `nat-${n}`).map(
      (gateway, i) => ({ gateway, eip: namer.physical('eip', `nat-${i + 1}`) }),
    ),
    defaultNetworkAcl: namer.physical('vpc', 'default-acl'),
  };
}
