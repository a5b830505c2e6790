/**
 * Synth of the real stacks end to end, on the one synth of the 12 stacks made by global-setup.ts: the documents,
 * the StackReferences fed from the upstream exports, the summary; then a broken contract and re-introduced rule
 * breaches, which synthesize one stack again against copies of the shared upstream documents.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AWS } from '@payments/aws-types';
import { ENVIRONMENTS, type Domain, type Environment } from '@payments/config';
import { CONTRACTS, deployOrder } from '@payments/contracts';
import type { SynthDocument } from '../document';
import { HARNESS_ROOT } from '../harness';
import { defaultHooks, type SynthHooks } from '../hooks';
import { summarizeEnvironment } from '../summary';
import { synthFile, synthProject } from '../synth';
import { documentOf, synthLog, synthOutcomes, synthesizedRoot } from './synthesized';

jest.setTimeout(120_000);

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'synth-e2e-one-'));
}

/** Synth of one stack into `workspaceRoot`, as the executor runs it. */
function synth(
  workspaceRoot: string,
  domain: Domain,
  env: Environment,
  log: string[] = [],
  hooks?: SynthHooks,
) {
  return synthProject({
    workspaceRoot,
    projectRoot: join(HARNESS_ROOT, 'infra', domain),
    projectName: domain,
    env,
    log: (line) => log.push(line),
    ...(hooks ? { hooks } : {}),
  });
}

/** A workspace holding copies of the shared synth documents of `domains`, for one stack to be synthesized again. */
function withUpstreams(env: Environment, domains: readonly Domain[]): string {
  const root = tempDir();
  mkdirSync(join(root, 'dist', 'synth', env), { recursive: true });
  for (const domain of domains) {
    copyFileSync(synthFile(synthesizedRoot(), env, domain), synthFile(root, env, domain));
  }
  return root;
}

it('synthesizes all 12 stacks, each without a mandatory violation', () => {
  expect(synthOutcomes().filter((o) => !o.success)).toEqual([]);
  expect(synthOutcomes()).toHaveLength(ENVIRONMENTS.length * deployOrder().length);
});

describe.each(ENVIRONMENTS)('synth of every stack in %s', (env) => {
  const documents = () =>
    Object.fromEntries(deployOrder().map((domain) => [domain, documentOf(env, domain)])) as Record<
      Domain,
      SynthDocument
    >;

  it('writes one document per stack with its resources, exports and identity', () => {
    for (const [domain, document] of Object.entries(documents())) {
      expect(document).toMatchObject({
        project: `payments-${domain}`,
        stack: `organization/payments-${domain}/${env}`,
        env,
      });
      // The smallest, identity without merchants: its provider, its component and the pool's three resources.
      expect(document.resources.length).toBeGreaterThanOrEqual(5);
      expect(Object.keys(document.outputs).sort()).toEqual(
        Object.keys(CONTRACTS[domain as Domain].outputs).sort(),
      );
      for (const r of document.resources) {
        expect(r.urn).toBe(`urn:pulumi:${env}::payments-${domain}::${r.urn.split('::')[2]}::${r.name}`);
      }
    }
  });

  it('holds only AWS resource types of the one table (@payments/aws-types)', () => {
    const known = new Set<string>(Object.values(AWS));
    const types = Object.values(documents()).flatMap((d) => d.resources.map((r) => r.type));
    expect([...new Set(types.filter((t) => t.startsWith('aws:') && !known.has(t)))]).toEqual([]);
  });

  it("feeds each stack's real exports to its downstream StackReferences", () => {
    const { api, database, storage, network, identity } = documents();
    expect(api.references.map((r) => r.stack)).toEqual([
      `organization/payments-database/${env}`,
      `organization/payments-identity/${env}`,
      `organization/payments-network/${env}`,
      `organization/payments-storage/${env}`,
    ]);
    const variablesOf = (kind: string) =>
      (
        api.resources.find(
          (r) => r.type === AWS.lambdaFunction && r.inputs.name === `payments-${env}-${kind}`,
        )?.inputs.environment as { variables: Record<string, string> }
      ).variables;
    expect(variablesOf('migrations').DB_SECRET_ARN).toBe(database.outputs.masterSecretArn);
    expect(variablesOf('payments').AUDIT_BUCKET).toBe(storage.outputs.auditBucketName);
    const merchants = (identity.outputs.merchantClients as string[]).map((entry) => entry.split('='));
    expect(JSON.parse(variablesOf('payments').MERCHANT_CLIENTS as string)).toEqual(
      Object.fromEntries(merchants.map(([merchant, client]) => [client, merchant])),
    );
    expect(network.references).toEqual([]);
  });

  it('records parents and dependencies as URNs of resources in the same stack or the stacks it reads', () => {
    for (const document of Object.values(documents())) {
      const urns = new Set(document.resources.map((r) => r.urn));
      for (const ref of document.references) {
        urns.add(`urn:pulumi:${env}::${document.project}::pulumi:pulumi:StackReference::${ref.stack}`);
      }
      for (const r of document.resources) {
        if (r.parent) expect(urns).toContain(r.parent);
        for (const dep of r.dependsOn) expect(urns).toContain(dep);
      }
    }
  });

  it('prints a summary per stack naming the file and the stacks read, and the total of the environment', () => {
    const log = synthLog(env);
    const { network } = documents();
    expect(log).toContain(
      `[network] organization/payments-network/${env}: ${network.resources.length} resources -> dist/synth/${env}/network.json`,
    );
    expect(log.some((l) => l.startsWith(`[api]   reads organization/payments-database/${env}: `))).toBe(true);
    expect(
      log.some((l) =>
        /^\[database\] {3}\d+ policies: 0 mandatory, 0 advisory violation\(s\), \d+ exempted; cost: \$[\d.,]+-\$[\d.,]+\/month$/.test(
          l,
        ),
      ),
    ).toBe(true);
    const summary = summarizeEnvironment(synthesizedRoot(), env);
    const total = Object.values(documents()).reduce((n, d) => n + d.resources.length, 0);
    expect(summary.missing).toEqual([]);
    expect(summary.lines.find((l) => l.startsWith('  total'))).toMatch(
      new RegExp(
        `^  total +${total} resources, 0 mandatory violation\\(s\\), cost \\$[\\d.,]+-\\$[\\d.,]+/month$`,
      ),
    );
    expect(summary.lines).toContain(
      'cost assumptions (us-east-1 list prices as of 2026-11-28 (packages/cost/prices/us-east-1.json)):',
    );
    // The bootstrap after the platform's total, on its own line: six keys and the state (cents), not in the total;
    // its two exemptions (S3.9, S3.15 for the state bucket) are in its stack files with their reasons.
    const totalAt = summary.lines.findIndex((l) => l.startsWith('  total'));
    expect(summary.lines[totalAt + 1]).toMatch(
      /^ {2}bootstrap +\d+ resources, \d+ policies: 0 mandatory, 0 advisory violation\(s\), 2 exempted, cost \$6\.\d\d\/month \(the account's state backend and CI roles: not in the total\)$/,
    );
    expect(summary.mandatoryViolations).toBe(0);
  });
});

describe('a broken cross-stack contract', () => {
  it('fails the consumer, naming the producer stack, the missing output and the fix', async () => {
    const root = withUpstreams('dev', ['network']);
    try {
      const file = synthFile(root, 'dev', 'network');
      const document = JSON.parse(readFileSync(file, 'utf8')) as SynthDocument;
      delete document.outputs.isolatedSubnetIds;
      writeFileSync(file, JSON.stringify(document));

      const result = await synth(root, 'database', 'dev');
      expect(result.success).toBe(false);
      expect(result.error).toContain(
        "payments-database reads stack organization/payments-network/dev, whose exports break its contract: missing output 'isolatedSubnetIds' (string[])",
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('fails a consumer whose upstream was never synthesized, with the command to run', async () => {
    const root = tempDir();
    try {
      mkdirSync(join(root, 'dist'));
      expect(await synth(root, 'api', 'staging')).toMatchObject({
        success: false,
        error:
          'payments-api reads payments-network, which has not been synthesized for staging: run npx nx run-many -t synth --env=staging',
      });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

type Breach = (resources: SynthDocument['resources']) => SynthDocument['resources'];

const setInput =
  (type: string, key: string, value: unknown): Breach =>
  (resources) =>
    resources.map((r) => (r.type === type ? { ...r, inputs: { ...r.inputs, [key]: value } } : r));

// Each row re-introduces one breach into the real synthesized resources, as a regression in a program would.
const BREACHES: [string, Domain, Breach, string, string][] = [
  [
    'a bucket without its public access block',
    'storage',
    (resources) =>
      resources.filter(
        (r) => !(r.type === AWS.s3BucketPublicAccessBlock && r.name === 'audit-public-access-block'),
      ),
    's3-public-access-block',
    `${AWS.s3Bucket}::audit-bucket`,
  ],
  [
    'an audit bucket without server access logging',
    'storage',
    (resources) => resources.filter((r) => r.type !== AWS.s3BucketLogging),
    's3-server-access-logging',
    `${AWS.s3Bucket}::audit-bucket`,
  ],
  [
    'an unencrypted log group',
    'storage',
    setInput(AWS.cloudwatchLogGroup, 'kmsKeyId', undefined),
    'log-group-kms-encryption',
    `${AWS.cloudwatchLogGroup}::`,
  ],
  [
    'a master password literal',
    'database',
    setInput(AWS.rdsCluster, 'masterPassword', randomBytes(12).toString('hex')),
    'rds-master-password-managed-by-rds',
    `${AWS.rdsCluster}::aurora-cluster`,
  ],
  [
    'an Aurora version below the floor',
    'database',
    setInput(AWS.rdsCluster, 'engineVersion', '13.9'),
    'aurora-engine-version-floor',
    `${AWS.rdsCluster}::aurora-cluster`,
  ],
  [
    'a Lambda on a deprecated runtime',
    'api',
    setInput(AWS.lambdaFunction, 'runtime', 'nodejs16.x'),
    'lambda-supported-runtime',
    `${AWS.lambdaFunction}::`,
  ],
];

describe('a re-introduced rule breach', () => {
  let root: string;
  beforeAll(() => {
    root = withUpstreams('prod', ['network', 'storage', 'identity', 'database']);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each(BREACHES)(
    'fails synth on %s, naming the policy and the resource',
    async (_, domain, breach, policy, urnPart) => {
      const hooks: SynthHooks = {
        ...defaultHooks,
        evaluatePolicies: (document, settings) =>
          defaultHooks.evaluatePolicies!({ ...document, resources: breach(document.resources) }, settings),
      };
      const log: string[] = [];
      const result = await synth(root, domain, 'prod', log, hooks);
      expect(result.success).toBe(false);
      expect(result.error).toMatch(/^\d+ mandatory policy violation\(s\), listed above\.$/);
      const line = log.find((l) => l.startsWith(`[${domain}]   MANDATORY ${policy}: `));
      expect(line).toBeDefined();
      expect(line).toContain(urnPart);
    },
  );
});
