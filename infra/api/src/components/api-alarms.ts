import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

/** Every threshold is compared per 5-minute period (see settings.alarms). */
export const ALARM_PERIOD_SECONDS = 300;

export interface AlarmedFunction {
  /** Kebab-case key for logical names, e.g. `payments`. */
  key: string;
  functionName: pulumi.Input<string>;
  /** Physical alarm names. */
  errorsAlarmName: string;
  throttlesAlarmName: string;
}

export interface ApiAlarmsArgs {
  /** SNS topic of the environment (network stack); alarms notify it on ALARM and on OK. */
  topicArn: pulumi.Input<string>;
  evaluationPeriods: number;
  api: {
    apiName: pulumi.Input<string>;
    stageName: pulumi.Input<string>;
    /** Physical alarm names. */
    errorRateAlarmName: string;
    latencyAlarmName: string;
    /** 5XX responses as a percentage of requests. */
    errorRatePercent: number;
    latencyP99Ms: number;
  };
  functions: AlarmedFunction[];
  lambdaErrors: number;
  lambdaThrottles: number;
  /** The audit outbox: the relay's OldestAgeSeconds metric (embedded metric format) above this many minutes. */
  auditOutbox: {
    relayFunctionName: pulumi.Input<string>;
    namespace: string;
    metricName: string;
    alarmName: string;
    oldestAgeMinutes: number;
    /** Minutes between the relay's runs: the alarm's period is at least that long (at most a day). */
    scheduleMinutes: number;
  };
}

/** The API's 5XX rate and p99 latency, and each function's errors and throttles. */
export class ApiAlarms extends pulumi.ComponentResource {
  readonly alarms: aws.cloudwatch.MetricAlarm[] = [];

  constructor(name: string, args: ApiAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('payments:api:ApiAlarms', name, {}, opts);

    const common = {
      alarmActions: [args.topicArn],
      okActions: [args.topicArn],
      evaluationPeriods: args.evaluationPeriods,
      comparisonOperator: 'GreaterThanThreshold',
      // No requests means no data points: a quiet API (dev at night) is healthy, not alarming.
      treatMissingData: 'notBreaching',
    };
    const apiDimensions = { ApiName: args.api.apiName, Stage: args.api.stageName };
    const alarm = (key: string, alarmArgs: aws.cloudwatch.MetricAlarmArgs) => {
      const created = new aws.cloudwatch.MetricAlarm(
        `${name}-${key}`,
        { ...common, ...alarmArgs },
        { parent: this },
      );
      this.alarms.push(created);
      return created;
    };

    // 5XXError averages to the fraction of requests that failed; the math turns it into a percentage.
    alarm('api-5xx-rate', {
      name: args.api.errorRateAlarmName,
      alarmDescription: `More than ${args.api.errorRatePercent}% of API requests answered 5XX.`,
      threshold: args.api.errorRatePercent,
      metricQueries: [
        { id: 'rate', expression: 'errors * 100', label: '5XX rate (%)', returnData: true },
        {
          id: 'errors',
          returnData: false,
          metric: {
            namespace: 'AWS/ApiGateway',
            metricName: '5XXError',
            dimensions: apiDimensions,
            stat: 'Average',
            period: ALARM_PERIOD_SECONDS,
          },
        },
      ],
    });

    alarm('api-latency-p99', {
      name: args.api.latencyAlarmName,
      alarmDescription: `API p99 latency above ${args.api.latencyP99Ms} ms.`,
      namespace: 'AWS/ApiGateway',
      metricName: 'Latency',
      dimensions: apiDimensions,
      extendedStatistic: 'p99',
      period: ALARM_PERIOD_SECONDS,
      threshold: args.api.latencyP99Ms,
    });

    for (const fn of args.functions) {
      const lambdaMetric = (metricName: string) => ({
        namespace: 'AWS/Lambda',
        metricName,
        dimensions: { FunctionName: fn.functionName },
        statistic: 'Sum',
        period: ALARM_PERIOD_SECONDS,
      });
      alarm(`${fn.key}-errors`, {
        name: fn.errorsAlarmName,
        alarmDescription: `The ${fn.key} function failed more than ${args.lambdaErrors} times in 5 minutes.`,
        ...lambdaMetric('Errors'),
        threshold: args.lambdaErrors,
      });
      alarm(`${fn.key}-throttles`, {
        name: fn.throttlesAlarmName,
        alarmDescription: `The ${fn.key} function was throttled more than ${args.lambdaThrottles} times in 5 minutes.`,
        ...lambdaMetric('Throttles'),
        threshold: args.lambdaThrottles,
      });
    }

    // A committed payment whose audit record is still not in S3 (the relay's puts keep failing), or a relay that did
    // not finish a run in a whole period: it publishes the metric only at the end of a run, so missing data breaches.
    // That also covers the relay's errors and throttles, which therefore have no alarms of their own.
    const { auditOutbox } = args;
    alarm('audit-outbox-age', {
      name: auditOutbox.alarmName,
      alarmDescription:
        `An audit record has waited in the outbox for more than ${auditOutbox.oldestAgeMinutes} minutes, or the ` +
        'audit relay finished no run in the period: check the relay function, its logs and S3.',
      namespace: auditOutbox.namespace,
      metricName: auditOutbox.metricName,
      dimensions: { FunctionName: auditOutbox.relayFunctionName },
      statistic: 'Maximum',
      // CloudWatch evaluates at most a day (period x evaluation periods <= 86,400 s).
      period: Math.min(86_400, Math.max(ALARM_PERIOD_SECONDS, auditOutbox.scheduleMinutes * 60)),
      evaluationPeriods: 1,
      threshold: auditOutbox.oldestAgeMinutes * 60,
      treatMissingData: 'breaching',
    });

    this.registerOutputs({ alarmArns: this.alarms.map((a) => a.arn) });
  }
}
