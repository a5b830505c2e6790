import { ENVIRONMENTS, type Environment } from '@payments/config';
import { evaluate } from '../evaluate';
import type { PaymentsPolicy, PolicyExemption, PolicyFinding } from '../types';
import { compliantStack, urnOf, type Fixture } from './fixtures';

/** What one policy reports on `stack` (no exemptions unless given). */
export function findingsOf(
  policy: PaymentsPolicy,
  stack: Fixture,
  env: Environment = 'prod',
  exemptions: readonly PolicyExemption[] = [],
): PolicyFinding[] {
  return evaluate([policy], { env, resources: Object.values(stack), exemptions });
}

/** One breach of a policy: a change to the compliant stack and exactly what the user is told. */
export interface Case {
  title: string;
  env?: Environment;
  change: (stack: Fixture) => void;
  messages: string[];
  /**
   * The resource every finding must point at: its type and logical name in the case's environment, or its URN
   * (none: the stack itself).
   */
  at?: [type: string, name: string] | string;
}

/**
 * Table-driven tests for the policies of one area: each passes the compliant stack of every environment, and each
 * breach in `cases` gives exactly the expected messages. Every policy of the area must have at least one breach.
 */
export function describePolicies(area: readonly PaymentsPolicy[], cases: Record<string, Case[]>): void {
  it('has a breach case for every policy of the area, and no other', () => {
    expect(Object.keys(cases).sort()).toEqual(area.map((p) => p.name).sort());
    for (const list of Object.values(cases)) expect(list.length).toBeGreaterThan(0);
  });

  describe.each(area.map((policy) => [policy.name, policy] as const))('%s', (_name, policy) => {
    it.each(ENVIRONMENTS)('reports nothing on the compliant %s stack', (env) => {
      expect(findingsOf(policy, compliantStack(env), env)).toEqual([]);
    });

    const breaches = (cases[policy.name] ?? []).map((c) => [c.title, c] as const);
    if (breaches.length === 0) return;
    it.each(breaches)('reports %s', (_title, { env = 'prod', change, messages, at }) => {
      const stack = compliantStack(env);
      change(stack);
      const found = findingsOf(policy, stack, env);
      expect(found.map((f) => f.message)).toEqual(messages);
      for (const finding of found) {
        expect(finding).toMatchObject({
          policy: policy.name,
          description: policy.description,
          enforcementLevel: policy.enforcementLevel,
        });
        const urn = typeof at === 'string' ? at : at && urnOf(env, at[0], at[1]);
        expect(finding.urn).toBe(urn);
      }
    });
  });
}
