import type * as aws from '@pulumi/aws';
import type { PolicyResource } from '@pulumi/policy';
import type { Unwrap } from '@pulumi/pulumi';
import { AWS } from '../aws-types';
import { belongsTo, ofType, resourcePolicy, stackPolicy } from '../define';
import { record, text } from '../inspect';

// AWS Foundational Security Best Practices controls for API Gateway REST APIs.

type StageArgs = Unwrap<aws.apigateway.StageArgs>;
type MethodSettingsArgs = Unwrap<aws.apigateway.MethodSettingsArgs>;

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
  enforcementLevel: 'mandatory',
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

export const apiGatewayTracing = resourcePolicy<StageArgs>({
  name: 'apigateway-stage-xray-tracing',
  description: 'APIGateway.3: every REST API stage has AWS X-Ray tracing enabled.',
  enforcementLevel: 'mandatory',
  types: [AWS.apigatewayStage],
  validate: (props, _args, report) => {
    if (props.xrayTracingEnabled !== true) {
      report('xrayTracingEnabled is not true: set xrayTracingEnabled: true (api.tracing).');
    }
  },
});

export const apiGatewayWaf = stackPolicy({
  name: 'apigateway-stage-waf',
  description:
    'APIGateway.4: every REST API stage is associated with a WAF web ACL (prod; dev and staging are exempt in config).',
  enforcementLevel: 'mandatory',
  validate: (args, report) => {
    const associations = ofType<Unwrap<aws.wafv2.WebAclAssociationArgs>>(
      args.resources,
      AWS.wafv2WebAclAssociation,
    );
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

export const apiGatewayPolicies = [apiGatewayLogging, apiGatewayTracing, apiGatewayWaf];
