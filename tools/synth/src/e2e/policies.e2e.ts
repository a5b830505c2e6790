/**
 * The policy pack on the real stacks of every environment (packages/policies), read from the one synth of the 12
 * stacks (global-setup.ts): synth evaluated each stack with its own settings' exemptions, as preview and up do.
 */
import { ENVIRONMENTS, loadSettings, type Domain, type Environment } from '@payments/config';
import { deployOrder } from '@payments/contracts';
import { mandatoryViolations, type PolicyFinding } from '@payments/policies';
import type { SynthDocument } from '../document';
import { documentOf } from './synthesized';

/**
 * Mandatory, non-exempt findings the real stacks have today, as `<env>/<domain> <policy> <resource>: <message>`.
 * Must stay empty: a line here is a breach for the stack's owner to fix, never a reason to weaken a policy.
 */
const KNOWN_VIOLATIONS: string[] = [];

/**
 * The exemptions each environment's config must show (packages/config defaults: WAF, deletion protection, final
 * snapshots and the audit bucket's object lock in prod only; enhanced monitoring, a reader and AWS Backup not in dev).
 */
const EXPECTED_EXEMPT: Record<Environment, string[]> = {
  dev: [
    'storage s3-object-lock',
    'database rds-deletion-protection-and-final-snapshot',
    'database rds-enhanced-monitoring',
    'database rds-cluster-multi-az',
    'database rds-backup-plan',
    'api apigateway-stage-waf',
  ],
  staging: [
    'storage s3-object-lock',
    'database rds-deletion-protection-and-final-snapshot',
    'api apigateway-stage-waf',
  ],
  prod: [],
};

/**
 * The advisory findings each environment's committed config shows (DESIGN-12): dev and staging set no alarm
 * subscription, and prod's committed one is the example.com placeholder a team must replace.
 */
const EXPECTED_ADVISORY: Record<Environment, string[]> = {
  dev: ['network alarm-topic-reaches-someone'],
  staging: ['network alarm-topic-reaches-someone'],
  prod: ['network alarm-topic-reaches-someone'],
};

/** Every finding of one environment's stacks, upstream first, with its stack. */
function findingsOf(env: Environment): { domain: Domain; finding: PolicyFinding }[] {
  return deployOrder().flatMap((domain) => {
    const document = documentOf(env, domain);
    expect(document.policiesEvaluated).toBeGreaterThan(0);
    return document.policy.map((finding) => ({ domain, finding }));
  });
}

describe.each(ENVIRONMENTS)('the synthesized %s stacks', (env) => {
  it('have no mandatory finding that is not exempt', () => {
    const violations = deployOrder().flatMap((domain) =>
      mandatoryViolations(documentOf(env, domain).policy).map(
        (finding) => `${env}/${domain} ${finding.policy} ${finding.urn ?? '(stack)'}: ${finding.message}`,
      ),
    );
    expect(violations).toEqual(KNOWN_VIOLATIONS.filter((v) => v.startsWith(`${env}/`)));
  });

  it("show exactly the exemptions of the environment's config, with their reasons", () => {
    const exempt = findingsOf(env).filter(({ finding }) => finding.exemption !== undefined);
    expect([...new Set(exempt.map(({ domain, finding }) => `${domain} ${finding.policy}`))]).toEqual(
      EXPECTED_EXEMPT[env],
    );
    const reasons = new Map(loadSettings(env).exemptions.map((e) => [e.control, e.reason]));
    for (const { finding } of exempt) {
      const control = finding.description.split(':')[0] as string;
      expect(finding.exemption).toBe(reasons.get(control));
    }
  });

  it('have no advisory finding but what their config says: where alarms go (DESIGN-12)', () => {
    const advisory = findingsOf(env).filter(({ finding }) => finding.enforcementLevel !== 'mandatory');
    expect(advisory.map(({ domain, finding }) => `${domain} ${finding.policy}`)).toEqual(
      EXPECTED_ADVISORY[env],
    );
  });
});

// DESIGN-1: a stack holds only its own environment's resources, resource IDs included. Every ID and ARN a plan
// defines (its exports) or references (in any input, JSON documents included) must belong to its environment
// alone: the same one in two environments' plans means a plan points at another environment's resource, or the
// mocks hand every environment the same IDs and hide it.

/** AWS-shaped IDs and ARNs, wherever they sit in a string. */
const ID_PATTERNS = [
  /arn:aws[\w-]*:[^\s"',\\]+/g,
  /\b(?:vpc|subnet|sg|igw|nat|eipalloc|rtb|vpce|fl|acl|eni)-[0-9a-f]{8,17}\b/g,
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g,
  /\bcluster-[0-9A-Z]{10,}\b/g,
];

/** ARNs AWS owns, the same in every account (managed policies): not resources of ours. */
const AWS_OWNED = /^arn:aws[\w-]*:iam::aws:/;

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

const plansOf = (env: Environment): [Domain, SynthDocument][] =>
  deployOrder().map((domain) => [domain, documentOf(env, domain)]);

/** The IDs and ARNs of one environment's plans, with where each was seen. */
function idsOf(env: Environment): Map<string, string> {
  const ids = new Map<string, string>();
  for (const [domain, plan] of plansOf(env)) {
    // Exported IDs and ARNs, whatever their shape (a REST API ID is 10 bare characters).
    for (const [name, value] of Object.entries(plan.outputs)) {
      if (/(Id|Ids|Arn|Arns)$/.test(name))
        for (const id of strings(value)) ids.set(id, `${domain} output ${name}`);
    }
    for (const resource of plan.resources) {
      for (const text of strings(resource.inputs)) {
        for (const pattern of ID_PATTERNS) {
          for (const [id] of text.matchAll(pattern)) {
            if (!AWS_OWNED.test(id)) ids.set(id, `${domain} ${resource.name}`);
          }
        }
      }
    }
  }
  return ids;
}

describe('the synthesized plans of the three environments', () => {
  it.each(ENVIRONMENTS)(
    'find the IDs %s defines and references: VPC, subnets, keys, the bucket, the API',
    (env) => {
      const ids = idsOf(env);
      const output = (domain: Domain, name: string) => strings(documentOf(env, domain).outputs[name]);
      for (const [domain, name] of [
        ['network', 'vpcId'],
        ['network', 'privateSubnetIds'],
        ['storage', 'kmsKeyArn'],
        ['storage', 'auditBucketArn'],
        ['database', 'clusterResourceId'],
        ['api', 'restApiId'],
      ] as const) {
        const values = output(domain, name);
        expect(values.length).toBeGreaterThan(0);
        for (const id of values) expect(ids.has(id)).toBe(true);
      }
    },
  );

  it.each([
    ['dev', 'staging'],
    ['dev', 'prod'],
    ['staging', 'prod'],
  ] as const)('share no resource ID or ARN between %s and %s', (a, b) => {
    const ours = idsOf(a);
    const shared = [...idsOf(b)].filter(([id]) => ours.has(id)).map(([id, where]) => `${id} (${where})`);
    expect(shared).toEqual([]);
  });
});
