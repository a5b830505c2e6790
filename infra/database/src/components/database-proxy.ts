import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { PAYMENTS_CONNECTION_BUDGET_PERCENT } from '@payments/config';

/** Physical names of the proxy's resources. */
export interface DatabaseProxyNames {
  proxy: string;
  role: string;
  policy: string;
}

export interface DatabaseProxyArgs {
  names: DatabaseProxyNames;
  clusterIdentifier: pulumi.Input<string>;
  /** The cluster's resource ID: the proxy's `rds-db:connect` is scoped to this cluster's users. */
  clusterResourceId: pulumi.Input<string>;
  port: pulumi.Input<number>;
  /** The network's isolated subnets, as the cluster's. */
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** The database security group, as the cluster's: PostgreSQL from the Lambda functions only. */
  securityGroupId: pulumi.Input<string>;
  account: { partition: pulumi.Input<string>; region: string; accountId: pulumi.Input<string> };
}

/**
 * How long a client waits for a pooled connection before the proxy refuses it, in seconds: well inside the payments
 * function's 10 s, so the handler still answers its own 503 + Retry-After (AWS's default is 120 s).
 */
export const PROXY_BORROW_TIMEOUT_SECONDS = 5;

/** Client connections idle this long are closed by the proxy (AWS's default, 30 minutes: a warm Lambda's lifetime). */
export const PROXY_IDLE_CLIENT_TIMEOUT_SECONDS = 1800;

/** `rds-db:connect` resource of every IAM-enabled user of one cluster (the proxy's own grant). */
export function clusterDbUsersArn(v: {
  partition: string;
  region: string;
  accountId: string;
  clusterResourceId: string;
}): string {
  return `arn:${v.partition}:rds-db:${v.region}:${v.accountId}:dbuser:${v.clusterResourceId}/*`;
}

/** The proxy's resource ID (`prx-...`), the last field of its ARN `arn:aws:rds:<region>:<account>:db-proxy:prx-...`. */
export function proxyResourceId(proxyArn: string): string {
  const id = proxyArn.split(':').pop() ?? '';
  if (!id.startsWith('prx-')) throw new Error(`Not an RDS Proxy ARN: '${proxyArn}'.`);
  return id;
}

/**
 * RDS Proxy in front of the Aurora cluster, with end-to-end IAM authentication (`defaultAuthScheme: IAM_AUTH`):
 * clients sign in to the proxy with IAM tokens over TLS only, and the proxy signs in to the cluster as the same user
 * with IAM too, so there is no database password, in a secret or anywhere. Its role may only `rds-db:connect` to
 * this cluster's users; a user needs `rds_iam` for that, which only `payments_app` has (the master user signs in
 * with its secret, directly: the migrations never use the proxy).
 */
export class DatabaseProxy extends pulumi.ComponentResource {
  readonly endpoint: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;
  readonly resourceId: pulumi.Output<string>;

  constructor(name: string, args: DatabaseProxyArgs, opts?: pulumi.ComponentResourceOptions) {
    super('payments:database:DatabaseProxy', name, {}, opts);
    const { names } = args;

    const role = new aws.iam.Role(
      `${name}-role`,
      {
        name: names.role,
        description:
          'Assumed by RDS Proxy to sign in to the Aurora cluster with IAM database authentication.',
        assumeRolePolicy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'rds.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        }),
      },
      { parent: this },
    );

    const policy = new aws.iam.RolePolicy(
      `${name}-policy`,
      {
        name: names.policy,
        role: role.id,
        policy: pulumi
          .all([args.account.partition, args.account.accountId, args.clusterResourceId])
          .apply(([partition, accountId, clusterResourceId]) =>
            JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                {
                  Sid: 'ConnectAsClusterIamUsers',
                  Effect: 'Allow',
                  Action: ['rds-db:connect'],
                  Resource: clusterDbUsersArn({
                    partition,
                    region: args.account.region,
                    accountId,
                    clusterResourceId,
                  }),
                },
              ],
            }),
          ),
      },
      { parent: this },
    );
    // The proxy's ENIs sit in the database group, which admits PostgreSQL from the Lambda group only and has no
    // egress: the proxy needs PostgreSQL to the cluster, which is in the same group, so one rule each way.
    const sameGroupRules = [
      {
        Rule: aws.vpc.SecurityGroupIngressRule,
        suffix: 'postgres-in',
        description: 'PostgreSQL from the RDS Proxy (same group)',
      },
      {
        Rule: aws.vpc.SecurityGroupEgressRule,
        suffix: 'postgres-out',
        description: 'PostgreSQL from the RDS Proxy to the cluster (same group)',
      },
    ].map(
      ({ Rule, suffix, description }) =>
        new Rule(
          `${name}-${suffix}`,
          {
            securityGroupId: args.securityGroupId,
            description,
            ipProtocol: 'tcp',
            fromPort: args.port,
            toPort: args.port,
            referencedSecurityGroupId: args.securityGroupId,
          },
          { parent: this },
        ),
    );

    const proxy = new aws.rds.Proxy(
      `${name}-proxy`,
      {
        name: names.proxy,
        engineFamily: 'POSTGRESQL',
        defaultAuthScheme: 'IAM_AUTH',
        requireTls: true,
        debugLogging: false,
        idleClientTimeout: PROXY_IDLE_CLIENT_TIMEOUT_SECONDS,
        roleArn: role.arn,
        vpcSubnetIds: args.subnetIds,
        vpcSecurityGroupIds: [args.securityGroupId],
        tags: { Name: names.proxy },
      },
      { parent: this, dependsOn: [policy, ...sameGroupRules] },
    );

    const targetGroup = new aws.rds.ProxyDefaultTargetGroup(
      `${name}-target-group`,
      {
        dbProxyName: proxy.name,
        connectionPoolConfig: {
          // The share of max_connections packages/config budgets for the payments function's concurrency.
          maxConnectionsPercent: PAYMENTS_CONNECTION_BUDGET_PERCENT,
          connectionBorrowTimeout: PROXY_BORROW_TIMEOUT_SECONDS,
        },
      },
      { parent: this },
    );

    new aws.rds.ProxyTarget(
      `${name}-target`,
      {
        dbProxyName: proxy.name,
        targetGroupName: targetGroup.name,
        dbClusterIdentifier: args.clusterIdentifier,
      },
      { parent: this },
    );

    this.endpoint = proxy.endpoint;
    this.arn = proxy.arn;
    this.resourceId = proxy.arn.apply(proxyResourceId);
    this.registerOutputs({ endpoint: this.endpoint, arn: this.arn, resourceId: this.resourceId });
  }
}
