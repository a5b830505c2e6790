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
// make the Nx project graph circular (policies <-> synth-engine).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const synth = require(join(repoRoot, 'tools', 'synth', 'src')) as Synth;

/**
 * Mandatory, non-exempt findings the real stacks have today, as `<env>/<domain> <policy> <resource>: <message>`.
 * Must stay empty: a line here is a breach for the stack's owner to fix, never a reason to weaken a policy.
 */
const KNOWN_VIOLATIONS: string[] = [];

/** The exemptions each environment's config must show (DESIGN "WAF in prod", "deletion protection in prod"). */
const EXPECTED_EXEMPT: Record<Environment, string[]> = {
  dev: ['database rds-deletion-protection-and-final-snapshot', 'api apigateway-stage-waf'],
  staging: ['database rds-deletion-protection-and-final-snapshot', 'api apigateway-stage-waf'],
  prod: [],
};

const findings: Record<string, { domain: Domain; finding: PolicyFinding }[]> = {};
let workspace: string;

beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'policies-stacks-'));
  for (const env of ENVIRONMENTS) {
    findings[env] = [];
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
      };
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

  it('have no advisory finding either', () => {
    expect((findings[env] ?? []).filter(({ finding }) => finding.enforcementLevel !== 'mandatory')).toEqual(
      [],
    );
  });
});
