import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { Settings } from '@payments/config';

/** CloudWatch alarm period in seconds; `settings.alarms` thresholds are per 5-minute period. */
export const ALARM_PERIOD_SECONDS = 300;

/** An instance whose capacity is alarmed, and the physical name of its alarm. */
export interface AlarmedInstance {
  instanceIdentifier: pulumi.Input<string>;
  capacityAlarmName: string;
}

export interface DatabaseAlarmsArgs {
  clusterIdentifier: pulumi.Input<string>;
  /** The cluster's instances, writer (instance 1) first: capacity is alarmed per instance. */
  instances: readonly AlarmedInstance[];
  /** Physical name of the cluster's connections alarm. */
  connectionsAlarmName: string;
  /** The environment's SNS alarm topic, from the network stack. */
  alarmTopicArn: pulumi.Input<string>;
  alarms: Settings['alarms'];
}

/**
 * Alarms on the Aurora cluster: each instance's capacity close to the Serverless v2 ceiling, and too many
 * connections.
 */
export class DatabaseAlarms extends pulumi.ComponentResource {
  readonly alarmArns: pulumi.Output<string>[];

  constructor(name: string, args: DatabaseAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('payments:database:DatabaseAlarms', name, {}, opts);
    const { alarms } = args;

    const common = {
      namespace: 'AWS/RDS',
      period: ALARM_PERIOD_SECONDS,
      evaluationPeriods: alarms.evaluationPeriods,
      comparisonOperator: 'GreaterThanThreshold',
      // A paused or idle cluster reports nothing, which is not a breach of an upper bound.
      treatMissingData: 'notBreaching',
      alarmActions: [args.alarmTopicArn],
      okActions: [args.alarmTopicArn],
    };

    // ACUUtilization is an instance's capacity as a percent of the cluster's maxCapacity. At cluster level it is
    // the average over writer and readers, so a saturated writer beside idle readers stays under any threshold:
    // alarm on each instance (dimension DBInstanceIdentifier) and on its Maximum within the period.
    // https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.setting-capacity.html
    // (Amazon CloudWatch metrics for Aurora Serverless v2) and .../Aurora.AuroraMonitoring.Metrics.html (dimensions)
    const capacity = args.instances.map(
      ({ instanceIdentifier, capacityAlarmName }, index) =>
        new aws.cloudwatch.MetricAlarm(
          `${name}-capacity-${index + 1}`,
          {
            ...common,
            name: capacityAlarmName,
            alarmDescription: `Aurora instance ${index + 1} above ${alarms.auroraMaxCapacityPercent}% of maxCapacity: raise database.maxCapacity or find the load.`,
            dimensions: { DBInstanceIdentifier: instanceIdentifier },
            metricName: 'ACUUtilization',
            statistic: 'Maximum',
            threshold: alarms.auroraMaxCapacityPercent,
          },
          { parent: this },
        ),
    );

    const connections = new aws.cloudwatch.MetricAlarm(
      `${name}-connections`,
      {
        ...common,
        name: args.connectionsAlarmName,
        alarmDescription: `More than ${alarms.auroraConnections} connections to the Aurora cluster: look for a connection leak or add pooling.`,
        dimensions: { DBClusterIdentifier: args.clusterIdentifier },
        metricName: 'DatabaseConnections',
        statistic: 'Maximum',
        threshold: alarms.auroraConnections,
      },
      { parent: this },
    );

    this.alarmArns = [...capacity.map((alarm) => alarm.arn), connections.arn];
    this.registerOutputs({ alarmArns: this.alarmArns });
  }
}
