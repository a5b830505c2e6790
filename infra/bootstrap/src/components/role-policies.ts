import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { PolicyDocument } from '../documents';

export interface RolePoliciesArgs {
  role: pulumi.Input<string>;
  /** Inline policies by physical name: documents over resolved outputs. */
  policies: Readonly<Record<string, pulumi.Input<PolicyDocument>>>;
}

/** A role's inline policies, apart from the role so that they can name resources that must come after it. */
export class RolePolicies extends pulumi.ComponentResource {
  constructor(name: string, args: RolePoliciesArgs, opts?: pulumi.ComponentResourceOptions) {
    super('payments:bootstrap:RolePolicies', name, {}, opts);
    for (const [policyName, document] of Object.entries(args.policies)) {
      new aws.iam.RolePolicy(
        `${name}-${policyName.replace(/^payments-[a-z]+-/, '')}`,
        {
          role: args.role,
          name: policyName,
          policy: pulumi.output(document).apply((d) => JSON.stringify(d)),
        },
        { parent: this },
      );
    }
    this.registerOutputs({});
  }
}
