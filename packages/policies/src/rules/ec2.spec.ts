import { AWS } from '@payments/aws-types';
import { describePolicies } from '../testing/cases';
import { VPC_ID, get, remove, resource } from '../testing/fixtures';
import { ec2Policies } from './ec2';

const VPC: [string, string] = [AWS.ec2Vpc, 'network-vpc'];

describePolicies(ec2Policies, {
  'ec2-default-security-group-closed': [
    {
      title: 'a VPC whose default security group is not adopted',
      change: (stack) => remove(stack, 'security-groups-default'),
      messages: [
        "VPC 'payments-prod-network' leaves its default security group open (AWS allows all traffic between its members and all egress): adopt it with an aws.ec2.DefaultSecurityGroup for the VPC with no ingress and no egress.",
      ],
      at: VPC,
    },
    {
      title: 'a default security group with rules',
      change: (stack) => {
        get(stack, 'security-groups-default').inputs.egress = [
          { protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'] },
        ];
      },
      messages: [
        "the default security group 'security-groups-default' has 1 rule(s) (egress): remove every ingress and egress; use the dedicated security groups instead.",
      ],
      at: [AWS.ec2DefaultSecurityGroup, 'security-groups-default'],
    },
    {
      title: 'a default security group found by vpcId once deployed (the VPC ID is in its ARN)',
      change: (stack) => {
        const vpc = get(stack, 'network-vpc');
        vpc.inputs.arn = `arn:aws:ec2:us-east-1:123456789012:vpc/${VPC_ID}`;
        get(stack, 'security-groups-default').dependsOn = [];
        stack['second-vpc'] = resource('prod', AWS.ec2Vpc, 'second-vpc', {
          arn: 'arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0ffff',
          tags: { Name: 'payments-prod-second' },
        });
      },
      messages: [
        "VPC 'payments-prod-second' leaves its default security group open (AWS allows all traffic between its members and all egress): adopt it with an aws.ec2.DefaultSecurityGroup for the VPC with no ingress and no egress.",
      ],
      at: [AWS.ec2Vpc, 'second-vpc'],
    },
  ],
  'ec2-vpc-flow-logs': [
    {
      title: 'a VPC without a flow log',
      change: (stack) => remove(stack, 'flow-logs-vpc'),
      messages: [
        "VPC 'payments-prod-network' has no flow log: add an aws.ec2.FlowLog with vpcId set to it, trafficType: 'ALL', delivering to a KMS-encrypted log group with retention.",
      ],
      at: VPC,
    },
    {
      title: 'a flow log of accepted traffic only',
      change: (stack) => {
        get(stack, 'flow-logs-vpc').inputs.trafficType = 'ACCEPT';
      },
      messages: [
        "VPC 'payments-prod-network' has no flow log: add an aws.ec2.FlowLog with vpcId set to it, trafficType: 'ALL', delivering to a KMS-encrypted log group with retention.",
      ],
      at: VPC,
    },
  ],
  'ec2-no-unrestricted-ingress': [
    {
      title: 'an ingress rule from 0.0.0.0/0',
      change: (stack) => {
        get(stack, 'security-groups-endpoints-https-in').inputs.cidrIpv4 = '0.0.0.0/0';
      },
      messages: [
        "ingress rule 'security-groups-endpoints-https-in' allows ingress from 0.0.0.0/0 (tcp/443): allow only known sources (referencedSecurityGroupId or a CIDR inside the VPC); nothing in the VPC is reachable from the internet.",
      ],
      at: [AWS.vpcSecurityGroupIngressRule, 'security-groups-endpoints-https-in'],
    },
    {
      title: 'inline ingress from ::/0',
      change: (stack) => {
        get(stack, 'security-groups-lambda').inputs.ingress = [
          { protocol: 'tcp', fromPort: 22, toPort: 22, ipv6CidrBlocks: ['::/0'] },
        ];
      },
      messages: [
        "inline ingress of security group 'security-groups-lambda' allows ingress from ::/0 (tcp/22): allow only known sources (referencedSecurityGroupId or a CIDR inside the VPC); nothing in the VPC is reachable from the internet.",
      ],
      at: [AWS.ec2SecurityGroup, 'security-groups-lambda'],
    },
    {
      title: 'an ingress aws.ec2.SecurityGroupRule open to all traffic',
      change: (stack) => {
        stack['open-rule'] = resource('prod', AWS.ec2SecurityGroupRule, 'open-rule', {
          type: 'ingress',
          protocol: '-1',
          fromPort: 0,
          toPort: 0,
          cidrBlocks: ['0.0.0.0/0'],
          securityGroupId: 'sg-0a',
        });
      },
      messages: [
        "security group rule 'open-rule' allows ingress from 0.0.0.0/0 (all traffic): allow only known sources (referencedSecurityGroupId or a CIDR inside the VPC); nothing in the VPC is reachable from the internet.",
      ],
      at: [AWS.ec2SecurityGroupRule, 'open-rule'],
    },
  ],
});
