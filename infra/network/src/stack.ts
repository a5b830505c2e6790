import * as pulumi from '@pulumi/pulumi';
import type { StackExports } from '@payments/contracts';
import type { StackContext } from '@payments/stack';
import { AlarmTopic } from './components/alarm-topic';
import { Endpoints } from './components/endpoints';
import { FlowLogs } from './components/flow-logs';
import { NatAlarms } from './components/nat-alarms';
import { NetworkKey } from './components/network-key';
import { SecurityGroups } from './components/security-groups';
import { Vpc } from './components/vpc';

/** The environment's network: VPC, subnets, NAT, security groups, endpoints, flow logs and alarm topic. */
export function createNetworkStack(ctx: StackContext): StackExports<'network'> {
  const { namer, settings } = ctx;
  const { network, alarms } = settings;
  const opts = { provider: ctx.provider };
  // DESIGN-9: `protect` on the stateful resources, the key and the flow-log group (on in prod).
  const { protect } = settings;
  const flowLogGroupName = namer.physical('logGroup', 'vpc-flow-logs');

  const key = new NetworkKey(
    namer.logical('network-key'),
    { namer, region: settings.region, flowLogGroupName, protect },
    opts,
  );

  const vpc = new Vpc(
    namer.logical('network'),
    { namer, cidrBlock: network.vpcCidr, azCount: network.azCount, natStrategy: network.natStrategy },
    opts,
  );

  const groups = new SecurityGroups(
    namer.logical('security-groups'),
    { namer, vpcId: vpc.vpcId, vpcCidr: vpc.cidrBlock, databasePort: settings.database.port },
    opts,
  );

  new Endpoints(
    namer.logical('endpoints'),
    {
      namer,
      region: settings.region,
      vpcId: vpc.vpcId,
      gatewayRouteTableIds: [...vpc.privateRouteTableIds, vpc.isolatedRouteTableId],
      subnetIds: vpc.privateSubnetIds,
      securityGroupId: groups.endpointsSecurityGroupId,
      interfaceServices: network.interfaceEndpoints,
    },
    opts,
  );

  new FlowLogs(
    namer.logical('flow-logs'),
    {
      namer,
      region: settings.region,
      vpcId: vpc.vpcId,
      logGroupName: flowLogGroupName,
      kmsKeyArn: key.keyArn,
      retentionDays: network.flowLogRetentionDays,
      protect,
    },
    opts,
  );

  const topic = new AlarmTopic(
    namer.logical('alarm-topic'),
    { namer, region: settings.region, kmsKeyArn: key.keyArn, subscriptions: alarms.subscriptions },
    opts,
  );

  new NatAlarms(
    namer.logical('egress-alarms'),
    {
      namer,
      natGatewayIds: vpc.natGatewayIds,
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
