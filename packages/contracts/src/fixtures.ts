import type { Domain, Environment } from '@payments/config';
import { stackPath } from '@payments/naming';
import { CONTRACTS, upstreamsOf, type OutputKind } from './contracts';

function sampleValue(domain: Domain, env: Environment, name: string, kind: OutputKind): unknown {
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
