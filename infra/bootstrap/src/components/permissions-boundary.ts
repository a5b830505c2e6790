import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { permissionsBoundary, type BoundaryScope } from '../documents';

export interface PermissionsBoundaryArgs {
  /** Physical name, from the stack's namer: its ARN is in `scope.boundaryArn`, built from the same name. */
  policyName: string;
  scope: pulumi.Input<BoundaryScope>;
}

/** The CI roles' permissions boundary (`permissionsBoundary` in ../documents.ts), a managed policy. */
export class PermissionsBoundary extends pulumi.ComponentResource {
  readonly arn: pulumi.Output<string>;

  constructor(name: string, args: PermissionsBoundaryArgs, opts?: pulumi.ComponentResourceOptions) {
    super('payments:bootstrap:PermissionsBoundary', name, {}, opts);
    const policy = new aws.iam.Policy(
      `${name}-policy`,
      {
        name: args.policyName,
        description:
          'Boundary of the CI roles: no IAM users or keys, no change to CI identities, state or keys.',
        policy: pulumi.output(args.scope).apply((scope) => JSON.stringify(permissionsBoundary(scope))),
      },
      { parent: this },
    );
    this.arn = policy.arn;
    this.registerOutputs({ arn: this.arn });
  }
}
