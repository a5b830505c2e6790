import type * as aws from '@pulumi/aws';
import type { Unwrap } from '@pulumi/pulumi';
import { AWS } from '@payments/aws-types';
import { resourcePolicyOn, resourcePolicy } from '../define';
import { record, text } from '../inspect';

// Who may invoke a function and how much of the account it may take (Lambda.1; Checkov CKV_AWS_50/115/173/301/
// 364; cdk-nag NIST/PCI LambdaFunctionPublicAccessProhibited, NIST LambdaConcurrency).

type FunctionArgs = Unwrap<aws.lambda.FunctionArgs>;
type PermissionArgs = Unwrap<aws.lambda.PermissionArgs>;
const functionPolicy = resourcePolicyOn<FunctionArgs>(AWS.lambdaFunction);

export const lambdaPermissionRestricted = resourcePolicy<PermissionArgs>({
  name: 'lambda-permission-restricted',
  description:
    'Lambda.1: no function permission is granted to "*", and every permission to a service names the sourceArn or sourceAccount it may invoke from.',
  types: [AWS.lambdaPermission],
  validate: (props, _args, report) => {
    const principal = text(props.principal);
    const fn = text(props.function) ?? '?';
    if (principal === undefined || principal === '*') {
      report(
        `the permission on function '${fn}' is granted to ${principal === undefined ? 'no principal' : "'*'"}: grant it to the one service that invokes the function (e.g. apigateway.amazonaws.com).`,
      );
      return;
    }
    if (
      principal.endsWith('.amazonaws.com') &&
      text(props.sourceArn) === undefined &&
      text(props.sourceAccount) === undefined
    ) {
      report(
        `the permission on function '${fn}' lets ${principal} invoke it for any account's resource: set sourceArn (e.g. the REST API's execution ARN + '/*/*') so only our resource can (confused deputy).`,
      );
    }
  },
});

export const lambdaReservedConcurrency = functionPolicy({
  name: 'lambda-reserved-concurrency',
  description:
    "CKV_AWS_115: every function sets reservedConcurrentExecutions of at least 1, so one function can neither starve the others of the account's concurrency nor open unbounded database connections.",
  validate: (props, _args, report) => {
    const reserved = props.reservedConcurrentExecutions;
    if (reserved === undefined || reserved === -1) {
      report(
        'reservedConcurrentExecutions is not set: set it in the api stack (ApiFunction reservedConcurrency) to what the database can serve.',
      );
    } else if (reserved < 1) {
      report(
        `reservedConcurrentExecutions is ${reserved}: 0 throttles every invocation; reserve at least 1.`,
      );
    }
  },
});

export const lambdaEnvironmentEncrypted = functionPolicy({
  name: 'lambda-environment-encrypted',
  description:
    "CKV_AWS_173: a function with environment variables encrypts them with our customer managed KMS key (kmsKeyArn), not Lambda's AWS owned key.",
  validate: (props, _args, report) => {
    const variables = record(props.environment?.variables);
    if (variables === undefined || Object.keys(variables).length === 0) return;
    if (text(props.kmsKeyArn) === undefined) {
      report(
        "kmsKeyArn is not set: set it to the storage stack's KMS key ARN (its key policy lets Lambda use it for this account's functions).",
      );
    }
  },
});

export const lambdaXrayTracing = functionPolicy({
  name: 'lambda-xray-tracing',
  description: 'CKV_AWS_50: every function sends X-Ray traces (tracingConfig.mode Active).',
  validate: (props, _args, report) => {
    if (props.tracingConfig?.mode !== 'Active') {
      report(
        "tracingConfig.mode is not 'Active': set api.tracing: true, so a slow payment can be followed through API Gateway, Lambda and the database calls.",
      );
    }
  },
});

export const lambdaHardeningPolicies = [
  lambdaPermissionRestricted,
  lambdaReservedConcurrency,
  lambdaEnvironmentEncrypted,
  lambdaXrayTracing,
];
