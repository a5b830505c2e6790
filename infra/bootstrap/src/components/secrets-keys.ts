import * as pulumi from '@pulumi/pulumi';
import type { Domain } from '@payments/config';
import { CustomerManagedKey, type AwsAccount } from '@payments/stack';

export interface SecretsKeysArgs {
  /** Per stack: the key's `Name` tag and alias, from the stack's namer. */
  names: Readonly<Record<Domain, { keyName: string; aliasName: string }>>;
  account: AwsAccount;
  /** The roles that deploy the stacks (encrypt and decrypt) and preview them (decrypt only). */
  deployRoleArn: pulumi.Input<string>;
  previewRoleArn: pulumi.Input<string>;
  protect: boolean;
}

/**
 * One KMS key per platform stack, each its Pulumi secrets provider (`awskms://alias/...`): a shared key would let
 * whoever deploys one stack decrypt every stack's secrets (pulumi/pulumi#2823, #19245). No stack reads another's
 * secrets (the contracts export none), so each key is granted only to the roles that deploy and preview it.
 */
export class SecretsKeys extends pulumi.ComponentResource {
  readonly arns: Readonly<Record<Domain, pulumi.Output<string>>>;

  constructor(name: string, args: SecretsKeysArgs, opts?: pulumi.ComponentResourceOptions) {
    super('payments:bootstrap:SecretsKeys', name, {}, opts);
    const arns = {} as Record<Domain, pulumi.Output<string>>;
    for (const [domain, names] of Object.entries(args.names) as [
      Domain,
      { keyName: string; aliasName: string },
    ][]) {
      const key = new CustomerManagedKey(
        `${name}-${domain}`,
        {
          ...names,
          description: `Pulumi secrets provider of the payments ${domain} stack.`,
          account: args.account,
          grants: [
            // An administrator's `init` encrypts each stack's new data key; no one but the roles decrypts.
            { accountEncrypts: true },
            { roles: [args.deployRoleArn], use: 'encrypt-decrypt' },
            { roles: [args.previewRoleArn], use: 'decrypt' },
          ],
          protect: args.protect,
        },
        { parent: this },
      );
      arns[domain] = key.arn;
    }
    this.arns = arns;
    this.registerOutputs({ arns: this.arns });
  }
}
