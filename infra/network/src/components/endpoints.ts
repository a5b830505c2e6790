import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { Settings } from '@payments/config';
import type { AwsAccount } from '@payments/stack';

export type InterfaceService = Settings['network']['interfaceEndpoints'][number];

/** An interface endpoint to create, with its `Name` tag. */
export interface InterfaceEndpoint {
  service: InterfaceService;
  name: string;
}

export interface EndpointsArgs {
  account: AwsAccount;
  vpcId: pulumi.Input<string>;
  /** Route tables that reach S3 through the gateway endpoint (private and isolated). */
  gatewayRouteTableIds: pulumi.Input<string>[];
  /** One subnet per AZ for the interface endpoints' network interfaces. */
  subnetIds: pulumi.Input<string>[];
  securityGroupId: pulumi.Input<string>;
  /** `Name` tag of the S3 gateway endpoint. */
  s3EndpointName: string;
  interfaceEndpoints: readonly InterfaceEndpoint[];
}

/** `ecr.api` -> `ecr-api`: a service as a name component. */
const slug = (service: string) => service.replace(/\./g, '-');

/** The name component of a service's endpoint, e.g. `ecr-api-endpoint`. */
export function endpointComponent(service: string): string {
  return `${slug(service)}-endpoint`;
}

/**
 * Private paths to AWS services: a free S3 gateway endpoint on the route tables, and interface endpoints
 * with private DNS, so the SDK's default host names resolve inside the VPC without NAT.
 */
export class Endpoints extends pulumi.ComponentResource {
  readonly s3EndpointId: pulumi.Output<string>;
  readonly interfaceEndpointIds: pulumi.Output<string>[];

  constructor(name: string, args: EndpointsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('payments:network:Endpoints', name, {}, opts);
    const { account } = args;
    const serviceName = (service: string) =>
      pulumi.interpolate`${account.reverseDnsPrefix}.${account.region}.${service}`;

    const s3 = new aws.ec2.VpcEndpoint(
      `${name}-s3`,
      {
        vpcId: args.vpcId,
        serviceName: serviceName('s3'),
        vpcEndpointType: 'Gateway',
        routeTableIds: args.gatewayRouteTableIds,
        tags: { Name: args.s3EndpointName },
      },
      { parent: this },
    );

    const endpoints = args.interfaceEndpoints.map(
      ({ service, name: endpointName }) =>
        new aws.ec2.VpcEndpoint(
          `${name}-${slug(service)}`,
          {
            vpcId: args.vpcId,
            serviceName: serviceName(service),
            vpcEndpointType: 'Interface',
            subnetIds: args.subnetIds,
            securityGroupIds: [args.securityGroupId],
            privateDnsEnabled: true,
            tags: { Name: endpointName },
          },
          { parent: this },
        ),
    );

    this.s3EndpointId = s3.id;
    this.interfaceEndpointIds = endpoints.map((e) => e.id);
    this.registerOutputs({
      s3EndpointId: this.s3EndpointId,
      interfaceEndpointIds: this.interfaceEndpointIds,
    });
  }
}
