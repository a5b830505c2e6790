import type { Domain, Environment } from '@payments/config';
import { stackPath } from '@payments/naming';
import { CONTRACTS, upstreamsOf, type OutputKind } from './contracts';
import { merchantClientEntry } from './merchants';

/** Samples of outputs whose value has a format of its own, which the generic samples below would break. */
const FORMATTED: Partial<Record<Domain, Record<string, (env: Environment) => unknown>>> = {
  // Dev has no RDS Proxy (packages/config database.proxy), and says so with ''.
  database: {
    proxyEndpoint: (env) => (env === 'dev' ? '' : `database-${env}-proxyEndpoint`),
    proxyResourceId: (env) => (env === 'dev' ? '' : `database-${env}-proxyResourceId`),
  },
  identity: {
    // Two merchants; Cognito app client IDs are 26 lowercase letters and digits.
    merchantClients: (env) => [
      merchantClientEntry('acme-shop', `${env.slice(0, 1)}1acmeclient000000000000000`.slice(0, 26)),
      merchantClientEntry('globex', `${env.slice(0, 1)}2globexclient0000000000000`.slice(0, 26)),
    ],
  },
};

function sampleValue(domain: Domain, env: Environment, name: string, kind: OutputKind): unknown {
  const formatted = FORMATTED[domain]?.[name];
  if (formatted) return formatted(env);
  switch (kind) {
    case 'string':
      return `${domain}-${env}-${name}`;
    case 'string[]':
      return [0, 1, 2].map((i) => `${domain}-${env}-${name}-${i}`);
    case 'number':
      return 5432;
    case 'boolean':
      return true;
  }
}

/**
 * Outputs for every upstream a consumer reads, generated from the producers' declarations, for unit tests
 * of one stack. (synth feeds the producers' real exports instead.)
 */
export function upstreamFixtures(
  consumer: Domain,
  env: Environment,
  org: string,
): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    upstreamsOf(consumer).map((upstream) => [
      stackPath({ org, domain: upstream, env }),
      Object.fromEntries(
        Object.entries(CONTRACTS[upstream].outputs).map(([name, spec]) => [
          name,
          sampleValue(upstream, env, name, spec.kind),
        ]),
      ),
    ]),
  );
}
