import { AWS } from '@payments/aws-types';
import { describePolicies } from '../testing/cases';
import { get, remove } from '../testing/fixtures';
import { apiGatewayPolicies } from './apigateway';

const STAGE: [string, string] = [AWS.apigatewayStage, 'rest-api-stage'];

describePolicies(apiGatewayPolicies, {
  'apigateway-method-authorization': [
    {
      title: 'a payments route left open (authorization NONE)',
      change: (stack) => {
        const method = get(stack, 'rest-api-post-payments-method');
        method.inputs = {
          ...method.inputs,
          authorization: 'NONE',
          authorizerId: undefined,
          authorizationScopes: undefined,
        };
      },
      messages: [
        "POST /payments has authorization NONE: anyone on the internet can call it. Give it the Cognito authorizer and its route's scope (authorization: 'COGNITO_USER_POOLS', authorizerId, authorizationScopes), or, if it must be public, add it to PUBLIC_ROUTES in packages/config (public today: GET /health).",
      ],
      at: [AWS.apigatewayMethod, 'rest-api-post-payments-method'],
    },
    {
      title: 'a method without any authorization, on a nested path',
      env: 'dev',
      change: (stack) => {
        delete get(stack, 'rest-api-get-payments-id-method').inputs.authorization;
      },
      messages: [
        "GET /payments/{id} has authorization (none): anyone on the internet can call it. Give it the Cognito authorizer and its route's scope (authorization: 'COGNITO_USER_POOLS', authorizerId, authorizationScopes), or, if it must be public, add it to PUBLIC_ROUTES in packages/config (public today: GET /health).",
      ],
      at: [AWS.apigatewayMethod, 'rest-api-get-payments-id-method'],
    },
    {
      title: 'an open POST on the public path: only GET /health is public',
      change: (stack) => {
        get(stack, 'rest-api-get-health-method').inputs.httpMethod = 'POST';
      },
      messages: [
        "POST /health has authorization NONE: anyone on the internet can call it. Give it the Cognito authorizer and its route's scope (authorization: 'COGNITO_USER_POOLS', authorizerId, authorizationScopes), or, if it must be public, add it to PUBLIC_ROUTES in packages/config (public today: GET /health).",
      ],
      at: [AWS.apigatewayMethod, 'rest-api-get-health-method'],
    },
    {
      title: 'a Cognito-authorized method without scopes (ID tokens would pass)',
      change: (stack) => {
        get(stack, 'rest-api-get-payments-id-method').inputs.authorizationScopes = [];
      },
      messages: [
        "GET /payments/{id} uses the Cognito authorizer without authorizationScopes: API Gateway then accepts any ID token of the pool instead of an access token with the route's scope. Set authorizationScopes: ['payments/read'] or ['payments/write'].",
      ],
      at: [AWS.apigatewayMethod, 'rest-api-get-payments-id-method'],
    },
  ],
  'apigateway-execution-log-group': [
    {
      title:
        'execution logging without the log group (API Gateway would create it: unencrypted, kept forever)',
      change: (stack) => remove(stack, 'rest-api-execution-logs'),
      messages: [
        "stage 'v1' of REST API 'a1b2c3d4e5' logs executions, but the stack does not create its log group 'API-Gateway-Execution-Logs_a1b2c3d4e5/v1': API Gateway would create it itself, unencrypted and never expiring. Create it with apiGatewayExecutionLogGroupName(restApiId, stageName), our KMS key and the environment's retention, and make the stage and its method settings depend on it.",
      ],
      at: [AWS.apigatewayMethodSettings, 'rest-api-method-settings'],
    },
    {
      title: 'the log group created, but execution logging not waiting for it',
      change: (stack) => {
        const settings = get(stack, 'rest-api-method-settings');
        const group = get(stack, 'rest-api-execution-logs').urn;
        settings.dependsOn = settings.dependsOn.filter((urn) => urn !== group);
      },
      messages: [
        "stage 'v1' of REST API 'a1b2c3d4e5' turns execution logging on without waiting for its log group 'API-Gateway-Execution-Logs_a1b2c3d4e5/v1': API Gateway may create the group first, and creating ours then fails. Add the log group to the method settings' dependsOn.",
      ],
      at: [AWS.apigatewayMethodSettings, 'rest-api-method-settings'],
    },
    {
      title: 'a log group for another stage',
      change: (stack) => {
        const group = get(stack, 'rest-api-execution-logs');
        group.inputs.name = 'API-Gateway-Execution-Logs_a1b2c3d4e5/v2';
        const settings = get(stack, 'rest-api-method-settings');
        settings.dependsOn = settings.dependsOn.filter((urn) => urn !== group.urn);
      },
      messages: [
        "stage 'v1' of REST API 'a1b2c3d4e5' logs executions, but the stack does not create its log group 'API-Gateway-Execution-Logs_a1b2c3d4e5/v1': API Gateway would create it itself, unencrypted and never expiring. Create it with apiGatewayExecutionLogGroupName(restApiId, stageName), our KMS key and the environment's retention, and make the stage and its method settings depend on it.",
      ],
      at: [AWS.apigatewayMethodSettings, 'rest-api-method-settings'],
    },
  ],
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
