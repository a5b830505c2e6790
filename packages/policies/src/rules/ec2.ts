import type * as aws from '@pulumi/aws';
import type { PolicyResource } from '@pulumi/policy';
import type { Unwrap } from '@pulumi/pulumi';
import { AWS } from '@payments/aws-types';
import { belongsTo, ofType, resourcePolicy, stackPolicy } from '../define';
import { list, record, text } from '../inspect';

// AWS Foundational Security Best Practices controls for the VPC (EC2.*).

type VpcArgs = Unwrap<aws.ec2.VpcArgs>;

function vpcLabel(vpc: PolicyResource): string {
  const name = text(record((vpc.props as VpcArgs).tags)?.Name);
  return `VPC '${name ?? vpc.name}'`;
}

/** Whether `resource` (a flow log, the default security group) is attached to `vpc`. */
function inVpc(resource: PolicyResource, vpc: PolicyResource): boolean {
  return belongsTo(resource, vpc, () => {
    const vpcId = text(resource.props.vpcId);
    if (vpcId === undefined) return false;
    // After deployment the stack's props are outputs: the VPC's ID is in its ARN.
    return text(vpc.props.id) === vpcId || (text(vpc.props.arn)?.endsWith(`/${vpcId}`) ?? false);
  });
}

export const ec2DefaultSecurityGroupClosed = stackPolicy({
  name: 'ec2-default-security-group-closed',
  description:
    'EC2.2: every VPC manages its default security group (aws.ec2.DefaultSecurityGroup) with no ingress and no egress rule.',
  validate: (args, report) => {
    const defaults = ofType<Unwrap<aws.ec2.DefaultSecurityGroupArgs>>(
      args.resources,
      AWS.ec2DefaultSecurityGroup,
    );
    for (const { resource: vpc } of ofType(args.resources, AWS.ec2Vpc)) {
      if (!defaults.some(({ resource }) => inVpc(resource, vpc))) {
        report(
          `${vpcLabel(vpc)} leaves its default security group open (AWS allows all traffic between its members and all egress): adopt it with an aws.ec2.DefaultSecurityGroup for the VPC with no ingress and no egress.`,
          vpc.urn,
        );
      }
    }
    for (const { resource, props } of defaults) {
      const rules = [...list(props.ingress).map(() => 'ingress'), ...list(props.egress).map(() => 'egress')];
      if (rules.length > 0) {
        report(
          `the default security group '${resource.name}' has ${rules.length} rule(s) (${[...new Set(rules)].join(', ')}): remove every ingress and egress; use the dedicated security groups instead.`,
          resource.urn,
        );
      }
    }
  },
});

const FLOW_LOG_TRAFFIC = ['ALL', 'REJECT'];

export const ec2VpcFlowLogs = stackPolicy({
  name: 'ec2-vpc-flow-logs',
  description: 'EC2.6: every VPC has a flow log capturing ALL (or at least REJECT) traffic.',
  validate: (args, report) => {
    const flowLogs = ofType<Unwrap<aws.ec2.FlowLogArgs>>(args.resources, AWS.ec2FlowLog);
    for (const { resource: vpc } of ofType(args.resources, AWS.ec2Vpc)) {
      const mine = flowLogs.filter(({ resource }) => inVpc(resource, vpc));
      if (!mine.some(({ props }) => FLOW_LOG_TRAFFIC.includes(String(props.trafficType)))) {
        report(
          `${vpcLabel(vpc)} has no flow log: add an aws.ec2.FlowLog with vpcId set to it, trafficType: 'ALL', delivering to a KMS-encrypted log group with retention.`,
          vpc.urn,
        );
      }
    }
  },
});

const ANYWHERE = ['0.0.0.0/0', '::/0'];

function ports(rule: {
  fromPort?: unknown;
  toPort?: unknown;
  ipProtocol?: unknown;
  protocol?: unknown;
}): string {
  const protocol = String(rule.ipProtocol ?? rule.protocol ?? 'any');
  if (protocol === '-1') return 'all traffic';
  const from = rule.fromPort;
  const to = rule.toPort;
  return from === undefined ? protocol : from === to ? `${protocol}/${from}` : `${protocol}/${from}-${to}`;
}

function openTo(cidrs: unknown[]): string[] {
  return cidrs.filter((c): c is string => typeof c === 'string' && ANYWHERE.includes(c));
}

function reportOpen(report: (message: string) => void, where: string, cidr: string, what: string): void {
  report(
    `${where} allows ingress from ${cidr} (${what}): allow only known sources (referencedSecurityGroupId or a CIDR inside the VPC); nothing in the VPC is reachable from the internet.`,
  );
}

export const ec2NoUnrestrictedIngress = resourcePolicy({
  name: 'ec2-no-unrestricted-ingress',
  description:
    'EC2.18/EC2.19: no security group allows ingress from 0.0.0.0/0 or ::/0, whether by aws.vpc.SecurityGroupIngressRule, aws.ec2.SecurityGroupRule or inline ingress.',
  types: [AWS.vpcSecurityGroupIngressRule, AWS.ec2SecurityGroupRule, AWS.ec2SecurityGroup],
  validate: (props, args, report) => {
    if (args.type === AWS.vpcSecurityGroupIngressRule) {
      const rule = props as Unwrap<aws.vpc.SecurityGroupIngressRuleArgs>;
      for (const cidr of openTo([rule.cidrIpv4, rule.cidrIpv6])) {
        reportOpen(report, `ingress rule '${args.name}'`, cidr, ports(rule));
      }
    } else if (args.type === AWS.ec2SecurityGroupRule) {
      const rule = props as Unwrap<aws.ec2.SecurityGroupRuleArgs>;
      if (rule.type !== 'ingress') return;
      for (const cidr of openTo([...list(rule.cidrBlocks), ...list(rule.ipv6CidrBlocks)])) {
        reportOpen(report, `security group rule '${args.name}'`, cidr, ports(rule));
      }
    } else {
      const group = props as Unwrap<aws.ec2.SecurityGroupArgs>;
      for (const ingress of list(group.ingress).map(record)) {
        if (ingress === undefined) continue;
        for (const cidr of openTo([...list(ingress.cidrBlocks), ...list(ingress.ipv6CidrBlocks)])) {
          reportOpen(report, `inline ingress of security group '${args.name}'`, cidr, ports(ingress));
        }
      }
    }
  },
});

export const ec2Policies = [ec2DefaultSecurityGroupClosed, ec2VpcFlowLogs, ec2NoUnrestrictedIngress];
