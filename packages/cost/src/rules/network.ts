import { AWS } from '@payments/aws-types';
import {
  arr,
  line,
  perUnit,
  plural,
  qty,
  str,
  type CostLine,
  type CostResource,
  type CostRule,
} from './rule';

/** NAT gateways and the data they process, public IPv4 addresses, VPC endpoints (interface ones per AZ). */
export const networkCosts: CostRule = {
  types: [AWS.ec2NatGateway, AWS.ec2Eip, AWS.ec2VpcEndpoint],
  estimate({ ofType, usage, price, unitPrice, prices }) {
    const hours = usage.hoursPerMonth;
    const lines: CostLine[] = [];
    const nats = ofType(AWS.ec2NatGateway).length;
    if (nats > 0) {
      lines.push(
        line(
          'NAT gateways',
          `${plural(nats, 'NAT gateway')} x ${qty(hours)} h x ${unitPrice('natGatewayHour')}/h`,
          nats * hours * price('natGatewayHour'),
        ),
        line(
          'NAT data processed',
          `${qty(usage.natGbPerMonth)} GB/month through NAT (assumed) x ${unitPrice('natGatewayGb')}/GB`,
          usage.natGbPerMonth * price('natGatewayGb'),
        ),
      );
    }
    const eips = ofType(AWS.ec2Eip).length;
    lines.push(
      ...perUnit(
        eips,
        'Public IPv4 addresses',
        `${plural(eips, 'Elastic IP')} x ${qty(hours)} h x ${unitPrice('publicIpv4Hour')}/h`,
        hours * price('publicIpv4Hour'),
      ),
    );
    const endpoints = ofType(AWS.ec2VpcEndpoint);
    const serviceOf = (r: CostResource) => {
      const name = str(r.inputs.serviceName) ?? r.name ?? '?';
      const region = `.${prices.region}.`;
      return name.includes(region) ? name.slice(name.indexOf(region) + region.length) : name;
    };
    const interfaces = endpoints.filter((e) => (str(e.inputs.vpcEndpointType) ?? 'Gateway') === 'Interface');
    if (interfaces.length > 0) {
      const azEndpoints = interfaces.reduce((n, e) => n + Math.max(1, arr(e.inputs.subnetIds).length), 0);
      lines.push(
        line(
          `Interface VPC endpoints (${interfaces.map(serviceOf).sort().join(', ')})`,
          `${plural(interfaces.length, 'endpoint')} in ${plural(azEndpoints, 'AZ-endpoint')} (one per subnet) x ${qty(hours)} h x ${unitPrice('interfaceEndpointAzHour')}/h`,
          azEndpoints * hours * price('interfaceEndpointAzHour'),
        ),
        line(
          'Interface endpoint data processed',
          `${qty(usage.endpointGbPerMonth)} GB/month through the endpoints (assumed) x ${unitPrice('interfaceEndpointGb')}/GB`,
          usage.endpointGbPerMonth * price('interfaceEndpointGb'),
        ),
      );
    }
    const gateways = endpoints.filter((e) => !interfaces.includes(e));
    if (gateways.length > 0) {
      lines.push(
        line(
          `Gateway VPC endpoints (${gateways.map(serviceOf).sort().join(', ')})`,
          'no charge for gateway endpoints',
          0,
        ),
      );
    }
    return lines;
  },
};
