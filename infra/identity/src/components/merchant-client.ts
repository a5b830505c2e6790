import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

export interface MerchantClientArgs {
  /** Physical app client name. */
  clientName: string;
  userPoolId: pulumi.Input<string>;
  /** Full scope names (`payments/read`), each defined by the pool's resource server. */
  scopes: readonly string[];
  accessTokenValidityMinutes: number;
  /** The resource server whose scopes the client is granted: it must exist first. */
  resourceServer: pulumi.Resource;
  /** DESIGN-9: replacing or deleting the client voids the merchant's credentials (prod). */
  protect: boolean;
}

/**
 * One merchant's OAuth 2.0 machine client: the client credentials grant only, with a secret Cognito generates.
 * The secret never leaves Cognito through this stack: no output carries it, and the provider stores it in state
 * as a secret (its `clientSecret` is an additionalSecretOutputs of @pulumi/aws).
 */
export class MerchantClient extends pulumi.ComponentResource {
  readonly clientId: pulumi.Output<string>;

  constructor(name: string, args: MerchantClientArgs, opts?: pulumi.ComponentResourceOptions) {
    super('payments:identity:MerchantClient', name, {}, opts);

    const client = new aws.cognito.UserPoolClient(
      `${name}-client`,
      {
        name: args.clientName,
        userPoolId: args.userPoolId,
        generateSecret: true,
        allowedOauthFlowsUserPoolClient: true,
        allowedOauthFlows: ['client_credentials'],
        allowedOauthScopes: [...args.scopes],
        // No user flow: without this list Cognito would allow SRP and custom authentication too.
        explicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
        accessTokenValidity: args.accessTokenValidityMinutes,
        tokenValidityUnits: { accessToken: 'minutes' },
        enableTokenRevocation: true,
        preventUserExistenceErrors: 'ENABLED',
      },
      { parent: this, dependsOn: [args.resourceServer], protect: args.protect },
    );

    this.clientId = client.id;
    this.registerOutputs({ clientId: this.clientId });
  }
}
