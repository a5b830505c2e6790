import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

export interface AuditRelayScheduleArgs {
  /** Physical name of the EventBridge rule. */
  ruleName: string;
  /** Minutes between runs: `rate(n minutes)`. */
  everyMinutes: number;
  functionName: pulumi.Input<string>;
  functionArn: pulumi.Input<string>;
}

/** `rate(1 minute)` / `rate(5 minutes)`: EventBridge wants the singular unit for 1. */
export function rateExpression(minutes: number): string {
  return `rate(${minutes} ${minutes === 1 ? 'minute' : 'minutes'})`;
}

/**
 * Runs the audit relay on a schedule: an EventBridge rule on the default bus targeting the function, which lets
 * only that rule invoke it. A schedule, not a trigger on the data: Aurora PostgreSQL has no change stream a Lambda
 * can subscribe to, and the outbox is only written to when the request's own put failed, so polling is cheap (scheduled
 * rules are free; one invocation a minute is about 43,800 a month). In prod and staging the database never pauses;
 * dev runs it once a day so that its Aurora can auto-pause (packages/config `api.auditRelay`).
 */
export class AuditRelaySchedule extends pulumi.ComponentResource {
  readonly rule: aws.cloudwatch.EventRule;

  constructor(name: string, args: AuditRelayScheduleArgs, opts?: pulumi.ComponentResourceOptions) {
    super('payments:api:AuditRelaySchedule', name, {}, opts);

    this.rule = new aws.cloudwatch.EventRule(
      `${name}-rule`,
      {
        name: args.ruleName,
        description: 'Runs the audit outbox relay: audit records of committed payments not yet in S3.',
        scheduleExpression: rateExpression(args.everyMinutes),
      },
      { parent: this },
    );

    const permission = new aws.lambda.Permission(
      `${name}-permission`,
      {
        function: args.functionName,
        action: 'lambda:InvokeFunction',
        principal: 'events.amazonaws.com',
        sourceArn: this.rule.arn,
      },
      { parent: this },
    );

    new aws.cloudwatch.EventTarget(
      `${name}-target`,
      { rule: this.rule.name, arn: args.functionArn },
      { parent: this, dependsOn: [permission] },
    );

    this.registerOutputs({ ruleArn: this.rule.arn });
  }
}
