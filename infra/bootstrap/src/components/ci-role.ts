import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { githubTrustPolicy } from '../documents';

export interface CiRoleArgs {
  roleName: string;
  description: string;
  oidcProviderArn: pulumi.Input<string>;
  /** Exact OIDC `sub` values of the jobs that may assume the role. */
  subjects: readonly string[];
  permissionsBoundaryArn: pulumi.Input<string>;
  /** AWS managed policies (`PowerUserAccess`, `ReadOnlyAccess`), by name. */
  managedPolicies: readonly string[];
  partition: pulumi.Input<string>;
  maxSessionHours: number;
}

/**
 * A role GitHub Actions assumes through OIDC, under the CI permissions boundary, with AWS managed policies. Its own
 * inline policies name the keys, which name the role: they are a `RolePolicies` of their own, created after the keys.
 */
export class CiRole extends pulumi.ComponentResource {
  readonly arn: pulumi.Output<string>;
  readonly name: pulumi.Output<string>;

  constructor(name: string, args: CiRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super('payments:bootstrap:CiRole', name, {}, opts);
    const role = new aws.iam.Role(
      `${name}-role`,
      {
        name: args.roleName,
        description: args.description,
        assumeRolePolicy: pulumi
          .output(args.oidcProviderArn)
          .apply((providerArn) =>
            JSON.stringify(githubTrustPolicy({ providerArn, subjects: args.subjects })),
          ),
        permissionsBoundary: args.permissionsBoundaryArn,
        maxSessionDuration: args.maxSessionHours * 3600,
      },
      { parent: this },
    );
    for (const managed of args.managedPolicies) {
      new aws.iam.RolePolicyAttachment(
        `${name}-${managed.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}`,
        { role: role.name, policyArn: pulumi.interpolate`arn:${args.partition}:iam::aws:policy/${managed}` },
        { parent: this },
      );
    }
    this.arn = role.arn;
    this.name = role.name;
    this.registerOutputs({ arn: this.arn, name: this.name });
  }
}
