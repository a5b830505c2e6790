import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

/** A NAT gateway to watch and the physical names of its alarms, by metric. */
export interface NatGatewayAlarms {
  natGatewayId: pulumi.Input<string>;
  alarmNames: Record<NatMetricName, string>;
}

export interface NatAlarmsArgs {
  /** One entry per NAT gateway, in the order the Vpc component numbers them. */
  natGateways: readonly NatGatewayAlarms[];
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

export type NatMetricName = (typeof NAT_METRICS)[number]['metricName'];

/** The name component of gateway `n`'s alarm on `metric`, e.g. `nat-1-packets-dropped`. */
export function natAlarmComponent(n: number, metric: NatMetricName): string {
  return `nat-${n}-${NAT_METRICS.find((m) => m.metricName === metric)?.component}`;
}

const PERIOD_SECONDS = 300;

/** Two alarms per NAT gateway, notifying the environment's alarm topic on alarm and on recovery. */
export class NatAlarms extends pulumi.ComponentResource {
  readonly alarmArns: pulumi.Output<string>[];

  constructor(name: string, args: NatAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('payments:network:NatAlarms', name, {}, opts);

    this.alarmArns = args.natGateways.flatMap(({ natGatewayId, alarmNames }, i) =>
      NAT_METRICS.map((metric) => {
        return new aws.cloudwatch.MetricAlarm(
          `${name}-${natAlarmComponent(i + 1, metric.metricName)}`,
          {
            name: alarmNames[metric.metricName],
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
