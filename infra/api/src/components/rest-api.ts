import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { apiGatewayExecutionLogGroupName } from '@payments/naming';
import { ROUTES, pathParameters, pathSegments, pathSlug, routeConfigHash } from '../routes';

/**
 * One JSON object per request (APIGateway.1). No request or response bodies and no headers beyond the user
 * agent: payment data never reaches the access log.
 */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  requestTime: '$context.requestTime',
  sourceIp: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  protocol: '$context.protocol',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationStatus: '$context.integration.status',
  integrationLatency: '$context.integration.latency',
  integrationError: '$context.integration.error',
  errorMessage: '$context.error.message',
  wafResponseCode: '$context.wafResponseCode',
  xrayTraceId: '$context.xrayTraceId',
});

/** Declares a route's path parameters as required (`/payments/{id}` -> `method.request.path.id`). */
function requestParameters(path: string): Record<string, boolean> | undefined {
  const params = pathParameters(path);
  if (params.length === 0) return undefined;
  return Object.fromEntries(params.map((param) => [`method.request.path.${param}`, true]));
}

export interface RestApiArgs {
  /** Physical API name. */
  apiName: string;
  stageName: string;
  /**
   * The Cognito authorizer of every route but the public ones: its physical name and the merchants' user pool
   * (identity stack). Each method requires its route's scope, so only an access token of the pool passes.
   */
  authorizer: { name: string; userPoolArn: pulumi.Input<string> };
  /** Physical name of the request validator every method uses (AwsSolutions-APIG2). */
  requestValidatorName: string;
  /** The function every route proxies to. */
  handler: { functionName: pulumi.Input<string>; invokeArn: pulumi.Input<string> };
  /** ARN of the access log group (storage stack). */
  accessLogGroupArn: pulumi.Input<string>;
  tracing: boolean;
  throttling: { rateLimit: number; burstLimit: number };
  /**
   * The execution log group's settings. API Gateway would otherwise create `API-Gateway-Execution-Logs_<id>/<stage>`
   * itself, unencrypted and kept forever; the key's policy must let CloudWatch Logs use it for that name.
   */
  executionLogs: { kmsKeyArn: pulumi.Input<string>; retentionInDays: number; protect: boolean };
}

/**
 * The regional REST API: the routes (`ROUTES`) proxied to one Lambda function, each but the public ones behind a
 * Cognito authorizer requiring its scope; a logged, traced and throttled stage.
 */
export class RestApi extends pulumi.ComponentResource {
  readonly api: aws.apigateway.RestApi;
  readonly authorizer: aws.apigateway.Authorizer;
  readonly deployment: aws.apigateway.Deployment;
  readonly stage: aws.apigateway.Stage;
  readonly executionLogGroup: aws.cloudwatch.LogGroup;
  readonly restApiId: pulumi.Output<string>;
  readonly apiName: pulumi.Output<string>;
  readonly stageName: pulumi.Output<string>;
  readonly stageArn: pulumi.Output<string>;
  readonly invokeUrl: pulumi.Output<string>;

  constructor(name: string, args: RestApiArgs, opts?: pulumi.ComponentResourceOptions) {
    super('payments:api:RestApi', name, {}, opts);

    this.api = new aws.apigateway.RestApi(
      `${name}-api`,
      {
        name: args.apiName,
        description: 'Payments API',
        endpointConfiguration: { types: 'REGIONAL' },
      },
      { parent: this },
    );

    // One API Gateway resource per distinct path prefix, parents first.
    const resources = new Map<string, aws.apigateway.Resource>();
    const resourceId = (segments: string[]): pulumi.Output<string> => {
      if (segments.length === 0) return this.api.rootResourceId;
      const path = `/${segments.join('/')}`;
      let resource = resources.get(path);
      if (!resource) {
        resource = new aws.apigateway.Resource(
          `${name}-${pathSlug(path)}`,
          {
            restApi: this.api.id,
            parentId: resourceId(segments.slice(0, -1)),
            pathPart: segments[segments.length - 1] as string,
          },
          { parent: this },
        );
        resources.set(path, resource);
      }
      return resource.id;
    };

    // API Gateway validates the token (signature, issuer, expiry) and, because every method names scopes, accepts
    // only an access token holding one of them (AwsSolutions-APIG4, AwsSolutions-COG4).
    this.authorizer = new aws.apigateway.Authorizer(
      `${name}-authorizer`,
      {
        restApi: this.api.id,
        name: args.authorizer.name,
        type: 'COGNITO_USER_POOLS',
        providerArns: [args.authorizer.userPoolArn],
        identitySource: 'method.request.header.Authorization',
      },
      { parent: this },
    );

    // API Gateway refuses a request missing a declared path parameter, or a body that fails the method's model,
    // before the function runs (AwsSolutions-APIG2, Checkov CKV2_AWS_53).
    const validator = new aws.apigateway.RequestValidator(
      `${name}-request-validator`,
      {
        restApi: this.api.id,
        name: args.requestValidatorName,
        validateRequestParameters: true,
        validateRequestBody: true,
      },
      { parent: this },
    );

    const routeResources: pulumi.Resource[] = [this.authorizer, validator];
    for (const route of ROUTES) {
      const routeName = `${name}-${route.method.toLowerCase()}-${pathSlug(route.path)}`;
      const method = new aws.apigateway.Method(
        `${routeName}-method`,
        {
          restApi: this.api.id,
          resourceId: resourceId(pathSegments(route.path)),
          httpMethod: route.method,
          ...(route.access === 'public'
            ? { authorization: 'NONE' }
            : {
                authorization: 'COGNITO_USER_POOLS',
                authorizerId: this.authorizer.id,
                authorizationScopes: [route.access],
              }),
          requestParameters: requestParameters(route.path),
          requestValidatorId: validator.id,
        },
        { parent: this },
      );
      const integration = new aws.apigateway.Integration(
        `${routeName}-integration`,
        {
          restApi: this.api.id,
          resourceId: method.resourceId,
          httpMethod: method.httpMethod,
          type: 'AWS_PROXY',
          // Lambda is always invoked with POST, whatever the client's method.
          integrationHttpMethod: 'POST',
          uri: args.handler.invokeArn,
        },
        { parent: this },
      );
      routeResources.push(method, integration);
    }

    new aws.lambda.Permission(
      `${name}-invoke-permission`,
      {
        action: 'lambda:InvokeFunction',
        function: args.handler.functionName,
        principal: 'apigateway.amazonaws.com',
        sourceArn: pulumi.interpolate`${this.api.executionArn}/*/*`,
      },
      { parent: this },
    );

    this.deployment = new aws.apigateway.Deployment(
      `${name}-deployment`,
      {
        restApi: this.api.id,
        description: 'Payments API routes',
        triggers: {
          redeployment: pulumi
            .all([args.handler.invokeArn, this.authorizer.id])
            .apply(([uri, authorizerId]) => routeConfigHash(ROUTES, uri, authorizerId)),
          // The methods validate with it: a new validator needs a new deployment too.
          requestValidator: validator.id,
        },
      },
      {
        parent: this,
        // A deployment snapshots the methods and integrations as they are when it is created.
        dependsOn: routeResources,
        // Create the new deployment and move the stage onto it before the old one is deleted (Pulumi's
        // default, spelled out: the stage must never point at a deleted deployment).
        deleteBeforeReplace: false,
      },
    );

    // Created before execution logging is on, so API Gateway writes into it rather than creating its own.
    this.executionLogGroup = new aws.cloudwatch.LogGroup(
      `${name}-execution-logs`,
      {
        name: this.api.id.apply((id) => apiGatewayExecutionLogGroupName(id, args.stageName)),
        kmsKeyId: args.executionLogs.kmsKeyArn,
        retentionInDays: args.executionLogs.retentionInDays,
      },
      { parent: this, protect: args.executionLogs.protect },
    );
    // API Gateway refuses access and execution logging until the account's CloudWatch role is set: the bootstrap
    // stack sets it (infra/bootstrap ApiGatewayAccount), before any stack of the account deploys.
    const logging = [this.executionLogGroup];

    this.stage = new aws.apigateway.Stage(
      `${name}-stage`,
      {
        restApi: this.api.id,
        deployment: this.deployment.id,
        stageName: args.stageName,
        accessLogSettings: { destinationArn: args.accessLogGroupArn, format: ACCESS_LOG_FORMAT },
        xrayTracingEnabled: args.tracing,
      },
      { parent: this, dependsOn: logging },
    );

    new aws.apigateway.MethodSettings(
      `${name}-method-settings`,
      {
        restApi: this.api.id,
        stageName: this.stage.stageName,
        methodPath: '*/*',
        settings: {
          throttlingRateLimit: args.throttling.rateLimit,
          throttlingBurstLimit: args.throttling.burstLimit,
          metricsEnabled: true,
          loggingLevel: 'ERROR',
          // Data tracing would log full requests and responses, i.e. payment data.
          dataTraceEnabled: false,
        },
      },
      // Execution logging starts here: the log group must exist first.
      { parent: this, dependsOn: logging },
    );

    this.restApiId = this.api.id;
    this.apiName = this.api.name;
    this.stageName = this.stage.stageName;
    this.stageArn = this.stage.arn;
    this.invokeUrl = this.stage.invokeUrl;
    this.registerOutputs({
      restApiId: this.restApiId,
      apiName: this.apiName,
      stageName: this.stageName,
      stageArn: this.stageArn,
      invokeUrl: this.invokeUrl,
    });
  }
}
