import type * as aws from '@pulumi/aws';
import type { PolicyResource } from '@pulumi/policy';
import type { Unwrap } from '@pulumi/pulumi';
import { AWS } from '@payments/aws-types';
import { belongsTo, ofType, resourcePolicy, stackPolicy } from '../define';
import { list, record, text } from '../inspect';

// Routes, subnets, the default network ACL and security group hygiene (EC2.15, EC2.21; cdk-nag NIST/PCI
// VPCNoUnrestrictedRouteToIGW, VPCSubnetAutoAssignPublicIpDisabled, AwsSolutions-EC27; Checkov CKV_AWS_23/130/382,
// CKV2_AWS_35).

const ANYWHERE = ['0.0.0.0/0', '::/0'];

/** A subnet's tier, from the Tier tag the network stack gives every subnet (public, private, isolated). */
const tierOf = (subnet: PolicyResource): string | undefined => text(record(subnet.props.tags)?.Tier);

/** The subnets associated with a route table (their associations depend on both). */
function subnetsOf(resources: readonly PolicyResource[], table: PolicyResource): PolicyResource[] {
  const subnets = resources.filter((r) => r.type === AWS.ec2Subnet);
  return ofType(resources, AWS.ec2RouteTableAssociation)
    .filter(({ resource }) => belongsTo(resource, table))
    .flatMap(({ resource }) => subnets.filter((subnet) => belongsTo(resource, subnet)));
}

const tableLabel = (table: PolicyResource): string =>
  `route table '${text(record(table.props.tags)?.Name) ?? table.name}'`;

export const vpcInternetRouteOnlyPublic = stackPolicy({
  name: 'vpc-internet-route-only-public',
  description:
    'CKV2_AWS_35: a route to the internet gateway for 0.0.0.0/0 or ::/0 is only in a route table whose subnets are all public (Tier=public); private subnets reach out through NAT, isolated ones not at all.',
  validate: (args, report) => {
    const gateways = args.resources.filter((r) => r.type === AWS.ec2InternetGateway);
    const tables = args.resources.filter((r) => r.type === AWS.ec2RouteTable);
    for (const { resource: route, props } of ofType<Unwrap<aws.ec2.RouteArgs>>(
      args.resources,
      AWS.ec2Route,
    )) {
      const destination = text(props.destinationCidrBlock) ?? text(props.destinationIpv6CidrBlock);
      if (destination === undefined || !ANYWHERE.includes(destination)) continue;
      const toGateway =
        (text(props.gatewayId)?.startsWith('igw-') ?? false) || gateways.some((g) => belongsTo(route, g));
      if (!toGateway) continue;
      const table = tables.find((t) => belongsTo(route, t));
      const subnets = table === undefined ? [] : subnetsOf(args.resources, table);
      const notPublic = subnets.filter((s) => tierOf(s) !== 'public');
      if (table === undefined || subnets.length === 0 || notPublic.length > 0) {
        const where = table === undefined ? `route '${route.name}'` : tableLabel(table);
        const which = notPublic.map((s) => text(record(s.props.tags)?.Name) ?? s.name).join(', ');
        report(
          `${where} sends ${destination} to the internet gateway${which === '' ? ' and serves no public subnet' : ` for non-public subnet(s) ${which}`}: keep that route in the public route table only; private subnets use a NAT gateway (natGatewayId).`,
          route.urn,
        );
      }
    }
  },
});

export const vpcSubnetNoPublicIp = resourcePolicy<Unwrap<aws.ec2.SubnetArgs>>({
  name: 'vpc-subnet-no-public-ip',
  description:
    'EC2.15: no subnet, public ones included, assigns public IPs at launch (mapPublicIpOnLaunch false): only the NAT gateways have public addresses, their own Elastic IPs.',
  types: [AWS.ec2Subnet],
  validate: (props, _args, report) => {
    if (props.mapPublicIpOnLaunch === true) {
      report(
        `subnet '${text(record(props.tags)?.Name) ?? '?'}' assigns a public IP to everything launched in it: set mapPublicIpOnLaunch: false.`,
      );
    }
  },
});

/** Ports the EC2.21 control checks a network ACL for (remote administration). */
const ADMIN_PORTS = [22, 3389];

/** Whether a NACL entry allows ingress from anywhere to one of the admin ports. */
function opensAdminPort(entry: Record<string, unknown>): number | undefined {
  if (entry.action !== 'allow') return undefined;
  const cidr = text(entry.cidrBlock) ?? text(entry.ipv6CidrBlock);
  if (cidr === undefined || !ANYWHERE.includes(cidr)) return undefined;
  const protocol = String(entry.protocol);
  if (protocol === '-1' || protocol === 'all') return ADMIN_PORTS[0];
  if (!['6', 'tcp', '17', 'udp'].includes(protocol)) return undefined;
  const from = Number(entry.fromPort);
  const to = Number(entry.toPort);
  return ADMIN_PORTS.find((port) => port >= from && port <= to);
}

export const vpcDefaultNetworkAcl = stackPolicy({
  name: 'vpc-default-network-acl',
  description:
    "EC2.21: every VPC manages its default network ACL (aws.ec2.DefaultNetworkAcl), and no network ACL allows ingress from 0.0.0.0/0 or ::/0 to port 22 or 3389 (AWS's default ACL allows all).",
  validate: (args, report) => {
    const acls = ofType<Unwrap<aws.ec2.DefaultNetworkAclArgs>>(args.resources, AWS.ec2DefaultNetworkAcl);
    for (const { resource: vpc } of ofType(args.resources, AWS.ec2Vpc)) {
      if (!acls.some(({ resource }) => belongsTo(resource, vpc))) {
        report(
          `VPC '${text(record(vpc.props.tags)?.Name) ?? vpc.name}' leaves its default network ACL as AWS made it (all traffic in, port 22 and 3389 from anywhere included): adopt it with an aws.ec2.DefaultNetworkAcl (defaultNetworkAclId: vpc.defaultNetworkAclId) whose ingress allows the VPC CIDR and return traffic only.`,
          vpc.urn,
        );
      }
    }
    const all = [...acls, ...ofType<Unwrap<aws.ec2.NetworkAclArgs>>(args.resources, AWS.ec2NetworkAcl)];
    for (const { resource, props } of all) {
      for (const entry of list(props.ingress).map((e) => record(e) ?? {})) {
        const port = opensAdminPort(entry);
        if (port !== undefined) {
          report(
            `network ACL '${resource.name}' rule ${String(entry.ruleNo)} allows ingress from ${text(entry.cidrBlock) ?? text(entry.ipv6CidrBlock)} to port ${port}: leave the administration ports out (e.g. allow return traffic as tcp 1024-3388 and 3390-65535).`,
            resource.urn,
          );
        }
      }
    }
  },
});

export const ec2SecurityGroupDescriptions = resourcePolicy<{ description?: string }>({
  name: 'ec2-security-group-descriptions',
  description:
    'AwsSolutions-EC27: every security group and security group rule says what it is for (description), so a reviewer can tell a needed rule from a forgotten one.',
  types: [
    AWS.ec2SecurityGroup,
    AWS.vpcSecurityGroupIngressRule,
    AWS.vpcSecurityGroupEgressRule,
    AWS.ec2SecurityGroupRule,
  ],
  validate: (props, args, report) => {
    const description = text(props.description);
    if (description === undefined || description === 'Managed by Pulumi') {
      report(
        `${args.type === AWS.ec2SecurityGroup ? 'security group' : 'security group rule'} '${args.name}' has no description: say what it lets in or out and why (e.g. 'PostgreSQL from the API Lambda functions').`,
      );
    }
  },
});

export const ec2NoAllTrafficEgress = resourcePolicy({
  name: 'ec2-no-all-traffic-egress',
  description:
    'CKV_AWS_382: no security group allows all protocols and ports out to 0.0.0.0/0 or ::/0; egress names its protocol and ports (HTTPS to AWS APIs, PostgreSQL to the database).',
  types: [AWS.vpcSecurityGroupEgressRule, AWS.ec2SecurityGroupRule, AWS.ec2SecurityGroup],
  validate: (props, args, report) => {
    const rules: Record<string, unknown>[] =
      args.type === AWS.vpcSecurityGroupEgressRule
        ? [{ ...props, cidrBlocks: [props.cidrIpv4, props.cidrIpv6] }]
        : args.type === AWS.ec2SecurityGroupRule
          ? props.type === 'egress'
            ? [
                {
                  ...props,
                  ipProtocol: props.protocol,
                  cidrBlocks: [...list(props.cidrBlocks), ...list(props.ipv6CidrBlocks)],
                },
              ]
            : []
          : list(props.egress).map((e) => {
              const rule = record(e) ?? {};
              return {
                ...rule,
                ipProtocol: rule.protocol,
                cidrBlocks: [...list(rule.cidrBlocks), ...list(rule.ipv6CidrBlocks)],
              };
            });
    for (const rule of rules) {
      const protocol = String(rule.ipProtocol);
      const open = list(rule.cidrBlocks).filter((c) => typeof c === 'string' && ANYWHERE.includes(c));
      if ((protocol === '-1' || protocol === 'all') && open.length > 0) {
        report(
          `'${args.name}' allows all traffic out to ${open.join(', ')}: allow only the protocol and port the group needs (e.g. ipProtocol: 'tcp', fromPort: 443, toPort: 443).`,
        );
      }
    }
  },
});

export const vpcPolicies = [
  vpcInternetRouteOnlyPublic,
  vpcSubnetNoPublicIp,
  vpcDefaultNetworkAcl,
  ec2SecurityGroupDescriptions,
  ec2NoAllTrafficEgress,
];
