import type * as aws from '@pulumi/aws';
import type { PolicyResource } from '@pulumi/policy';
import type { Unwrap } from '@pulumi/pulumi';
import { PUBLIC_ROUTES } from '@payments/config';
import { apiGatewayExecutionLogGroupName, isApiGatewayExecutionLogGroupName } from '@payments/naming';
import { AWS } from '@payments/aws-types';
import { belongsTo, ofType, requireTruePolicy, stackPolicy } from '../define';
import { list, record, text } from '../inspect';

// AWS Foundational Security Best Practices controls for API Gateway REST APIs.

type StageArgs = Unwrap<aws.apigateway.StageArgs>;
type MethodSettingsArgs = Unwrap<aws.apigateway.MethodSettingsArgs>;
type WebAclAssociationArgs = Unwrap<aws.wafv2.WebAclAssociationArgs>;

function stageLabel(stage: PolicyResource): string {
  const props = stage.props as StageArgs;
  return `stage '${text(props.stageName) ?? stage.name}' of REST API '${text(props.restApi) ?? '?'}'`;
}

const stages = (resources: readonly PolicyResource[]) => ofType<StageArgs>(resources, AWS.apigatewayStage);

const EXECUTION_LOG_LEVELS = ['ERROR', 'INFO'];

export const apiGatewayLogging = stackPolicy({
  name: 'apigateway-stage-logging',
  description:
    'APIGateway.1: every REST API stage writes access logs to CloudWatch and has execution logging at ERROR or INFO for all methods (aws.apigateway.MethodSettings */*).',
  validate: (args, report) => {
    const settings = ofType<MethodSettingsArgs>(args.resources, AWS.apigatewayMethodSettings);
    for (const { resource: stage, props } of stages(args.resources)) {
      const access = props.accessLogSettings;
      if (text(access?.destinationArn) === undefined || text(access?.format) === undefined) {
        report(
          `${stageLabel(stage)} has no access log: set accessLogSettings: { destinationArn: <the storage stack's apiAccessLogGroupArn>, format: <JSON with $context.requestId, status, ...> }.`,
          stage.urn,
        );
      }
      const mine = settings.filter(({ resource, props: s }) =>
        belongsTo(
          resource,
          stage,
          () =>
            text(s.restApi) !== undefined &&
            text(s.restApi) === text(props.restApi) &&
            text(s.stageName) === text(props.stageName),
        ),
      );
      const logged = mine.some(
        ({ props: s }) =>
          s.methodPath === '*/*' && EXECUTION_LOG_LEVELS.includes(String(record(s.settings)?.loggingLevel)),
      );
      if (!logged) {
        report(
          `${stageLabel(stage)} has no execution logging: add an aws.apigateway.MethodSettings for the stage with methodPath: '*/*' and settings: { loggingLevel: 'ERROR' (or 'INFO'), metricsEnabled: true }.`,
          stage.urn,
        );
      }
    }
  },
});

export const apiGatewayTracing = requireTruePolicy<StageArgs>(AWS.apigatewayStage, {
  name: 'apigateway-stage-xray-tracing',
  description: 'APIGateway.3: every REST API stage has AWS X-Ray tracing enabled.',
  input: 'xrayTracingEnabled',
  fix: '(api.tracing).',
});

export const apiGatewayWaf = stackPolicy({
  name: 'apigateway-stage-waf',
  description:
    'APIGateway.4: every REST API stage is associated with a WAF web ACL (prod; dev and staging are exempt in config).',
  validate: (args, report) => {
    const associations = ofType<WebAclAssociationArgs>(args.resources, AWS.wafv2WebAclAssociation);
    for (const { resource: stage, props } of stages(args.resources)) {
      const stageArnSuffix = `/restapis/${text(props.restApi)}/stages/${text(props.stageName)}`;
      const protectedByWaf = associations.some(({ resource, props: a }) =>
        belongsTo(resource, stage, () => text(a.resourceArn)?.endsWith(stageArnSuffix) ?? false),
      );
      if (!protectedByWaf) {
        report(
          `${stageLabel(stage)} has no WAF web ACL: set api.waf.enabled: true, which adds an aws.wafv2.WebAcl and an aws.wafv2.WebAclAssociation with the stage's ARN.`,
          stage.urn,
        );
      }
    }
  },
});

/** The name API Gateway writes a stage's execution logs to, when both parts are known (they may not be in preview). */
function executionLogGroupNameOf(
  restApi: string | undefined,
  stageName: string | undefined,
): string | undefined {
  if (restApi === undefined || stageName === undefined) return undefined;
  try {
    return apiGatewayExecutionLogGroupName(restApi, stageName);
  } catch {
    return undefined;
  }
}

export const apiGatewayExecutionLogGroup = stackPolicy({
  name: 'apigateway-execution-log-group',
  description:
    "DESIGN-10: a REST API stage with execution logging has its log group API-Gateway-Execution-Logs_<api id>/<stage> created by the stack, before logging starts, so it is encrypted with our key and keeps the environment's retention.",
  validate: (args, report) => {
    const groups = ofType<Unwrap<aws.cloudwatch.LogGroupArgs>>(args.resources, AWS.cloudwatchLogGroup).filter(
      ({ props }) => isApiGatewayExecutionLogGroupName(text(props.name) ?? ''),
    );
    const settings = ofType<MethodSettingsArgs>(args.resources, AWS.apigatewayMethodSettings);
    for (const { resource, props } of settings) {
      if (!EXECUTION_LOG_LEVELS.includes(String(record(props.settings)?.loggingLevel))) continue;
      const restApi = text(props.restApi);
      const stageName = text(props.stageName);
      const expected = executionLogGroupNameOf(restApi, stageName);
      const label = `stage '${stageName ?? '?'}' of REST API '${restApi ?? '?'}'`;
      const group = groups.find(
        ({ resource: g, props: g2 }) =>
          (expected !== undefined && text(g2.name) === expected) ||
          resource.dependencies.some((d) => d.urn === g.urn),
      );
      if (group === undefined) {
        report(
          `${label} logs executions, but the stack does not create its log group '${expected ?? 'API-Gateway-Execution-Logs_<api id>/<stage>'}': API Gateway would create it itself, unencrypted and never expiring. Create it with apiGatewayExecutionLogGroupName(restApiId, stageName), our KMS key and the environment's retention, and make the stage and its method settings depend on it.`,
          resource.urn,
        );
      } else if (!resource.dependencies.some((d) => d.urn === group.resource.urn)) {
        report(
          `${label} turns execution logging on without waiting for its log group '${text(group.props.name) ?? group.resource.name}': API Gateway may create the group first, and creating ours then fails. Add the log group to the method settings' dependsOn.`,
          resource.urn,
        );
      }
    }
  },
});

type MethodArgs = Unwrap<aws.apigateway.MethodArgs>;
type ResourceArgs = Unwrap<aws.apigateway.ResourceArgs>;

/**
 * The one `aws.apigateway.Resource` a resource depends on through `property` (its `resourceId`, its `parentId`),
 * or through any input when the engine does not say which (the offline evaluator); undefined for the API's root.
 */
function resourceBehind(
  resource: PolicyResource,
  property: 'resourceId' | 'parentId',
  resources: readonly PolicyResource[],
): PolicyResource | undefined | 'ambiguous' {
  const viaProperty = resource.propertyDependencies[property];
  const candidates = (viaProperty && viaProperty.length > 0 ? viaProperty : resource.dependencies).filter(
    (d) => d.type === AWS.apigatewayResource,
  );
  if (candidates.length > 1) return 'ambiguous';
  const found = candidates[0];
  return found === undefined ? undefined : resources.find((r) => r.urn === found.urn);
}

/** `/payments/{id}`: a method's path, from its resource's pathPart up through each parent; undefined if unclear. */
function methodPath(method: PolicyResource, resources: readonly PolicyResource[]): string | undefined {
  const segments: string[] = [];
  let current = resourceBehind(method, 'resourceId', resources);
  for (let depth = 0; current !== undefined; depth += 1) {
    if (current === 'ambiguous' || depth > 32) return undefined;
    const pathPart = text((current.props as ResourceArgs).pathPart);
    if (pathPart === undefined) return undefined;
    segments.unshift(pathPart);
    current = resourceBehind(current, 'parentId', resources);
  }
  return `/${segments.join('/')}`;
}

// AWS's authorization types of a REST API method (PutMethod): NONE is open to anyone.
const COGNITO = 'COGNITO_USER_POOLS';

export const apiGatewayMethodAuthorization = stackPolicy({
  name: 'apigateway-method-authorization',
  description:
    'DESIGN-14: every REST API method requires authorization (AwsSolutions-APIG4, Checkov CKV_AWS_59), except the routes packages/config names public; a Cognito-authorized method names at least one scope, so only an access token passes (AwsSolutions-COG4).',
  validate: (args, report) => {
    for (const { resource: method, props } of ofType<MethodArgs>(args.resources, AWS.apigatewayMethod)) {
      const httpMethod = text(props.httpMethod) ?? '?';
      const path = methodPath(method, args.resources);
      const route = path === undefined ? undefined : `${httpMethod} ${path}`;
      const label = route ?? `method '${method.name}'`;
      const authorization = text(props.authorization);
      if (authorization === undefined || authorization.toUpperCase() === 'NONE') {
        if (route !== undefined && PUBLIC_ROUTES.includes(route)) continue;
        report(
          `${label} has authorization ${authorization ?? '(none)'}: anyone on the internet can call it. Give it the Cognito authorizer and its route's scope (authorization: 'COGNITO_USER_POOLS', authorizerId, authorizationScopes), or, if it must be public, add it to PUBLIC_ROUTES in packages/config (public today: ${PUBLIC_ROUTES.join(', ')}).`,
          method.urn,
        );
      } else if (authorization === COGNITO && list(props.authorizationScopes).length === 0) {
        report(
          `${label} uses the Cognito authorizer without authorizationScopes: API Gateway then accepts any ID token of the pool instead of an access token with the route's scope. Set authorizationScopes: ['payments/read'] or ['payments/write'].`,
          method.urn,
        );
      }
    }
  },
});

export const apiGatewayPolicies = [
  apiGatewayMethodAuthorization,
  apiGatewayLogging,
  apiGatewayExecutionLogGroup,
  apiGatewayTracing,
  apiGatewayWaf,
];
