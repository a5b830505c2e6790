import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

/** AWS managed rule groups every request passes, in evaluation order after the rate limit. */
export const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
] as const;

export interface WafArgs {
  /** Physical web ACL name; also its CloudWatch metric name. */
  webAclName: string;
  /** CloudWatch metric names of the rules: the rate limit and each managed group, by group name. */
  metricNames: { rateLimit: string } & Record<(typeof MANAGED_RULE_GROUPS)[number], string>;
  /** Requests one client IP may send in any 5-minute window before it is blocked. */
  rateLimitPer5Min: number;
  /** The API Gateway stage the web ACL protects. */
  stageArn: pulumi.Input<string>;
  /**
   * Where the web ACL logs every request it sees (WAF.11, PCI DSS 10.2): a log group named `aws-waf-logs-...`
   * (`wafLogGroupName`), encrypted with the storage stack's key, whose policy lets CloudWatch Logs use it for this
   * name; the retention and `protect` of the environment's other log groups.
   */
  logs: { name: string; kmsKeyArn: pulumi.Input<string>; retentionInDays: number; protect: boolean };
}

const visibility = (metricName: string) => ({
  cloudwatchMetricsEnabled: true,
  sampledRequestsEnabled: true,
  metricName,
});

/** A regional WAF web ACL on the API stage (APIGateway.4): per-IP rate limit, then AWS managed rules. */
export class Waf extends pulumi.ComponentResource {
  readonly webAclArn: pulumi.Output<string>;

  constructor(name: string, args: WafArgs, opts?: pulumi.ComponentResourceOptions) {
    super('payments:api:Waf', name, {}, opts);

    const webAcl = new aws.wafv2.WebAcl(
      `${name}-web-acl`,
      {
        name: args.webAclName,
        description: 'Payments API: rate limit and AWS managed rules',
        scope: 'REGIONAL',
        defaultAction: { allow: {} },
        rules: [
          {
            // First, so a flood is dropped before the managed groups spend capacity on it.
            name: 'rate-limit-per-ip',
            priority: 0,
            action: { block: {} },
            statement: {
              rateBasedStatement: { limit: args.rateLimitPer5Min, aggregateKeyType: 'IP' },
            },
            visibilityConfig: visibility(args.metricNames.rateLimit),
          },
          ...MANAGED_RULE_GROUPS.map((group, i) => ({
            name: group,
            priority: i + 1,
            overrideAction: { none: {} },
            statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: group } },
            visibilityConfig: visibility(args.metricNames[group]),
          })),
        ],
        visibilityConfig: visibility(args.webAclName),
      },
      { parent: this },
    );

    new aws.wafv2.WebAclAssociation(
      `${name}-association`,
      { resourceArn: args.stageArn, webAclArn: webAcl.arn },
      { parent: this },
    );

    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { name: args.logs.name, kmsKeyId: args.logs.kmsKeyArn, retentionInDays: args.logs.retentionInDays },
      { parent: this, protect: args.logs.protect },
    );
    new aws.wafv2.WebAclLoggingConfiguration(
      `${name}-logging`,
      {
        resourceArn: webAcl.arn,
        logDestinationConfigs: [logGroup.arn],
        // Merchants' bearer tokens never reach the logs.
        redactedFields: [{ singleHeader: { name: 'authorization' } }],
      },
      { parent: this },
    );

    this.webAclArn = webAcl.arn;
    this.registerOutputs({ webAclArn: this.webAclArn });
  }
}
