import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

export interface MerchantPoolArgs {
  /** Physical names: the user pool, its resource server, and its Cognito prefix domain (global, DESIGN-11). */
  poolName: string;
  resourceServerName: string;
  domainPrefix: pulumi.Input<string>;
  /** The resource server's identifier and its scopes' names: `<identifier>/<name>` in a token's scope claim. */
  resourceServer: { identifier: string; scopes: readonly { name: string; description: string }[] };
  /** Cognito's own deletion protection (prod). */
  deletionProtection: boolean;
  /** DESIGN-9: Pulumi `protect` on the pool, which holds every merchant's credentials (prod). */
  protect: boolean;
}

/**
 * The user pool of the merchants' OAuth 2.0 machine clients: no users, a resource server whose scopes the API's
 * methods require, and the prefix domain that serves `/oauth2/token` for the client credentials grant.
 */
export class MerchantPool extends pulumi.ComponentResource {
  readonly userPool: aws.cognito.UserPool;
  readonly resourceServer: aws.cognito.ResourceServer;
  readonly domain: aws.cognito.UserPoolDomain;
  readonly userPoolId: pulumi.Output<string>;
  readonly userPoolArn: pulumi.Output<string>;
  /** `https://cognito-idp.<region>.amazonaws.com/<pool id>`: the iss claim of the pool's tokens. */
  readonly issuerUrl: pulumi.Output<string>;
  readonly domainPrefix: pulumi.Output<string>;

  constructor(name: string, args: MerchantPoolArgs, opts?: pulumi.ComponentResourceOptions) {
    super('payments:identity:MerchantPool', name, {}, opts);

    this.userPool = new aws.cognito.UserPool(
      `${name}-pool`,
      {
        name: args.poolName,
        // Machine clients only: client credentials are the same price in every feature plan, and no feature of
        // Essentials or Plus applies to them (their threat protection looks at user sign-ins).
        userPoolTier: 'LITE',
        deletionProtection: args.deletionProtection ? 'ACTIVE' : 'INACTIVE',
        // Nobody signs up, and nobody signs in as a user: a user created by hand anyway would need an
        // administrator, a strong password and an authenticator app (AwsSolutions-COG1, COG2), and could recover
        // the account only through an administrator, so the pool sends no email or SMS.
        adminCreateUserConfig: { allowAdminCreateUserOnly: true },
        passwordPolicy: {
          minimumLength: 14,
          requireLowercase: true,
          requireUppercase: true,
          requireNumbers: true,
          requireSymbols: true,
          temporaryPasswordValidityDays: 1,
        },
        mfaConfiguration: 'ON',
        softwareTokenMfaConfiguration: { enabled: true },
        accountRecoverySetting: { recoveryMechanisms: [{ name: 'admin_only', priority: 1 }] },
      },
      { parent: this, protect: args.protect },
    );

    this.resourceServer = new aws.cognito.ResourceServer(
      `${name}-resource-server`,
      {
        userPoolId: this.userPool.id,
        identifier: args.resourceServer.identifier,
        name: args.resourceServerName,
        scopes: args.resourceServer.scopes.map((scope) => ({
          scopeName: scope.name,
          scopeDescription: scope.description,
        })),
      },
      { parent: this },
    );

    this.domain = new aws.cognito.UserPoolDomain(
      `${name}-domain`,
      { userPoolId: this.userPool.id, domain: args.domainPrefix },
      { parent: this },
    );

    this.userPoolId = this.userPool.id;
    this.userPoolArn = this.userPool.arn;
    this.issuerUrl = pulumi.interpolate`https://${this.userPool.endpoint}`;
    this.domainPrefix = this.domain.domain;
    this.registerOutputs({
      userPoolId: this.userPoolId,
      userPoolArn: this.userPoolArn,
      issuerUrl: this.issuerUrl,
      domainPrefix: this.domainPrefix,
    });
  }
}
