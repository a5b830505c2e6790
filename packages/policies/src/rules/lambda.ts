import { LAMBDA_RUNTIMES } from '@payments/config';
import type * as aws from '@pulumi/aws';
import type { Unwrap } from '@pulumi/pulumi';
import { AWS } from '@payments/aws-types';
import { resourcePolicyOn } from '../define';
import { list, text } from '../inspect';

// AWS Foundational Security Best Practices controls for Lambda.

type FunctionArgs = Unwrap<aws.lambda.FunctionArgs>;
const functionPolicy = resourcePolicyOn<FunctionArgs>(AWS.lambdaFunction);

export const lambdaSupportedRuntime = functionPolicy({
  name: 'lambda-supported-runtime',
  description: `Lambda.2: functions run on a supported, non-deprecated runtime (${LAMBDA_RUNTIMES.join(', ')}).`,
  validate: (props, _args, report) => {
    // Container images bring their own runtime.
    if (props.packageType === 'Image') return;
    const runtime = text(props.runtime);
    if (runtime === undefined || !(LAMBDA_RUNTIMES as readonly string[]).includes(runtime)) {
      report(
        `runtime is ${runtime === undefined ? 'not set' : `'${runtime}'`}: set api.lambda.runtime to one of ${LAMBDA_RUNTIMES.join(', ')}.`,
      );
    }
  },
});

export const lambdaInVpcMultiAz = functionPolicy({
  name: 'lambda-in-vpc-multi-az',
  description:
    'Lambda.5: functions run in the VPC over at least two subnets (one per AZ) with a security group.',
  validate: (props, _args, report) => {
    const vpc = props.vpcConfig;
    if (vpc === undefined) {
      report(
        "vpcConfig is not set: set vpcConfig: { subnetIds: <the network stack's privateSubnetIds>, securityGroupIds: [<lambdaSecurityGroupId>] }.",
      );
      return;
    }
    const subnets = new Set(list(vpc.subnetIds));
    if (subnets.size < 2) {
      report(
        `vpcConfig has ${subnets.size} subnet(s): give it the private subnets of at least two AZs (the network stack's privateSubnetIds) so an AZ outage does not stop the function.`,
      );
    }
    if (list(vpc.securityGroupIds).length === 0) {
      report(
        "vpcConfig has no security group: set securityGroupIds: [<the network stack's lambdaSecurityGroupId>].",
      );
    }
  },
});

export const lambdaPolicies = [lambdaSupportedRuntime, lambdaInVpcMultiAz];
