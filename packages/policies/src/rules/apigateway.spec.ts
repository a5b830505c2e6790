import { AWS } from '../aws-types';
import { describePolicies } from '../testing/cases';
import { get, remove } from '../testing/fixtures';
import { apiGatewayPolicies } from './apigateway';

const STAGE: [string, string] = [AWS.apigatewayStage, 'rest-api-stage'];

describePolicies(apiGatewayPolicies, {
  'apigateway-stage-logging': [
    {
      title: 'a stage without access logs',
      change: (stack) => {
        delete get(stack, 'rest-api-stage').inputs.accessLogSettings;
      },
      messages: [
        "stage 'v1' of REST API 'a1b2c3d4e5' has no access log: set accessLogSettings: { destinationArn: <the storage stack's apiAccessLogGroupArn>, format: <JSON with $context.requestId, status, ...> }.",
      ],
      at: STAGE,
    },
    {
      title: 'execution logging off',
      change: (stack) => {
        get(stack, 'rest-api-method-settings').inputs.settings = {
          loggingLevel: 'OFF',
          metricsEnabled: true,
        };
      },
      messages: [
        "stage 'v1' of REST API 'a1b2c3d4e5' has no execution logging: add an aws.apigateway.MethodSettings for the stage with methodPath: '*/*' and settings: { loggingLevel: 'ERROR' (or 'INFO'), metricsEnabled: true }.",
      ],
      at: STAGE,
    },
    {
      title: 'method settings of another stage only',
      change: (stack) => {
        const settings = get(stack, 'rest-api-method-settings');
        settings.inputs.stageName = 'v2';
        settings.dependsOn = [];
      },
      messages: [
        "stage 'v1' of REST API 'a1b2c3d4e5' has no execution logging: add an aws.apigateway.MethodSettings for the stage with methodPath: '*/*' and settings: { loggingLevel: 'ERROR' (or 'INFO'), metricsEnabled: true }.",
      ],
      at: STAGE,
    },
  ],
  'apigateway-stage-xray-tracing': [
    {
      title: 'tracing off',
      change: (stack) => {
        get(stack, 'rest-api-stage').inputs.xrayTracingEnabled = false;
      },
      messages: ['xrayTracingEnabled is not true: set xrayTracingEnabled: true (api.tracing).'],
      at: STAGE,
    },
  ],
  'apigateway-stage-waf': [
    {
      title: 'a stage without a web ACL (WAF off, as in dev and staging)',
      change: (stack) => remove(stack, 'waf-association', 'waf-web-acl'),
      messages: [
        "stage 'v1' of REST API 'a1b2c3d4e5' has no WAF web ACL: set api.waf.enabled: true, which adds an aws.wafv2.WebAcl and an aws.wafv2.WebAclAssociation with the stage's ARN.",
      ],
      at: STAGE,
    },
    {
      title: 'a web ACL associated with another stage',
      change: (stack) => {
        const association = get(stack, 'waf-association');
        association.inputs.resourceArn = 'arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/v2';
        association.dependsOn = [];
      },
      messages: [
        "stage 'v1' of REST API 'a1b2c3d4e5' has no WAF web ACL: set api.waf.enabled: true, which adds an aws.wafv2.WebAcl and an aws.wafv2.WebAclAssociation with the stage's ARN.",
      ],
      at: STAGE,
    },
  ],
});
