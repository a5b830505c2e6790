import { AWS } from '@payments/aws-types';
import { describePolicies } from '../testing/cases';
import { get, remove } from '../testing/fixtures';
import { apiGatewayRequestPolicies } from './apigateway-requests';

describePolicies(apiGatewayRequestPolicies, {
  'apigateway-no-data-trace': [
    {
      title: 'data trace on for every method',
      change: (stack) => {
        get(stack, 'rest-api-method-settings').inputs.settings = {
          loggingLevel: 'INFO',
          dataTraceEnabled: true,
        };
      },
      messages: [
        "dataTraceEnabled is true for '*/*': set it to false; execution logging at ERROR or INFO (loggingLevel) records what goes wrong without the bodies.",
      ],
      at: [AWS.apigatewayMethodSettings, 'rest-api-method-settings'],
    },
  ],
  'apigateway-request-validation': [
    {
      title: 'an API without a validator',
      change: (stack) => {
        remove(stack, 'rest-api-request-validator');
      },
      messages: [
        "REST API 'payments-prod-api' has no request validator: add an aws.apigateway.RequestValidator with validateRequestParameters: true and validateRequestBody: true, so API Gateway refuses a malformed request before it reaches the function.",
      ],
      at: [AWS.apigatewayRestApi, 'rest-api'],
    },
    {
      title: 'a validator that checks parameters only',
      change: (stack) => {
        get(stack, 'rest-api-request-validator').inputs.validateRequestBody = false;
      },
      messages: [
        "REST API 'payments-prod-api' has no request validator: add an aws.apigateway.RequestValidator with validateRequestParameters: true and validateRequestBody: true, so API Gateway refuses a malformed request before it reaches the function.",
      ],
      at: [AWS.apigatewayRestApi, 'rest-api'],
    },
    {
      title: 'a method that validates nothing (the public health route included)',
      change: (stack) => {
        delete get(stack, 'rest-api-get-health-method').inputs.requestValidatorId;
      },
      messages: [
        "method GET 'rest-api-get-health-method' validates nothing: set requestValidatorId to the REST API's request validator.",
      ],
      at: [AWS.apigatewayMethod, 'rest-api-get-health-method'],
    },
  ],
});
