import * as pulumi from '@pulumi/pulumi';
import { OAUTH_RESOURCE_SERVER, OAUTH_SCOPES } from '@payments/config';
import { merchantClientEntry, type StackExports } from '@payments/contracts';
import type { StackContext } from '@payments/stack';
import { MerchantClient } from './components/merchant-client';
import { MerchantPool } from './components/merchant-pool';

/** What each scope lets a merchant's client do: shown in Cognito's console beside the scope. */
const SCOPE_DESCRIPTIONS: Record<(typeof OAUTH_SCOPES)[number], string> = {
  'payments/read': "Read the merchant's own payments (GET /payments/{id})",
  'payments/write': 'Create payments for the merchant (POST /payments)',
};

/**
 * The identity stack: the merchants' user pool, its `payments` resource server and token endpoint domain, and one
 * app client per merchant of `identity.merchants`. Upstream of api, which authorizes with the pool and maps each
 * app client to its merchant.
 */
export function createIdentityStack(ctx: StackContext): StackExports<'identity'> {
  const { namer, settings } = ctx;
  const opts = { provider: ctx.provider };
  const { identity } = settings;

  const pool = new MerchantPool(
    namer.logical('merchants'),
    {
      poolName: namer.physical('cognitoUserPool', 'merchants'),
      resourceServerName: namer.physical('cognitoResourceServer', 'api'),
      // DESIGN-11: prefix domains are unique per region across all accounts.
      domainPrefix: ctx.account.accountId.apply((accountId) =>
        namer.globalPhysical('cognitoDomain', 'merchants', { accountId, region: ctx.account.region }),
      ),
      resourceServer: {
        identifier: OAUTH_RESOURCE_SERVER,
        scopes: OAUTH_SCOPES.map((scope) => ({
          name: scope.slice(`${OAUTH_RESOURCE_SERVER}/`.length),
          description: SCOPE_DESCRIPTIONS[scope],
        })),
      },
      deletionProtection: identity.deletionProtection,
      // DESIGN-9: `protect` on stateful resources (on in prod).
      protect: settings.protect,
    },
    opts,
  );

  const clients = identity.merchants.map((merchant) => {
    const client = new MerchantClient(
      namer.logical(`merchant-${merchant.id}`),
      {
        clientName: namer.physical('cognitoUserPoolClient', `merchant-${merchant.id}`),
        userPoolId: pool.userPoolId,
        scopes: merchant.scopes,
        accessTokenValidityMinutes: identity.accessTokenValidityMinutes,
        resourceServer: pool.resourceServer,
        protect: settings.protect,
      },
      opts,
    );
    return client.clientId.apply((clientId) => merchantClientEntry(merchant.id, clientId));
  });

  return {
    userPoolId: pool.userPoolId,
    userPoolArn: pool.userPoolArn,
    issuerUrl: pool.issuerUrl,
    tokenEndpoint: pulumi.interpolate`https://${pool.domainPrefix}.auth.${ctx.account.region}.amazoncognito.com/oauth2/token`,
    resourceServerIdentifier: pool.resourceServer.identifier,
    merchantClients: pulumi.all(clients),
  };
}
