import { AWS } from '@payments/aws-types';
import { plural, perUnit, qty, type CostRule } from './rule';

/**
 * The merchants' OAuth 2.0 machine clients: Cognito bills machine-to-machine authorization per app client and per
 * token request, with no free tier (the user pool itself has no users, so no MAU charge).
 */
export const identityCosts: CostRule = {
  types: [AWS.cognitoUserPoolClient],
  estimate({ ofType, usage, price, unitPrice }) {
    const clients = ofType(AWS.cognitoUserPoolClient).length;
    const tokens = clients * usage.tokenRequestsPerClientPerMonth;
    return [
      ...perUnit(
        clients,
        'Cognito M2M app clients',
        `${plural(clients, 'app client')} x ${unitPrice('cognitoM2mAppClientMonth')}/month`,
        price('cognitoM2mAppClientMonth'),
      ),
      ...perUnit(
        clients,
        'Cognito M2M token requests',
        `${plural(clients, 'app client')} x ${qty(usage.tokenRequestsPerClientPerMonth)} token requests/month (assumed) = ${qty(tokens)} x ${unitPrice('cognitoM2mThousandTokenRequests')}/1,000`,
        (usage.tokenRequestsPerClientPerMonth / 1000) * price('cognitoM2mThousandTokenRequests'),
      ),
    ];
  },
};
