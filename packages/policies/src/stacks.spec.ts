import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ENVIRONMENTS, loadSettings, type Environment } from '@payments/config';
import { evaluatePolicies } from './policies';
import type { PolicyFinding, PolicyInputResource } from './types';

// The real stacks of every environment, synthesized offline under mocks, evaluated by the pack.

jest.setTimeout(180_000);

const repoRoot = resolve(__dirname, '../../..');
const DOMAINS = ['network', 'storage', 'database', 'api'] as const;
type Domain = (typeof DOMAINS)[number];

interface Synth {
  synthProject(options: {
    workspaceRoot: string;
    projectRoot: string;
    projectName: string;
    env: Environment;
    log?: (line: string) => void;
  }): Promise<{ success: boolean; error?: string; file?: string }>;
  stackConfig(projectRoot: string, project: string, env: Environment): Record<string, string>;
}

// Resolved at run time on purpose: synth imports this package to evaluate the pack, so a static import here would
// make the Nx project graph circular (policies <-> synth).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const synth = require(join(repoRoot, 'tools', 'synth', 'src')) as Synth;

/**
 * Mandatory, non-exempt findings the real stacks have today, as `<env>/<domain> <policy> <resource>: <message>`.
 * Must stay empty: a line here is a breach for the stack's owner to fix, never a reason to weaken a policy.
 */
const KNOWN_VIOLATIONS: string[] = [];

/** The exemptions each environment's config must show (packages/config defaults: WAF, deletion protection and final snapshots in prod only). */
const EXPECTED_EXEMPT: Record<Environment, string[]> = {
  dev: ['database rds-deletion-protection-and-final-snapshot', 'api apigateway-stage-waf'],
  staging: ['database rds-deletion-protection-and-final-snapshot', 'api apigateway-stage-waf'],
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

interface Plan {
  domain: Domain;
  resources: PolicyInputResource[];
  outputs: Record<string, unknown>;
}

const findings: Record<string, { domain: Domain; finding: PolicyFinding }[]> = {};
const plans: Record<string, Plan[]> = {};
let workspace: string;

beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'policies-stacks-'));
  for (const env of ENVIRONMENTS) {
    findings[env] = [];
    plans[env] = [];
    for (const domain of DOMAINS) {
      const projectRoot = join(repoRoot, 'infra', domain);
      const result = await synth.synthProject({
        workspaceRoot: workspace,
        projectRoot,
        projectName: domain,
        env,
        log: () => {},
      });
      if (!result.success || !result.file) throw new Error(`synth ${domain} ${env} failed: ${result.error}`);
      const document = JSON.parse(readFileSync(result.file, 'utf8')) as {
        project: string;
        resources: PolicyInputResource[];
        outputs: Record<string, unknown>;
      };
      plans[env]?.push({ domain, resources: document.resources, outputs: document.outputs });
      // The stack's own settings, per-stack overrides included, as synth loads them.
      const overrides = synth.stackConfig(projectRoot, document.project, env)['payments:overrides'];
      const settings = loadSettings(env, overrides === undefined ? undefined : JSON.parse(overrides));
      for (const finding of evaluatePolicies({
        env,
        resources: document.resources,
        exemptions: settings.exemptions,
      })) {
        findings[env]?.push({ domain, finding });
      }
    }
  }
});

afterAll(() => rmSync(workspace, { recursive: true, force: true }));

describe.each(ENVIRONMENTS)('the synthesized %s stacks', (env) => {
  it('have no mandatory finding that is not exempt', () => {
    const violations = (findings[env] ?? [])
      .filter(({ finding }) => finding.enforcementLevel === 'mandatory' && finding.exemption === undefined)
      .map(
        ({ domain, finding }) =>
          `${env}/${domain} ${finding.policy} ${finding.urn ?? '(stack)'}: ${finding.message}`,
      );
    expect(violations).toEqual(KNOWN_VIOLATIONS.filter((v) => v.startsWith(`${env}/`)));
  });

  it("show exactly the exemptions of the environment's config, with their reasons", () => {
    const exempt = (findings[env] ?? []).filter(({ finding }) => finding.exemption !== undefined);
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
    const advisory = (findings[env] ?? []).filter(({ finding }) => finding.enforcementLevel !== 'mandatory');
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

/** The IDs and ARNs of one environment's plans, with where each was seen. */
function idsOf(env: Environment): Map<string, string> {
  const ids = new Map<string, string>();
  for (const plan of plans[env] ?? []) {
    // Exported IDs and ARNs, whatever their shape (a REST API ID is 10 bare characters).
    for (const [name, value] of Object.entries(plan.outputs)) {
      if (/(Id|Ids|Arn|Arns)$/.test(name))
        for (const id of strings(value)) ids.set(id, `${plan.domain} output ${name}`);
    }
    for (const resource of plan.resources) {
      for (const text of strings(resource.inputs)) {
        for (const pattern of ID_PATTERNS) {
          for (const [id] of text.matchAll(pattern)) {
            if (!AWS_OWNED.test(id)) ids.set(id, `${plan.domain} ${resource.name}`);
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
      const output = (domain: Domain, name: string) =>
        strings(plans[env]?.find((p) => p.domain === domain)?.outputs[name]);
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
