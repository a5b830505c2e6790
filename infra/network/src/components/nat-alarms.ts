import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { Namer } from '@payments/naming';

export interface NatAlarmsArgs {
  namer: Namer;
  /** One entry per NAT gateway, in the order the Vpc component numbers them. */
  natGatewayIds: pulumi.Input<string>[];
  alarmTopicArn: pulumi.Input<string>;
  /** Count per 5-minute period above which an alarm fires (settings.alarms.natErrorPackets). */
  threshold: number;
  evaluationPeriods: number;
}

/** NAT gateway metrics that mean private subnets are losing egress, and what each one says. */
export const NAT_METRICS = [
  {
    metricName: 'ErrorPortAllocation',
    component: 'error-port-allocation',
    description: 'could not allocate a source port: too many concurrent connections to one destination',
  },
  {
    metricName: 'PacketsDropCount',
    component: 'packets-dropped',
    description: 'dropped packets',
  },
] as const;

const PERIOD_SECONDS = 300;

/** Two alarms per NAT gateway, notifying the environment's alarm topic on alarm and on recovery. */
export class NatAlarms extends pulumi.ComponentResource {
  readonly alarmArns: pulumi.Output<string>[];

  constructor(name: string, args: NatAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('payments:network:NatAlarms', name, {}, opts);

    this.alarmArns = args.natGatewayIds.flatMap((natGatewayId, i) =>
      NAT_METRICS.map((metric) => {
        const component = `nat-${i + 1}-${metric.component}`;
        return new aws.cloudwatch.MetricAlarm(
          `${name}-${component}`,
          {
            name: args.namer.physical('cloudwatchAlarm', component),
            alarmDescription: `NAT gateway ${i + 1} ${metric.description}`,
            namespace: 'AWS/NATGateway',
            metricName: metric.metricName,
            dimensions: { NatGatewayId: natGatewayId },
            statistic: 'Sum',
            period: PERIOD_SECONDS,
            comparisonOperator: 'GreaterThanThreshold',
            threshold: args.threshold,
            evaluationPeriods: args.evaluationPeriods,
            // A quiet NAT gateway publishes no data points: that is health, not an outage.
            treatMissingData: 'notBreaching',
            alarmActions: [args.alarmTopicArn],
            okActions: [args.alarmTopicArn],
          },
          { parent: this },
        ).arn;
      }),
    );
    this.registerOutputs({ alarmArns: this.alarmArns });
  }
}
