import { AWS } from '@payments/aws-types';
import { describePolicies } from '../testing/cases';
import { get, remove } from '../testing/fixtures';
import { vpcPolicies } from './vpc';

describePolicies(vpcPolicies, {
  'vpc-internet-route-only-public': [
    {
      title: 'a private route table sending 0.0.0.0/0 to the internet gateway',
      change: (stack) => {
        const route = get(stack, 'network-private-default-route-1');
        route.inputs = {
          routeTableId: 'rtb-0private',
          destinationCidrBlock: '0.0.0.0/0',
          gatewayId: 'igw-0a',
        };
        route.dependsOn.push(get(stack, 'network-igw').urn);
      },
      messages: [
        "route table 'payments-prod-private' sends 0.0.0.0/0 to the internet gateway for non-public subnet(s) payments-prod-private-1: keep that route in the public route table only; private subnets use a NAT gateway (natGatewayId).",
      ],
      at: [AWS.ec2Route, 'network-private-default-route-1'],
    },
  ],
  'vpc-subnet-no-public-ip': [
    {
      title: 'a public subnet handing out public IPs',
      change: (stack) => {
        get(stack, 'network-public-subnet-1').inputs.mapPublicIpOnLaunch = true;
      },
      messages: [
        "subnet 'payments-prod-public-1' assigns a public IP to everything launched in it: set mapPublicIpOnLaunch: false.",
      ],
      at: [AWS.ec2Subnet, 'network-public-subnet-1'],
    },
  ],
  'vpc-default-network-acl': [
    {
      title: 'a VPC whose default ACL is left as AWS made it',
      change: (stack) => {
        remove(stack, 'network-default-acl');
      },
      messages: [
        "VPC 'payments-prod-network' leaves its default network ACL as AWS made it (all traffic in, port 22 and 3389 from anywhere included): adopt it with an aws.ec2.DefaultNetworkAcl (defaultNetworkAclId: vpc.defaultNetworkAclId) whose ingress allows the VPC CIDR and return traffic only.",
      ],
      at: [AWS.ec2Vpc, 'network-vpc'],
    },
    {
      title: 'an ACL open to SSH and RDP from anywhere',
      change: (stack) => {
        get(stack, 'network-default-acl').inputs.ingress = [
          { ruleNo: 100, action: 'allow', protocol: '-1', cidrBlock: '0.0.0.0/0', fromPort: 0, toPort: 0 },
          {
            ruleNo: 110,
            action: 'allow',
            protocol: 'tcp',
            cidrBlock: '0.0.0.0/0',
            fromPort: 1024,
            toPort: 65535,
          },
          { ruleNo: 120, action: 'deny', protocol: 'tcp', cidrBlock: '0.0.0.0/0', fromPort: 22, toPort: 22 },
        ];
      },
      messages: [
        "network ACL 'network-default-acl' rule 100 allows ingress from 0.0.0.0/0 to port 22: leave the administration ports out (e.g. allow return traffic as tcp 1024-3388 and 3390-65535).",
        "network ACL 'network-default-acl' rule 110 allows ingress from 0.0.0.0/0 to port 3389: leave the administration ports out (e.g. allow return traffic as tcp 1024-3388 and 3390-65535).",
      ],
      at: [AWS.ec2DefaultNetworkAcl, 'network-default-acl'],
    },
  ],
  'ec2-security-group-descriptions': [
    {
      title: 'a security group with the default description',
      change: (stack) => {
        get(stack, 'security-groups-lambda').inputs.description = 'Managed by Pulumi';
      },
      messages: [
        "security group 'security-groups-lambda' has no description: say what it lets in or out and why (e.g. 'PostgreSQL from the API Lambda functions').",
      ],
      at: [AWS.ec2SecurityGroup, 'security-groups-lambda'],
    },
    {
      title: 'a rule without a description',
      change: (stack) => {
        delete get(stack, 'security-groups-endpoints-https-in').inputs.description;
      },
      messages: [
        "security group rule 'security-groups-endpoints-https-in' has no description: say what it lets in or out and why (e.g. 'PostgreSQL from the API Lambda functions').",
      ],
      at: [AWS.vpcSecurityGroupIngressRule, 'security-groups-endpoints-https-in'],
    },
  ],
  'ec2-no-all-traffic-egress': [
    {
      title: 'a security group open to all traffic out',
      change: (stack) => {
        get(stack, 'security-groups-lambda').inputs.egress = [
          { protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'] },
          { protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'] },
        ];
      },
      messages: [
        "'security-groups-lambda' allows all traffic out to 0.0.0.0/0: allow only the protocol and port the group needs (e.g. ipProtocol: 'tcp', fromPort: 443, toPort: 443).",
      ],
      at: [AWS.ec2SecurityGroup, 'security-groups-lambda'],
    },
  ],
});
