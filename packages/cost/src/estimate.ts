import { isEnvironment } from '@payments/config';
import { usageFor, type Usage } from './assumptions';
import { PRICES, type PriceFile, type PriceKey } from './prices';

/** Same shape as `CostEstimate` in tools/synth/src/document.ts, so synth stores it as it is. */
export interface CostLine {
  item: string;
  monthly: { min: number; max: number };
  /** The quantity, the assumption behind it and the unit price: enough to redo the arithmetic. */
  assumption: string;
}

export interface CostEstimate {
  currency: 'USD';
  monthly: { min: number; max: number };
  lines: CostLine[];
}

export interface CostResource {
  type: string;
  name?: string;
  inputs: Record<string, unknown>;
}

/** What the estimate reads from a synth document (a `SynthDocument` is one). */
export interface CostInput {
  env: string;
  domain: string;
  resources: CostResource[];
  /**
   * The stack's exports, optional: the storage stack's `paymentsLogGroupName`, `migrationsLogGroupName` and
   * `apiAccessLogGroupName` say which log group carries which traffic.
   */
  outputs?: Record<string, unknown>;
}

export interface EstimateOptions {
  /** Replaces the environment's assumed usage (tests, what-ifs). */
  usage?: Partial<Usage>;
  prices?: PriceFile;
}

const T = {
  nat: 'aws:ec2/natGateway:NatGateway',
  eip: 'aws:ec2/eip:Eip',
  endpoint: 'aws:ec2/vpcEndpoint:VpcEndpoint',
  flowLog: 'aws:ec2/flowLog:FlowLog',
  key: 'aws:kms/key:Key',
  secret: 'aws:secretsmanager/secret:Secret',
  cluster: 'aws:rds/cluster:Cluster',
  instance: 'aws:rds/clusterInstance:ClusterInstance',
  logGroup: 'aws:cloudwatch/logGroup:LogGroup',
  alarm: 'aws:cloudwatch/metricAlarm:MetricAlarm',
  dashboard: 'aws:cloudwatch/dashboard:Dashboard',
  topic: 'aws:sns/topic:Topic',
  stage: 'aws:apigateway/stage:Stage',
  fn: 'aws:lambda/function:Function',
  permission: 'aws:lambda/permission:Permission',
  webAcl: 'aws:wafv2/webAcl:WebAcl',
  bucket: 'aws:s3/bucket:Bucket',
  lifecycle: 'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration',
} as const;

/** AWS resource types with no charge of their own (or charged through another line). */
const FREE_TYPES = new Set([
  'aws:apigateway/account:Account',
  'aws:apigateway/deployment:Deployment',
  'aws:apigateway/integration:Integration',
  'aws:apigateway/method:Method',
  'aws:apigateway/methodSettings:MethodSettings',
  'aws:apigateway/resource:Resource',
  'aws:apigateway/restApi:RestApi',
  'aws:ec2/defaultSecurityGroup:DefaultSecurityGroup',
  'aws:ec2/internetGateway:InternetGateway',
  'aws:ec2/route:Route',
  'aws:ec2/routeTable:RouteTable',
  'aws:ec2/routeTableAssociation:RouteTableAssociation',
  'aws:ec2/securityGroup:SecurityGroup',
  'aws:ec2/subnet:Subnet',
  'aws:ec2/vpc:Vpc',
  'aws:iam/role:Role',
  'aws:iam/rolePolicy:RolePolicy',
  'aws:iam/rolePolicyAttachment:RolePolicyAttachment',
  'aws:kms/alias:Alias',
  // The deploy-time migration run: its Lambda time is the otherFunctionInvocationsPerMonth assumption.
  'aws:lambda/invocation:Invocation',
  'aws:rds/clusterParameterGroup:ClusterParameterGroup',
  'aws:rds/parameterGroup:ParameterGroup',
  'aws:rds/subnetGroup:SubnetGroup',
  'aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration',
  'aws:s3/bucketOwnershipControls:BucketOwnershipControls',
  'aws:s3/bucketPolicy:BucketPolicy',
  'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock',
  'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
  'aws:s3/bucketVersioning:BucketVersioning',
  'aws:sns/topicPolicy:TopicPolicy',
  'aws:sns/topicSubscription:TopicSubscription',
  'aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule',
  'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule',
  'aws:wafv2/webAclAssociation:WebAclAssociation',
]);
const PRICED_TYPES = new Set<string>([...Object.values(T)]);

/** Whole cents; the totals add the rounded lines, so a reader can add them up. */
const cents = (n: number) => Math.round(n * 100) / 100;

const qty = (n: number) =>
  n.toLocaleString('en-US', Math.abs(n) < 1 ? { maximumSignificantDigits: 3 } : { maximumFractionDigits: 3 });
const plural = (n: number, one: string, many = `${one}s`) => `${qty(n)} ${n === 1 ? one : many}`;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const obj = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/**
 * The estimated monthly cost of one synthesized stack. Counts come from the resources (NAT gateways, public IPs,
 * interface endpoints x their subnets, Aurora capacity x serverless instances, keys, secrets, log groups,
 * alarms, dashboards, API stages, functions and their memory, WAF ACLs and rules, buckets and their lifecycle);
 * usage comes from the environment's assumptions (src/assumptions.ts); prices from prices/us-east-1.json.
 * `min` runs Aurora at its configured minimum capacity, `max` at its maximum; every other line is the same in
 * both. One line per item, each saying its quantity, assumption and unit price. Pure: no I/O.
 */
export function estimateCost(document: CostInput, options: EstimateOptions = {}): CostEstimate {
  if (!isEnvironment(document.env)) {
    throw new Error(
      `Cannot estimate the cost of '${document.env}': no usage assumptions for that environment.`,
    );
  }
  const usage: Usage = { ...usageFor(document.env), ...options.usage };
  const prices = options.prices ?? PRICES;
  const p = (key: PriceKey) => prices.prices[key].usd;
  const $ = (key: PriceKey) => {
    const usd = p(key);
    return `$${usd >= 0.01 && Number.isInteger(Math.round(usd * 1e6) / 1e4) ? usd.toFixed(2) : String(usd)}`;
  };
  const hours = usage.hoursPerMonth;
  const months = (days: number) => (days * 24) / hours;

  const resources = document.resources;
  const ofType = (type: string) => resources.filter((r) => r.type === type);
  const lines: CostLine[] = [];
  const add = (item: string, assumption: string, min: number, max = min) =>
    lines.push({ item, monthly: { min: cents(min), max: cents(max) }, assumption });

  // --- Network: NAT, public IPs, endpoints.
  const nats = ofType(T.nat).length;
  if (nats > 0) {
    add(
      'NAT gateways',
      `${plural(nats, 'NAT gateway')} x ${qty(hours)} h x ${$('natGatewayHour')}/h`,
      nats * hours * p('natGatewayHour'),
    );
    add(
      'NAT data processed',
      `${qty(usage.natGbPerMonth)} GB/month through NAT (assumed) x ${$('natGatewayGb')}/GB`,
      usage.natGbPerMonth * p('natGatewayGb'),
    );
  }
  const eips = ofType(T.eip).length;
  if (eips > 0) {
    add(
      'Public IPv4 addresses',
      `${plural(eips, 'Elastic IP')} x ${qty(hours)} h x ${$('publicIpv4Hour')}/h`,
      eips * hours * p('publicIpv4Hour'),
    );
  }
  const endpoints = ofType(T.endpoint);
  const serviceOf = (r: CostResource) => {
    const name = str(r.inputs.serviceName) ?? r.name ?? '?';
    const region = `.${prices.region}.`;
    return name.includes(region) ? name.slice(name.indexOf(region) + region.length) : name;
  };
  const interfaces = endpoints.filter((e) => (str(e.inputs.vpcEndpointType) ?? 'Gateway') === 'Interface');
  if (interfaces.length > 0) {
    const azEndpoints = interfaces.reduce((n, e) => n + Math.max(1, arr(e.inputs.subnetIds).length), 0);
    add(
      `Interface VPC endpoints (${interfaces.map(serviceOf).sort().join(', ')})`,
      `${plural(interfaces.length, 'endpoint')} in ${plural(azEndpoints, 'AZ-endpoint')} (one per subnet) x ${qty(hours)} h x ${$('interfaceEndpointAzHour')}/h`,
      azEndpoints * hours * p('interfaceEndpointAzHour'),
    );
    add(
      'Interface endpoint data processed',
      `${qty(usage.endpointGbPerMonth)} GB/month through the endpoints (assumed) x ${$('interfaceEndpointGb')}/GB`,
      usage.endpointGbPerMonth * p('interfaceEndpointGb'),
    );
  }
  const gateways = endpoints.filter((e) => !interfaces.includes(e));
  if (gateways.length > 0) {
    add(
      `Gateway VPC endpoints (${gateways.map(serviceOf).sort().join(', ')})`,
      'no charge for gateway endpoints',
      0,
    );
  }

  // --- Keys and secrets.
  const keys = ofType(T.key).length;
  if (keys > 0) {
    add(
      'KMS customer managed keys',
      `${plural(keys, 'key')} x ${$('kmsKeyMonth')}/month`,
      keys * p('kmsKeyMonth'),
    );
  }
  const managedSecrets = ofType(T.cluster).filter((c) => c.inputs.manageMasterUserPassword === true).length;
  const secrets = ofType(T.secret).length + managedSecrets;
  if (secrets > 0) {
    add(
      'Secrets Manager secrets',
      `${plural(secrets, 'secret')} (${qty(managedSecrets)} RDS-managed master) x ${$('secretMonth')}/month`,
      secrets * p('secretMonth'),
    );
  }

  // --- Aurora Serverless v2.
  const instances = ofType(T.instance);
  for (const cluster of ofType(T.cluster)) {
    const id = str(cluster.inputs.clusterIdentifier);
    const label = id ?? cluster.name ?? 'cluster';
    const members = instances.filter((i) => id === undefined || str(i.inputs.clusterIdentifier) === id);
    const serverless = members.filter((i) => i.inputs.instanceClass === 'db.serverless').length;
    const other = members.filter((i) => i.inputs.instanceClass !== 'db.serverless');
    if (serverless > 0) {
      const scaling = obj(cluster.inputs.serverlessv2ScalingConfiguration);
      const minAcu = num(scaling.minCapacity) ?? 0;
      const maxAcu = num(scaling.maxCapacity) ?? minAcu;
      const perAcu = serverless * hours * p('auroraServerlessV2AcuHour');
      add(
        `Aurora Serverless v2 compute (${label})`,
        `${plural(serverless, 'serverless instance')} x ${qty(minAcu)} ACU${minAcu === 0 ? ' (auto-paused)' : ''} for min, ` +
          `${qty(maxAcu)} ACU for max (configured range), all month x ${qty(hours)} h x ${$('auroraServerlessV2AcuHour')}/ACU-h`,
        minAcu * perAcu,
        maxAcu * perAcu,
      );
    }
    if (other.length > 0) {
      const classes = [...new Set(other.map((i) => String(i.inputs.instanceClass)))].join(', ');
      add(
        `Aurora provisioned instances (${label})`,
        `not estimated: no price for ${classes} in the price file`,
        0,
      );
    }
    add(
      `Aurora storage (${label})`,
      `${qty(usage.auroraStorageGb)} GB volume (assumed) x ${$('auroraStorageGbMonth')}/GB-month; backups within retention free up to that size`,
      usage.auroraStorageGb * p('auroraStorageGbMonth'),
    );
    add(
      `Aurora I/O (${label})`,
      `${qty(usage.auroraIoMillionsPerMonth)} million I/O requests/month (assumed) x ${$('auroraIoMillion')}/million`,
      usage.auroraIoMillionsPerMonth * p('auroraIoMillion'),
    );
  }

  // --- API traffic: which functions serve the API.
  const apiFunctions = new Set(
    ofType(T.permission)
      .filter((r) => r.inputs.principal === 'apigateway.amazonaws.com')
      .map((r) => str(r.inputs.function) ?? str(r.inputs.functionName))
      .filter((name): name is string => name !== undefined),
  );
  const requests = usage.apiRequestsPerMonth;
  const stages = ofType(T.stage);
  if (stages.length > 0) {
    add(
      'API Gateway REST requests',
      `${qty(requests)} requests/month (assumed) over ${plural(stages.length, 'stage')} x ${$('restApiMillionRequests')}/million`,
      (requests / 1e6) * p('restApiMillionRequests'),
    );
  }

  // --- Lambda.
  const traced: { source: string; count: number }[] = [];
  let apiTraced = stages.some((s) => s.inputs.xrayTracingEnabled === true);
  for (const fn of ofType(T.fn)) {
    const name = str(fn.inputs.name) ?? fn.name ?? 'function';
    const fronted = apiFunctions.has(name);
    const invocations = fronted ? requests : usage.otherFunctionInvocationsPerMonth;
    const ms = fronted ? usage.apiFunctionDurationMs : usage.otherFunctionDurationMs;
    const memoryGb = (num(fn.inputs.memorySize) ?? 128) / 1024;
    const gbSecond: PriceKey = arr(fn.inputs.architectures).includes('arm64')
      ? 'lambdaGbSecondArm'
      : 'lambdaGbSecondX86';
    const gbSeconds = invocations * (ms / 1000) * memoryGb;
    add(
      `Lambda ${name}`,
      `${qty(invocations)} invocations/month (${fronted ? 'API requests' : 'assumed'}) x ${qty(ms)} ms x ${qty(memoryGb)} GB = ` +
        `${qty(gbSeconds)} GB-s x ${$(gbSecond)}/GB-s + invocations x ${$('lambdaMillionRequests')}/million`,
      gbSeconds * p(gbSecond) + (invocations / 1e6) * p('lambdaMillionRequests'),
    );
    if (obj(fn.inputs.tracingConfig).mode === 'Active') {
      // A request traced at the stage and in its function is one trace.
      if (fronted) apiTraced = true;
      else traced.push({ source: `${name} invocations`, count: invocations });
    }
  }
  if (apiTraced) traced.unshift({ source: 'API requests', count: requests });
  if (traced.length > 0) {
    const seconds = hours * 3600;
    // The default sampling rule: the first request each second, then 5% of the rest; traffic spread evenly.
    const sampled = (n: number) => Math.min(n, seconds) + 0.05 * Math.max(0, n - seconds);
    const traces = traced.reduce((n, t) => n + sampled(t.count), 0);
    add(
      'X-Ray traces',
      `${qty(Math.round(traces))} traces/month (default sampling of ${traced.map((t) => `${qty(t.count)} ${t.source}`).join(' + ')}) x ${$('xrayMillionTraces')}/million`,
      (traces / 1e6) * p('xrayMillionTraces'),
    );
  }

  // --- WAF.
  for (const acl of ofType(T.webAcl)) {
    const rules = arr(acl.inputs.rules).length;
    add(
      `WAF web ACL ${str(acl.inputs.name) ?? acl.name ?? ''}`.trim(),
      `1 web ACL x ${$('wafWebAclMonth')} + ${plural(rules, 'rule')} x ${$('wafRuleMonth')} + ${qty(requests)} requests/month (API requests) x ${$('wafMillionRequests')}/million`,
      p('wafWebAclMonth') + rules * p('wafRuleMonth') + (requests / 1e6) * p('wafMillionRequests'),
    );
  }

  // --- CloudWatch Logs: one line per group, ingestion by what writes to it, storage by its retention.
  const flowLogDestinations = ofType(T.flowLog).map((f) => str(f.inputs.logDestination) ?? '');
  const out = document.outputs ?? {};
  for (const group of ofType(T.logGroup)) {
    const name = str(group.inputs.name) ?? group.name ?? 'log group';
    let gb: number;
    let source: string;
    if (name === out.apiAccessLogGroupName) {
      gb = (requests * usage.accessLogKbPerRequest) / 1e6;
      source = `${qty(requests)} API requests x ${qty(usage.accessLogKbPerRequest)} KB`;
    } else if (name === out.paymentsLogGroupName) {
      gb = (requests * usage.functionLogKbPerInvocation) / 1e6;
      source = `${qty(requests)} invocations x ${qty(usage.functionLogKbPerInvocation)} KB`;
    } else if (name === out.migrationsLogGroupName) {
      gb = (usage.otherFunctionInvocationsPerMonth * usage.functionLogKbPerInvocation) / 1e6;
      source = `${qty(usage.otherFunctionInvocationsPerMonth)} invocations x ${qty(usage.functionLogKbPerInvocation)} KB`;
    } else if (
      flowLogDestinations.some((d) => d.endsWith(`:log-group:${name}`) || d.endsWith(`:log-group:${name}:*`))
    ) {
      gb = usage.flowLogGbPerMonth;
      source = 'VPC flow logs, assumed';
    } else if (name.startsWith('/aws/rds/')) {
      gb = usage.databaseLogGbPerMonth;
      source = 'database log, assumed';
    } else {
      gb = usage.otherLogGbPerMonth;
      source = 'unattributed, assumed';
    }
    const retention = num(group.inputs.retentionInDays);
    const storedMonths = retention && retention > 0 ? months(retention) : 12;
    const stored = gb * storedMonths;
    add(
      `Log group ${name}`,
      `${qty(gb)} GB/month ingested (${source}) x ${$('logsIngestGb')}/GB + ${qty(stored)} GB stored ` +
        `(${retention ? `${retention}-day retention` : 'never expires: a year'}) x ${$('logsStorageGbMonth')}/GB-month`,
      gb * p('logsIngestGb') + stored * p('logsStorageGbMonth'),
    );
  }

  // --- Alarms and dashboards: alarms are billed per metric they evaluate.
  const alarms = ofType(T.alarm);
  if (alarms.length > 0) {
    let standard = 0;
    let high = 0;
    for (const alarm of alarms) {
      const queries = arr(alarm.inputs.metricQueries).map(obj);
      const metrics =
        queries.length > 0
          ? queries.filter((q) => q.metric !== undefined).map((q) => obj(q.metric))
          : [alarm.inputs];
      for (const m of metrics) {
        if ((num(m.period) ?? 60) < 60) high += 1;
        else standard += 1;
      }
    }
    add(
      'CloudWatch alarms',
      `${plural(alarms.length, 'alarm')} on ${plural(standard, 'standard metric')} x ${$('alarmMetricMonth')}/month` +
        (high > 0
          ? ` + ${plural(high, 'high-resolution metric')} x ${$('alarmHighResolutionMetricMonth')}/month`
          : ''),
      standard * p('alarmMetricMonth') + high * p('alarmHighResolutionMetricMonth'),
    );
  }
  const dashboards = ofType(T.dashboard).length;
  if (dashboards > 0) {
    add(
      'CloudWatch dashboards',
      `${plural(dashboards, 'dashboard')} x ${$('dashboardMonth')}/month`,
      dashboards * p('dashboardMonth'),
    );
  }
  const topics = ofType(T.topic).length;
  if (topics > 0) {
    add(
      'SNS topics',
      `${plural(topics, 'topic')}: alarm notifications stay within the free tier`,
      topics * p('snsTopicMonth'),
    );
  }

  // --- S3: the steady state of each bucket's lifecycle.
  const lifecycles = ofType(T.lifecycle);
  for (const bucket of ofType(T.bucket)) {
    const name = str(bucket.inputs.bucket) ?? bucket.name ?? 'bucket';
    const rule = lifecycles
      .filter((l) => l.inputs.bucket === name)
      .flatMap((l) => arr(l.inputs.rules).map(obj))
      .find((r) => r.status === 'Enabled');
    const toGlacier = rule
      ? num(
          arr(rule.transitions)
            .map(obj)
            .find((t) => t.storageClass === 'GLACIER')?.days,
        )
      : undefined;
    const expiry = rule ? num(obj(rule.expiration).days) : undefined;
    const perMonth = usage.auditGbPerMonth;
    const standardDays = Math.min(toGlacier ?? Infinity, expiry ?? Infinity);
    const standardMonths = Number.isFinite(standardDays) ? months(standardDays) : 12;
    const glacierMonths =
      toGlacier !== undefined && (expiry === undefined || expiry > toGlacier)
        ? expiry === undefined
          ? 12
          : months(expiry - toGlacier)
        : 0;
    add(
      `S3 Standard (${name})`,
      `${qty(perMonth)} GB written/month (assumed) x ${qty(standardMonths)} months in Standard ` +
        `(${Number.isFinite(standardDays) ? `${standardDays} days` : 'no lifecycle: a year'}) = ${qty(perMonth * standardMonths)} GB x ${$('s3StandardGbMonth')}/GB-month`,
      perMonth * standardMonths * p('s3StandardGbMonth'),
    );
    if (glacierMonths > 0) {
      add(
        `S3 Glacier Flexible Retrieval (${name})`,
        `${qty(perMonth)} GB/month x ${qty(glacierMonths)} months in Glacier ` +
          `(day ${toGlacier} to ${expiry === undefined ? 'a year later' : `expiry at day ${expiry}`}) = ${qty(perMonth * glacierMonths)} GB x ${$('s3GlacierFlexibleGbMonth')}/GB-month`,
        perMonth * glacierMonths * p('s3GlacierFlexibleGbMonth'),
      );
    }
  }

  // --- Anything that may cost money but has no rule here is named, not silently priced at zero.
  const unknown = [
    ...new Set(
      resources
        .filter((r) => r.type.startsWith('aws:') && !PRICED_TYPES.has(r.type) && !FREE_TYPES.has(r.type))
        .map((r) => r.type),
    ),
  ].sort();
  if (unknown.length > 0) {
    add('Not estimated', `no price rule for ${unknown.join(', ')}: counted as $0`, 0);
  }

  return total(lines);
}

function total(lines: CostLine[]): CostEstimate {
  const sum = (pick: (l: CostLine) => number) => cents(lines.reduce((n, l) => n + pick(l), 0));
  return {
    currency: 'USD',
    monthly: { min: sum((l) => l.monthly.min), max: sum((l) => l.monthly.max) },
    lines,
  };
}

/**
 * One environment's estimate from its stacks' estimates, keyed by stack (domain): one line per stack, the
 * totals their sums. A stack with no estimate (`null`) is an error: a partial total would read as the whole.
 */
export function estimateEnvironment(estimates: Record<string, CostEstimate | null>): CostEstimate {
  const lines = Object.entries(estimates).map(([stack, estimate]) => {
    if (!estimate) throw new Error(`No cost estimate for the ${stack} stack: synthesize it first.`);
    return {
      item: stack,
      monthly: { ...estimate.monthly },
      assumption: `sum of the ${stack} stack's ${plural(estimate.lines.length, 'line')}`,
    };
  });
  return total(lines);
}

const usd = (n: number) =>
  `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** `$38.00-$213.20/month` (or one figure when min and max agree). */
export function formatMonthly(estimate: Pick<CostEstimate, 'monthly'>): string {
  const { min, max } = estimate.monthly;
  return min === max ? `${usd(min)}/month` : `${usd(min)}-${usd(max)}/month`;
}

/** The breakdown, one line per item with its assumption, for a summary or a terminal. */
export function formatEstimate(estimate: CostEstimate): string[] {
  const width = Math.max(0, ...estimate.lines.map((l) => l.item.length));
  return estimate.lines.map(
    (l) => `${l.item.padEnd(width)}  ${formatMonthly(l).replace('/month', '')}  ${l.assumption}`,
  );
}
