import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { Settings } from '@payments/config';
import type { Namer } from '@payments/naming';

/** CloudWatch alarm period in seconds; `settings.alarms` thresholds are per 5-minute period. */
export const ALARM_PERIOD_SECONDS = 300;

export interface DatabaseAlarmsArgs {
  namer: Namer;
  clusterIdentifier: pulumi.Input<string>;
  /** The environment's SNS alarm topic, from the network stack. */
  alarmTopicArn: pulumi.Input<string>;
  alarms: Settings['alarms'];
}

/** Alarms on the Aurora cluster: capacity close to its Serverless v2 ceiling, and too many connections. */
export class DatabaseAlarms extends pulumi.ComponentResource {
  readonly alarmArns: pulumi.Output<string>[];

  constructor(name: string, args: DatabaseAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('payments:database:DatabaseAlarms', name, {}, opts);
    const { namer, alarms } = args;

    const common = {
      namespace: 'AWS/RDS',
      dimensions: { DBClusterIdentifier: args.clusterIdentifier },
      period: ALARM_PERIOD_SECONDS,
      evaluationPeriods: alarms.evaluationPeriods,
      comparisonOperator: 'GreaterThanThreshold',
      // A paused or idle cluster reports nothing, which is not a breach of an upper bound.
      treatMissingData: 'notBreaching',
      alarmActions: [args.alarmTopicArn],
      okActions: [args.alarmTopicArn],
    };

    const capacity = new aws.cloudwatch.MetricAlarm(
      `${name}-capacity`,
      {
        ...common,
        name: namer.physical('cloudwatchAlarm', 'aurora-acu-utilization'),
        alarmDescription: `Aurora capacity above ${alarms.auroraMaxCapacityPercent}% of its maxCapacity: raise database.maxCapacity or find the load.`,
        // ACUUtilization is the capacity in use as a percent of the cluster's maxCapacity.
        metricName: 'ACUUtilization',
        statistic: 'Average',
        threshold: alarms.auroraMaxCapacityPercent,
      },
      { parent: this },
    );

    const connections = new aws.cloudwatch.MetricAlarm(
      `${name}-connections`,
      {
        ...common,
        name: namer.physical('cloudwatchAlarm', 'aurora-connections'),
        alarmDescription: `More than ${alarms.auroraConnections} connections to the Aurora cluster: look for a connection leak or add pooling.`,
        metricName: 'DatabaseConnections',
        statistic: 'Maximum',
        threshold: alarms.auroraConnections,
      },
      { parent: this },
    );

    this.alarmArns = [capacity.arn, connections.arn];
    this.registerOutputs({ alarmArns: this.alarmArns });
  }
}
