import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { Settings } from '@payments/config';
import type { Namer, ResourceKind } from '@payments/naming';
import { subnetLayout } from '../cidr';

export type NatStrategy = Settings['network']['natStrategy'];

export interface VpcArgs {
  namer: Namer;
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
    const { namer, azCount } = args;
    const nameTag = (kind: ResourceKind, component: string) => ({
      Name: namer.physical(kind, component),
    });
    const layout = subnetLayout(args.cidrBlock, azCount);
    const numbers = Array.from({ length: azCount }, (_, az) => az + 1);

    const vpc = new aws.ec2.Vpc(
      `${name}-vpc`,
      {
        cidrBlock: args.cidrBlock,
        enableDnsSupport: true,
        enableDnsHostnames: true,
        tags: nameTag('vpc', 'network'),
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
              tags: { ...nameTag('subnet', `${tier}-${n}`), Tier: tier },
            },
            { parent: this },
          ),
      );
    const publicSubnets = subnets('public');
    const privateSubnets = subnets('private');
    const isolatedSubnets = subnets('isolated');

    const igw = new aws.ec2.InternetGateway(
      `${name}-igw`,
      { vpcId: vpc.id, tags: nameTag('internetGateway', 'igw') },
      { parent: this },
    );

    const publicRoutes = new aws.ec2.RouteTable(
      `${name}-public-routes`,
      { vpcId: vpc.id, tags: nameTag('routeTable', 'public') },
      { parent: this },
    );
    new aws.ec2.Route(
      `${name}-public-default-route`,
      { routeTableId: publicRoutes.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id },
      { parent: this },
    );
    this.associate(name, 'public', publicSubnets, () => publicRoutes);

    const natCount = new Set(natIndexes(args.natStrategy, azCount)).size;
    const natGateways = numbers.slice(0, natCount).map((n, az) => {
      const eip = new aws.ec2.Eip(
        `${name}-nat-eip-${n}`,
        { domain: 'vpc', tags: nameTag('eip', `nat-${n}`) },
        { parent: this },
      );
      return new aws.ec2.NatGateway(
        `${name}-nat-${n}`,
        {
          allocationId: eip.allocationId,
          subnetId: publicSubnets[az]!.id,
          connectivityType: 'public',
          tags: nameTag('natGateway', `nat-${n}`),
        },
        // A NAT gateway cannot reach the internet before the VPC has its gateway.
        { parent: this, dependsOn: [igw] },
      );
    });

    const natFor = natIndexes(args.natStrategy, azCount);
    const privateRoutes = numbers.map((n, az) => {
      const table = new aws.ec2.RouteTable(
        `${name}-private-routes-${n}`,
        { vpcId: vpc.id, tags: nameTag('routeTable', `private-${n}`) },
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
      { vpcId: vpc.id, tags: nameTag('routeTable', 'isolated') },
      { parent: this },
    );
    this.associate(name, 'isolated', isolatedSubnets, () => isolatedRoutes);

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
