import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

export interface DashboardArgs {
  /** Physical dashboard name. */
  dashboardName: string;
  region: string;
  apiName: pulumi.Input<string>;
  stageName: pulumi.Input<string>;
  functions: { label: string; functionName: pulumi.Input<string> }[];
  /** Aurora cluster (database stack). */
  clusterIdentifier: pulumi.Input<string>;
  /** NAT gateways (network stack). */
  natGatewayIds: pulumi.Input<string[]>;
}

type Metric = pulumi.Input<pulumi.Input<string | Record<string, string>>[]>;

const WIDTH = 12;
const HEIGHT = 6;

/** One environment's view: the API, its functions, the database behind them and the NAT they egress through. */
export class Dashboard extends pulumi.ComponentResource {
  readonly dashboard: aws.cloudwatch.Dashboard;
  readonly dashboardName: pulumi.Output<string>;

  constructor(name: string, args: DashboardArgs, opts?: pulumi.ComponentResourceOptions) {
    super('payments:api:Dashboard', name, {}, opts);

    const api = (metricName: string, stat: string, label: string): Metric => [
      'AWS/ApiGateway',
      metricName,
      'ApiName',
      args.apiName,
      'Stage',
      args.stageName,
      { stat, label },
    ];
    const lambda = (metricName: string, stat: string): Metric[] =>
      args.functions.map((fn) => [
        'AWS/Lambda',
        metricName,
        'FunctionName',
        fn.functionName,
        { stat, label: `${fn.label} ${metricName}` },
      ]);
    const aurora = (metricName: string, stat: string): Metric => [
      'AWS/RDS',
      metricName,
      'DBClusterIdentifier',
      args.clusterIdentifier,
      { stat, label: metricName },
    ];
    const nat = (metricName: string, stat: string) =>
      pulumi
        .output(args.natGatewayIds)
        .apply((ids) =>
          ids.map((id) => [
            'AWS/NATGateway',
            metricName,
            'NatGatewayId',
            id,
            { stat, label: `${id} ${metricName}` },
          ]),
        );

    const widgets: { title: string; metrics: pulumi.Input<Metric[]> }[] = [
      {
        title: 'API requests and errors',
        metrics: [
          api('Count', 'Sum', 'requests'),
          api('4XXError', 'Sum', '4XX'),
          api('5XXError', 'Sum', '5XX'),
        ],
      },
      {
        title: 'API latency (ms)',
        metrics: [
          api('Latency', 'p50', 'p50'),
          api('Latency', 'p99', 'p99'),
          api('IntegrationLatency', 'p99', 'integration p99'),
        ],
      },
      {
        title: 'Lambda invocations, errors and throttles',
        metrics: [...lambda('Invocations', 'Sum'), ...lambda('Errors', 'Sum'), ...lambda('Throttles', 'Sum')],
      },
      {
        title: 'Lambda duration p99 (ms) and concurrency',
        metrics: [...lambda('Duration', 'p99'), ...lambda('ConcurrentExecutions', 'Maximum')],
      },
      {
        title: 'Aurora capacity',
        metrics: [aurora('ServerlessDatabaseCapacity', 'Average'), aurora('ACUUtilization', 'Average')],
      },
      {
        title: 'Aurora connections and CPU',
        metrics: [aurora('DatabaseConnections', 'Maximum'), aurora('CPUUtilization', 'Average')],
      },
      {
        title: 'NAT gateway errors and drops',
        metrics: pulumi
          .all([nat('ErrorPortAllocation', 'Sum'), nat('PacketsDropCount', 'Sum')])
          .apply((lists) => lists.flat()),
      },
      {
        title: 'NAT gateway traffic',
        metrics: pulumi
          .all([nat('ActiveConnectionCount', 'Maximum'), nat('BytesOutToDestination', 'Sum')])
          .apply((lists) => lists.flat()),
      },
    ];

    this.dashboard = new aws.cloudwatch.Dashboard(
      `${name}-dashboard`,
      {
        dashboardName: args.dashboardName,
        dashboardBody: pulumi.jsonStringify({
          widgets: widgets.map((widget, i) => ({
            type: 'metric',
            x: (i % 2) * WIDTH,
            y: Math.floor(i / 2) * HEIGHT,
            width: WIDTH,
            height: HEIGHT,
            properties: {
              title: widget.title,
              region: args.region,
              view: 'timeSeries',
              stacked: false,
              period: 300,
              metrics: widget.metrics,
            },
          })),
        }),
      },
      { parent: this },
    );

    this.dashboardName = this.dashboard.dashboardName;
    this.registerOutputs({ dashboardName: this.dashboardName });
  }
}
