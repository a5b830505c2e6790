import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { Settings } from '@payments/config';
import { SUBNET_TIERS, subnetLayout, type SubnetTier } from '../cidr';

export type NatStrategy = Settings['network']['natStrategy'];

/** The `Name` tags of the VPC's resources. */
export interface VpcNames {
  vpc: string;
  internetGateway: string;
  /** One per AZ of each tier, in AZ order. */
  subnets: Readonly<Record<SubnetTier, readonly string[]>>;
  /** The public and isolated tables are shared by their tier; the private ones are one per AZ. */
  routeTables: { public: string; private: readonly string[]; isolated: string };
  /** One per NAT gateway (`natGatewayCount`): the gateway and its Elastic IP. */
  natGateways: readonly { gateway: string; eip: string }[];
  /** The VPC's default network ACL, which the component adopts (EC2.21). */
  defaultNetworkAcl: string;
}

export interface VpcArgs {
  names: VpcNames;
  /** The VPC range; subnets are carved from it by `subnetLayout`. */
  cidrBlock: string;
  /** How many AZs the subnets span: from config, so the resource count never waits on an apply. */
  azCount: number;
  natStrategy: NatStrategy;
}

/** The NAT gateway serving each AZ's private subnet: the first one when shared, else the AZ's own. */
export function natIndexes(strategy: NatStrategy, azCount: number): number[] {
  return Array.from({ length: azCount }, (_, az) => (strategy === 'single' ? 0 : az));
}

/** How many NAT gateways the strategy runs over `azCount` AZs. */
export function natGatewayCount(strategy: NatStrategy, azCount: number): number {
  return new Set(natIndexes(strategy, azCount)).size;
}

/** Throws unless `names` has one name per AZ and per NAT gateway: a missing name would be a missing tag. */
function checkNames(names: VpcNames, azCount: number, natCount: number): void {
  const counts: [string, number, number][] = [
    ...SUBNET_TIERS.map((tier): [string, number, number] => [
      `subnets.${tier}`,
      names.subnets[tier].length,
      azCount,
    ]),
    ['routeTables.private', names.routeTables.private.length, azCount],
    ['natGateways', names.natGateways.length, natCount],
  ];
  for (const [what, got, expected] of counts) {
    if (got !== expected) throw new Error(`Vpc names.${what} has ${got} names for ${expected} resources.`);
  }
}

/**
 * The VPC with public (internet gateway), private (NAT egress) and isolated (no route out) subnets in each
 * AZ, its NAT gateways and route tables.
 */
export class Vpc extends pulumi.ComponentResource {
  readonly vpcId: pulumi.Output<string>;
  readonly cidrBlock: pulumi.Output<string>;
  /** The AZ of each subnet index, in subnet order. */
  readonly availabilityZones: pulumi.Output<string[]>;
  readonly publicSubnetIds: pulumi.Output<string>[];
  readonly privateSubnetIds: pulumi.Output<string>[];
  readonly isolatedSubnetIds: pulumi.Output<string>[];
  readonly privateRouteTableIds: pulumi.Output<string>[];
  readonly isolatedRouteTableId: pulumi.Output<string>;
  readonly natGatewayIds: pulumi.Output<string>[];

  constructor(name: string, args: VpcArgs, opts?: pulumi.ComponentResourceOptions) {
    super('payments:network:Vpc', name, {}, opts);
    const { names, azCount } = args;
    const natCount = natGatewayCount(args.natStrategy, azCount);
    checkNames(names, azCount, natCount);
    const layout = subnetLayout(args.cidrBlock, azCount);
    const numbers = Array.from({ length: azCount }, (_, az) => az + 1);

    const vpc = new aws.ec2.Vpc(
      `${name}-vpc`,
      {
        cidrBlock: args.cidrBlock,
        enableDnsSupport: true,
        enableDnsHostnames: true,
        tags: { Name: names.vpc },
      },
      { parent: this },
    );

    const zones = aws.getAvailabilityZonesOutput(
      {
        state: 'available',
        // Local and Wavelength Zones are opt-in; subnets belong in the region's standard AZs.
        filters: [{ name: 'opt-in-status', values: ['opt-in-not-required'] }],
      },
      { parent: this },
    );
    const usedZones = zones.names.apply((names) => {
      if (names.length < azCount) {
        throw new Error(
          `network.azCount is ${azCount} but the region offers ${names.length} available AZs (${names.join(', ')}); lower network.azCount.`,
        );
      }
      return names.slice(0, azCount);
    });
    const zoneAt = (az: number) => usedZones.apply((names) => names[az] as string);

    const subnets = (tier: keyof typeof layout) =>
      numbers.map(
        (n, az) =>
          new aws.ec2.Subnet(
            `${name}-${tier}-subnet-${n}`,
            {
              vpcId: vpc.id,
              cidrBlock: layout[tier][az],
              availabilityZone: zoneAt(az),
              // Nothing here needs a public IP of its own; the NAT gateways get Elastic IPs (EC2.15).
              mapPublicIpOnLaunch: false,
              tags: { Name: names.subnets[tier][az] as string, Tier: tier },
            },
            { parent: this },
          ),
      );
    const publicSubnets = subnets('public');
    const privateSubnets = subnets('private');
    const isolatedSubnets = subnets('isolated');

    const igw = new aws.ec2.InternetGateway(
      `${name}-igw`,
      { vpcId: vpc.id, tags: { Name: names.internetGateway } },
      { parent: this },
    );

    const publicRoutes = new aws.ec2.RouteTable(
      `${name}-public-routes`,
      { vpcId: vpc.id, tags: { Name: names.routeTables.public } },
      { parent: this },
    );
    new aws.ec2.Route(
      `${name}-public-default-route`,
      { routeTableId: publicRoutes.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id },
      { parent: this },
    );
    this.associate(name, 'public', publicSubnets, () => publicRoutes);

    const natGateways = numbers.slice(0, natCount).map((n, az) => {
      const natNames = names.natGateways[az]!;
      const eip = new aws.ec2.Eip(
        `${name}-nat-eip-${n}`,
        { domain: 'vpc', tags: { Name: natNames.eip } },
        { parent: this },
      );
      return new aws.ec2.NatGateway(
        `${name}-nat-${n}`,
        {
          allocationId: eip.allocationId,
          subnetId: publicSubnets[az]!.id,
          connectivityType: 'public',
          tags: { Name: natNames.gateway },
        },
        // A NAT gateway cannot reach the internet before the VPC has its gateway.
        { parent: this, dependsOn: [igw] },
      );
    });

    const natFor = natIndexes(args.natStrategy, azCount);
    const privateRoutes = numbers.map((n, az) => {
      const table = new aws.ec2.RouteTable(
        `${name}-private-routes-${n}`,
        { vpcId: vpc.id, tags: { Name: names.routeTables.private[az] as string } },
        { parent: this },
      );
      new aws.ec2.Route(
        `${name}-private-default-route-${n}`,
        {
          routeTableId: table.id,
          destinationCidrBlock: '0.0.0.0/0',
          natGatewayId: natGateways[natFor[az]!]!.id,
        },
        { parent: this },
      );
      return table;
    });
    this.associate(name, 'private', privateSubnets, (az) => privateRoutes[az]!);

    // No route out: only the VPC's local route (and the S3 gateway endpoint the Endpoints component adds).
    const isolatedRoutes = new aws.ec2.RouteTable(
      `${name}-isolated-routes`,
      { vpcId: vpc.id, tags: { Name: names.routeTables.isolated } },
      { parent: this },
    );
    this.associate(name, 'isolated', isolatedSubnets, () => isolatedRoutes);

    // AWS's default ACL allows all traffic in, ports 22 and 3389 from anywhere included (EC2.21). Adopted, it
    // allows the VPC's own traffic and the internet's answers (TCP ephemeral ports, which NAT gateways use from
    // 1024) to connections made from inside; 3389 is left out of that range, 22 is below it. Security groups stay
    // the real boundary; this is the second line. Every subnet is listed: AWS puts new subnets in the default
    // ACL, and an unlisted one would show as a change to remove it.
    const openRange = (ruleNo: number, fromPort: number, toPort: number) => ({
      ruleNo,
      action: 'allow',
      protocol: 'tcp',
      cidrBlock: '0.0.0.0/0',
      fromPort,
      toPort,
    });
    new aws.ec2.DefaultNetworkAcl(
      `${name}-default-acl`,
      {
        defaultNetworkAclId: vpc.defaultNetworkAclId,
        subnetIds: [...publicSubnets, ...privateSubnets, ...isolatedSubnets].map((s) => s.id),
        ingress: [
          { ruleNo: 100, action: 'allow', protocol: '-1', cidrBlock: args.cidrBlock, fromPort: 0, toPort: 0 },
          openRange(110, 1024, 3388),
          openRange(120, 3390, 65535),
        ],
        egress: [
          { ruleNo: 100, action: 'allow', protocol: '-1', cidrBlock: '0.0.0.0/0', fromPort: 0, toPort: 0 },
        ],
        tags: { Name: names.defaultNetworkAcl },
      },
      { parent: this },
    );

    this.vpcId = vpc.id;
    this.cidrBlock = vpc.cidrBlock;
    this.availabilityZones = usedZones;
    this.publicSubnetIds = publicSubnets.map((s) => s.id);
    this.privateSubnetIds = privateSubnets.map((s) => s.id);
    this.isolatedSubnetIds = isolatedSubnets.map((s) => s.id);
    this.privateRouteTableIds = privateRoutes.map((t) => t.id);
    this.isolatedRouteTableId = isolatedRoutes.id;
    this.natGatewayIds = natGateways.map((g) => g.id);
    this.registerOutputs({
      vpcId: this.vpcId,
      cidrBlock: this.cidrBlock,
      availabilityZones: this.availabilityZones,
      publicSubnetIds: this.publicSubnetIds,
      privateSubnetIds: this.privateSubnetIds,
      isolatedSubnetIds: this.isolatedSubnetIds,
      privateRouteTableIds: this.privateRouteTableIds,
      isolatedRouteTableId: this.isolatedRouteTableId,
      natGatewayIds: this.natGatewayIds,
    });
  }

  private associate(
    name: string,
    tier: string,
    subnets: aws.ec2.Subnet[],
    table: (az: number) => aws.ec2.RouteTable,
  ): void {
    subnets.forEach(
      (subnet, az) =>
        new aws.ec2.RouteTableAssociation(
          `${name}-${tier}-subnet-${az + 1}-routes`,
          { subnetId: subnet.id, routeTableId: table(az).id },
          { parent: this },
        ),
    );
  }
}
