import { DOMAINS, type Domain } from '@payments/config';

/** The value kinds a stack output may have. Outputs are IDs, ARNs, endpoints and names: never objects. */
export type OutputKind = 'string' | 'string[]' | 'number' | 'boolean';

export interface OutputSpec {
  kind: OutputKind;
  description: string;
}

export interface Contract {
  /** Stacks this one reads through StackReferences; Nx deploys them first. */
  readonly upstreams: readonly Domain[];
  readonly outputs: Readonly<Record<string, OutputSpec>>;
}

const out = <K extends OutputKind>(kind: K, description: string) => ({ kind, description }) as const;

/**
 * Every stack's exports, declared once. Producers are type-checked against it, consumers read through it,
 * and the Nx plugin derives the deploy order from `upstreams`.
 */
export const CONTRACTS = {
  network: {
    upstreams: [],
    outputs: {
      vpcId: out('string', 'ID of the environment VPC.'),
      vpcCidr: out('string', 'IPv4 CIDR of the VPC.'),
      availabilityZones: out('string[]', 'Availability zones the subnets span, in subnet order.'),
      publicSubnetIds: out('string[]', 'Subnets with a route to the internet gateway (NAT, load balancers).'),
      privateSubnetIds: out('string[]', 'Subnets with egress through NAT: Lambda functions.'),
      isolatedSubnetIds: out('string[]', 'Subnets with no route out of the VPC: the database.'),
      lambdaSecurityGroupId: out('string', 'Security group of the API Lambda functions.'),
      databaseSecurityGroupId: out('string', 'Security group of the Aurora cluster; 5432 from Lambda only.'),
      natGatewayIds: out('string[]', 'NAT gateways, for alarms and the dashboard.'),
      alarmTopicArn: out('string', 'SNS topic every alarm of the environment notifies.'),
    },
  },
  storage: {
    upstreams: [],
    outputs: {
      kmsKeyArn: out('string', 'KMS key encrypting the audit bucket and the application log groups.'),
      auditBucketName: out('string', 'Audit bucket name.'),
      auditBucketArn: out('string', 'Audit bucket ARN.'),
      paymentsLogGroupName: out('string', 'Log group of the payments Lambda function.'),
      paymentsLogGroupArn: out('string', 'ARN of the payments Lambda log group.'),
      migrationsLogGroupName: out('string', 'Log group of the schema migration Lambda function.'),
      migrationsLogGroupArn: out('string', 'ARN of the migration Lambda log group.'),
      relayLogGroupName: out('string', 'Log group of the audit outbox relay Lambda function.'),
      relayLogGroupArn: out('string', 'ARN of the audit relay Lambda log group.'),
      apiAccessLogGroupName: out('string', 'Log group of the API Gateway access logs.'),
      apiAccessLogGroupArn: out('string', 'ARN of the API access log group.'),
    },
  },
  identity: {
    upstreams: [],
    outputs: {
      userPoolId: out('string', "Cognito user pool of the merchants' OAuth 2.0 machine clients."),
      userPoolArn: out('string', "ARN of the user pool: the provider of the REST API's Cognito authorizer."),
      issuerUrl: out(
        'string',
        "Issuer (iss claim) of the pool's tokens: https://cognito-idp.<region>.amazonaws.com/<user pool ID>.",
      ),
      tokenEndpoint: out(
        'string',
        'OAuth 2.0 token endpoint of the client credentials grant: https://<domain>.auth.<region>.amazoncognito.com/oauth2/token.',
      ),
      resourceServerIdentifier: out(
        'string',
        "Identifier of the API's resource server, the prefix of its scopes.",
      ),
      merchantClients: out(
        'string[]',
        "One '<merchantId>=<clientId>' per merchant app client (client IDs are not secrets; the secrets stay in Cognito).",
      ),
    },
  },
  database: {
    upstreams: ['network'],
    outputs: {
      clusterIdentifier: out('string', 'Aurora cluster identifier.'),
      clusterArn: out('string', 'Aurora cluster ARN.'),
      clusterResourceId: out(
        'string',
        'Cluster resource ID: rds-db:connect IAM policies; a new one is a new cluster (api re-runs the migrations).',
      ),
      writerEndpoint: out('string', 'Writer endpoint host name.'),
      readerEndpoint: out('string', 'Reader endpoint host name.'),
      port: out('number', 'PostgreSQL port.'),
      databaseName: out('string', 'Application database name.'),
      masterUsername: out('string', 'Master user name (not a secret; the password is RDS-managed).'),
      masterSecretArn: out(
        'string',
        'ARN of the RDS-managed Secrets Manager secret holding the master password.',
      ),
      kmsKeyArn: out('string', 'KMS key encrypting the cluster storage and its master secret.'),
      proxyEndpoint: out(
        'string',
        "RDS Proxy endpoint host name (IAM authentication, TLS only), or '' where database.proxy is off (dev).",
      ),
      proxyResourceId: out(
        'string',
        "The proxy's resource ID (prx-...): rds-db:connect IAM policies for the proxy; '' without a proxy.",
      ),
    },
  },
  api: {
    upstreams: ['network', 'database', 'storage', 'identity'],
    outputs: {
      restApiId: out('string', 'API Gateway REST API ID.'),
      apiUrl: out('string', 'Invoke URL of the stage.'),
      stageName: out('string', 'Deployed stage name.'),
      paymentsFunctionName: out('string', 'Payments Lambda function name.'),
      migrationsFunctionName: out('string', 'Schema migration Lambda function name.'),
      dashboardName: out('string', 'CloudWatch dashboard of the environment.'),
    },
  },
} as const satisfies Record<Domain, Contract>;

export type Contracts = typeof CONTRACTS;

type KindType<K extends OutputKind> = K extends 'string'
  ? string
  : K extends 'string[]'
    ? string[]
    : K extends 'number'
      ? number
      : boolean;

/** The plain values a stack exports, as its consumers see them. */
export type OutputValues<D extends Domain> = {
  -readonly [K in keyof Contracts[D]['outputs']]: Contracts[D]['outputs'][K] extends {
    kind: infer Kind extends OutputKind;
  }
    ? KindType<Kind>
    : never;
};

/** Stacks a consumer may read: only its declared upstreams. */
export type UpstreamOf<D extends Domain> = Contracts[D]['upstreams'][number];

/** The deploy edges, consumer -> producers, straight from the declaration. */
export function upstreamsOf(domain: Domain): readonly Domain[] {
  return CONTRACTS[domain].upstreams;
}

/**
 * Stacks in deploy order: each after every stack it reads, directly or not. From `roots` (default: all stacks)
 * and what they read; a cycle in the declaration is an error.
 */
export function deployOrder(roots: readonly Domain[] = DOMAINS): Domain[] {
  const order: Domain[] = [];
  const visit = (d: Domain, path: readonly Domain[]) => {
    if (path.includes(d)) throw new Error(`CONTRACTS has a cycle: ${[...path, d].join(' -> ')}`);
    if (order.includes(d)) return;
    upstreamsOf(d).forEach((u) => visit(u, [...path, d]));
    order.push(d);
  };
  roots.forEach((d) => visit(d, []));
  return order;
}

/** The stacks `domain` reads, directly or not, upstream first. */
export function upstreamsInOrder(domain: Domain): Domain[] {
  return deployOrder([domain]).filter((d) => d !== domain);
}

/** Stacks that read `domain`, i.e. what must be destroyed before it. */
export function downstreamsOf(domain: Domain): Domain[] {
  return (Object.keys(CONTRACTS) as Domain[]).filter((d) => upstreamsOf(d).includes(domain));
}

function kindOf(value: unknown): OutputKind | 'other' {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return 'string[]';
  return 'other';
}

/**
 * The problems in a stack's exports against its declaration: missing outputs and outputs of the wrong kind.
 * Extra outputs are allowed (a producer may export more than anyone reads).
 */
export function contractViolations(domain: Domain, outputs: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(CONTRACTS[domain].outputs)) {
    if (!(name in outputs) || outputs[name] === undefined) {
      problems.push(`missing output '${name}' (${spec.kind})`);
    } else if (kindOf(outputs[name]) !== spec.kind) {
      problems.push(`output '${name}' should be ${spec.kind}, got ${JSON.stringify(outputs[name])}`);
    }
  }
  return problems;
}
