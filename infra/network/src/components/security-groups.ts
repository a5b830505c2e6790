import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

/** The groups this component makes, by the name component of each. */
export const SECURITY_GROUPS = ['default', 'lambda', 'database', 'vpc-endpoints'] as const;

export type SecurityGroupKey = (typeof SECURITY_GROUPS)[number];

export interface SecurityGroupsArgs {
  /** Physical name (and `Name` tag) of each group; the default group's is a tag only. */
  names: Readonly<Record<SecurityGroupKey, string>>;
  vpcId: pulumi.Input<string>;
  /** The VPC range: the only source the interface endpoints accept HTTPS from. */
  vpcCidr: pulumi.Input<string>;
  /** The PostgreSQL port of the Aurora cluster. */
  databasePort: number;
}

const HTTPS = 443;

/**
 * The VPC's security groups. Rules are separate resources (one per rule, never inline) so a rule change
 * replaces only that rule; no group admits anything from 0.0.0.0/0 (EC2.18/EC2.19).
 */
export class SecurityGroups extends pulumi.ComponentResource {
  readonly lambdaSecurityGroupId: pulumi.Output<string>;
  readonly databaseSecurityGroupId: pulumi.Output<string>;
  readonly endpointsSecurityGroupId: pulumi.Output<string>;

  constructor(name: string, args: SecurityGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('payments:network:SecurityGroups', name, {}, opts);
    const { names } = args;

    // Adopting the default group without rules removes AWS's allow-all rules from it (EC2.2).
    new aws.ec2.DefaultSecurityGroup(
      `${name}-default`,
      { vpcId: args.vpcId, tags: { Name: names.default } },
      { parent: this },
    );

    const group = (component: Exclude<SecurityGroupKey, 'default'>, description: string) =>
      new aws.ec2.SecurityGroup(
        `${name}-${component}`,
        {
          name: names[component],
          description,
          vpcId: args.vpcId,
          // The lambda and database groups reference each other; drop the rules first so either can go.
          revokeRulesOnDelete: true,
          tags: { Name: names[component] },
        },
        { parent: this },
      );
    const lambda = group('lambda', 'API Lambda functions: HTTPS out, PostgreSQL to the database, nothing in');
    const database = group('database', 'Aurora cluster: PostgreSQL from the Lambda functions only');
    const endpoints = group('vpc-endpoints', 'Interface VPC endpoints: HTTPS from inside the VPC only');

    // AWS APIs through the interface endpoints, S3 through its gateway endpoint, the rest through NAT.
    new aws.vpc.SecurityGroupEgressRule(
      `${name}-lambda-https-out`,
      {
        securityGroupId: lambda.id,
        description: 'HTTPS to AWS APIs (VPC endpoints, S3 gateway, NAT)',
        ipProtocol: 'tcp',
        fromPort: HTTPS,
        toPort: HTTPS,
        cidrIpv4: '0.0.0.0/0',
      },
      { parent: this },
    );
    new aws.vpc.SecurityGroupEgressRule(
      `${name}-lambda-postgres-out`,
      {
        securityGroupId: lambda.id,
        description: 'PostgreSQL to the Aurora cluster',
        ipProtocol: 'tcp',
        fromPort: args.databasePort,
        toPort: args.databasePort,
        referencedSecurityGroupId: database.id,
      },
      { parent: this },
    );
    new aws.vpc.SecurityGroupIngressRule(
      `${name}-database-postgres-in`,
      {
        securityGroupId: database.id,
        description: 'PostgreSQL from the API Lambda functions',
        ipProtocol: 'tcp',
        fromPort: args.databasePort,
        toPort: args.databasePort,
        referencedSecurityGroupId: lambda.id,
      },
      { parent: this },
    );
    new aws.vpc.SecurityGroupIngressRule(
      `${name}-vpc-endpoints-https-in`,
      {
        securityGroupId: endpoints.id,
        description: 'HTTPS from inside the VPC',
        ipProtocol: 'tcp',
        fromPort: HTTPS,
        toPort: HTTPS,
        cidrIpv4: args.vpcCidr,
      },
      { parent: this },
    );

    this.lambdaSecurityGroupId = lambda.id;
    this.databaseSecurityGroupId = database.id;
    this.endpointsSecurityGroupId = endpoints.id;
    this.registerOutputs({
      lambdaSecurityGroupId: this.lambdaSecurityGroupId,
      databaseSecurityGroupId: this.databaseSecurityGroupId,
      endpointsSecurityGroupId: this.endpointsSecurityGroupId,
    });
  }
}
