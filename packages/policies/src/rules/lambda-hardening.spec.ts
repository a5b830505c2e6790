import { AWS } from '@payments/aws-types';
import { describePolicies } from '../testing/cases';
import { get } from '../testing/fixtures';
import { lambdaHardeningPolicies } from './lambda-hardening';

const FUNCTION: [string, string] = [AWS.lambdaFunction, 'payments-function'];
const PERMISSION: [string, string] = [AWS.lambdaPermission, 'rest-api-invoke-permission'];

describePolicies(lambdaHardeningPolicies, {
  'lambda-permission-restricted': [
    {
      title: 'a permission for anyone',
      change: (stack) => {
        get(stack, 'rest-api-invoke-permission').inputs.principal = '*';
      },
      messages: [
        "the permission on function 'payments-prod-payments' is granted to '*': grant it to the one service that invokes the function (e.g. apigateway.amazonaws.com).",
      ],
      at: PERMISSION,
    },
    {
      title: 'a service permission without a source',
      change: (stack) => {
        delete get(stack, 'rest-api-invoke-permission').inputs.sourceArn;
      },
      messages: [
        "the permission on function 'payments-prod-payments' lets apigateway.amazonaws.com invoke it for any account's resource: set sourceArn (e.g. the REST API's execution ARN + '/*/*') so only our resource can (confused deputy).",
      ],
      at: PERMISSION,
    },
  ],
  'lambda-reserved-concurrency': [
    {
      title: 'a function without reserved concurrency',
      change: (stack) => {
        delete get(stack, 'payments-function').inputs.reservedConcurrentExecutions;
      },
      messages: [
        'reservedConcurrentExecutions is not set: set it in the api stack (ApiFunction reservedConcurrency) to what the database can serve.',
      ],
      at: FUNCTION,
    },
    {
      title: 'a function reserved at 0',
      change: (stack) => {
        get(stack, 'payments-function').inputs.reservedConcurrentExecutions = 0;
      },
      messages: ['reservedConcurrentExecutions is 0: 0 throttles every invocation; reserve at least 1.'],
      at: FUNCTION,
    },
  ],
  'lambda-environment-encrypted': [
    {
      title: 'an environment without our key',
      change: (stack) => {
        delete get(stack, 'payments-function').inputs.kmsKeyArn;
      },
      messages: [
        "kmsKeyArn is not set: set it to the storage stack's KMS key ARN (its key policy lets Lambda use it for this account's functions).",
      ],
      at: FUNCTION,
    },
  ],
  'lambda-xray-tracing': [
    {
      title: 'a function passing traces through',
      change: (stack) => {
        get(stack, 'payments-function').inputs.tracingConfig = { mode: 'PassThrough' };
      },
      messages: [
        "tracingConfig.mode is not 'Active': set api.tracing: true, so a slow payment can be followed through API Gateway, Lambda and the database calls.",
      ],
      at: FUNCTION,
    },
  ],
});
