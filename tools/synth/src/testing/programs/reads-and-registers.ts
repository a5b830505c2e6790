import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

// A program for harness.spec.ts: one resource, one secret input, one StackReference read, two exports.
export default function program() {
  const network = new pulumi.StackReference('organization/payments-network/dev');
  const key = new aws.kms.Key('key', { description: pulumi.secret('not for the logs') }, { protect: true });
  return { keyArn: key.arn, vpcId: network.requireOutput('vpcId'), token: pulumi.secret('t') };
}
