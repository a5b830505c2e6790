import { AWS } from '@payments/aws-types';
import { describePolicies } from '../testing/cases';
import { get } from '../testing/fixtures';
import { lambdaPolicies } from './lambda';

const FUNCTION: [string, string] = [AWS.lambdaFunction, 'payments-function'];

describePolicies(lambdaPolicies, {
  'lambda-supported-runtime': [
    {
      title: 'a deprecated runtime',
      change: (stack) => {
        get(stack, 'payments-function').inputs.runtime = 'nodejs16.x';
      },
      messages: ["runtime is 'nodejs16.x': set api.lambda.runtime to one of nodejs22.x, nodejs24.x."],
      at: FUNCTION,
    },
  ],
  'lambda-in-vpc-multi-az': [
    {
      title: 'a function outside the VPC',
      change: (stack) => {
        delete get(stack, 'payments-function').inputs.vpcConfig;
      },
      messages: [
        "vpcConfig is not set: set vpcConfig: { subnetIds: <the network stack's privateSubnetIds>, securityGroupIds: [<lambdaSecurityGroupId>] }.",
      ],
      at: FUNCTION,
    },
    {
      title: 'a function in one subnet without a security group',
      change: (stack) => {
        get(stack, 'payments-function').inputs.vpcConfig = {
          subnetIds: ['subnet-0a', 'subnet-0a'],
          securityGroupIds: [],
        };
      },
      messages: [
        "vpcConfig has 1 subnet(s): give it the private subnets of at least two AZs (the network stack's privateSubnetIds) so an AZ outage does not stop the function.",
        "vpcConfig has no security group: set securityGroupIds: [<the network stack's lambdaSecurityGroupId>].",
      ],
      at: FUNCTION,
    },
  ],
});
