import type * as aws from '@pulumi/aws';
import type { Unwrap } from '@pulumi/pulumi';
import { AWS } from '@payments/aws-types';
import { belongsTo, ofType, resourcePolicy, stackPolicy } from '../define';
import { record, text } from '../inspect';

// What API Gateway does with a request before the handler sees it (cdk-nag AwsSolutions-APIG2, Checkov
// CKV2_AWS_53, CKV_AWS_276).

type MethodSettingsArgs = Unwrap<aws.apigateway.MethodSettingsArgs>;
type ValidatorArgs = Unwrap<aws.apigateway.RequestValidatorArgs>;

export const apiGatewayNoDataTrace = resourcePolicy<MethodSettingsArgs>({
  name: 'apigateway-no-data-trace',
  description:
    'CKV_AWS_276: no method settings turn on dataTraceEnabled, which writes full request and response bodies (card payments, tokens) to the execution log.',
  types: [AWS.apigatewayMethodSettings],
  validate: (props, _args, report) => {
    if (record(props.settings)?.dataTraceEnabled === true) {
      report(
        `dataTraceEnabled is true for '${text(props.methodPath) ?? '?'}': set it to false; execution logging at ERROR or INFO (loggingLevel) records what goes wrong without the bodies.`,
      );
    }
  },
});

export const apiGatewayRequestValidation = stackPolicy({
  name: 'apigateway-request-validation',
  description:
    'AwsSolutions-APIG2: every REST API has a request validator that validates parameters and body, and every method uses it (requestValidatorId).',
  validate: (args, report) => {
    const validators = ofType<ValidatorArgs>(args.resources, AWS.apigatewayRequestValidator);
    for (const { resource: api, props } of ofType<Unwrap<aws.apigateway.RestApiArgs>>(
      args.resources,
      AWS.apigatewayRestApi,
    )) {
      const full = validators.filter(
        ({ resource, props: v }) =>
          belongsTo(resource, api) && v.validateRequestBody === true && v.validateRequestParameters === true,
      );
      if (full.length === 0) {
        report(
          `REST API '${text(props.name) ?? api.name}' has no request validator: add an aws.apigateway.RequestValidator with validateRequestParameters: true and validateRequestBody: true, so API Gateway refuses a malformed request before it reaches the function.`,
          api.urn,
        );
      }
    }
    for (const { resource: method, props } of ofType<Unwrap<aws.apigateway.MethodArgs>>(
      args.resources,
      AWS.apigatewayMethod,
    )) {
      if (text(props.requestValidatorId) === undefined) {
        report(
          `method ${text(props.httpMethod) ?? '?'} '${method.name}' validates nothing: set requestValidatorId to the REST API's request validator.`,
          method.urn,
        );
      }
    }
  },
});

export const apiGatewayRequestPolicies = [apiGatewayNoDataTrace, apiGatewayRequestValidation];
