import { evaluate } from './evaluate';
import { alarmPolicies } from './rules/alarms';
import { apiGatewayRequestPolicies } from './rules/apigateway-requests';
import { cloudwatchPolicies } from './rules/cloudwatch';
import { iamPolicies } from './rules/iam';
import { kmsPolicies } from './rules/kms';
import { lambdaHardeningPolicies } from './rules/lambda-hardening';
import { rdsOperationsPolicies } from './rules/rds-operations';
import { s3DataPolicies } from './rules/s3-data';
import { snsPolicies } from './rules/sns';
import { vpcPolicies } from './rules/vpc';
import { wafPolicies } from './rules/waf';
import { apiGatewayPolicies } from './rules/apigateway';
import { cognitoPolicies } from './rules/cognito';
import { designPolicies } from './rules/design';
import { ec2Policies } from './rules/ec2';
import { githubOidcPolicies } from './rules/github-oidc';
import { kmsLogsPolicies } from './rules/kms-logs';
import { lambdaPolicies } from './rules/lambda';
import { rdsPolicies } from './rules/rds';
import { s3Policies } from './rules/s3';
import type { PaymentsPolicy, PolicyFinding, PolicyStackInput } from './types';

// The pack's policies and the offline evaluator. Importing this module never starts the analyzer: only pack.ts
// constructs the PolicyPack.

export const policies: PaymentsPolicy[] = [
  ...designPolicies,
  ...s3Policies,
  ...rdsPolicies,
  ...ec2Policies,
  ...lambdaPolicies,
  ...apiGatewayPolicies,
  ...cognitoPolicies,
  ...kmsLogsPolicies,
  ...alarmPolicies,
  ...githubOidcPolicies,
  ...iamPolicies,
  ...kmsPolicies,
  ...lambdaHardeningPolicies,
  ...apiGatewayRequestPolicies,
  ...wafPolicies,
  ...s3DataPolicies,
  ...snsPolicies,
  ...vpcPolicies,
  ...rdsOperationsPolicies,
  ...cloudwatchPolicies,
];

/**
 * Runs every policy of the pack on one synthesized stack, exactly as `pulumi preview --policy-pack` would, and
 * returns what each reported. Findings of controls that `exemptions` (the stack's `Settings.exemptions`) exempt
 * carry the reason in `exemption`; only mandatory findings without one should fail synth.
 */
export function evaluatePolicies(stack: PolicyStackInput): PolicyFinding[] {
  return evaluate(policies, stack);
}
