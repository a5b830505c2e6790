import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ENVIRONMENTS, type Environment } from '@payments/config';
import { CONTRACTS, deployOrder } from '@payments/contracts/src/contracts';
import { SECRET_PLACEHOLDER, redactInputs, type SynthDocument } from './document';
import { defaultHooks, type SynthHooks } from './hooks';
import { summarizeEnvironment } from './summary';
import { stackConfig, synthFile, synthProject } from './synth';

const repoRoot = resolve(__dirname, '../../..');
jest.setTimeout(120_000);

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'synth-spec-'));
}

function synth(
  workspaceRoot: string,
  domain: string,
  env: Environment,
  log: string[] = [],
  hooks?: SynthHooks,
) {
  return synthProject({
    workspaceRoot,
    projectRoot: join(repoRoot, 'infra', domain),
    projectName: domain,
    env,
    log: (line) => log.push(line),
    ...(hooks ? { hooks } : {}),
  });
}

describe('stackConfig', () => {
  it('flattens Pulumi.<env>.yaml into namespaced strings and validates its settings', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'Pulumi.dev.yaml'),
      [
        'config:',
        '  aws:region: us-east-1',
        '  payments:overrides:',
        '    database:',
        '      maxCapacity: 4',
      ].join('\n'),
    );
    const { config, settings } = stackConfig(dir, 'payments-api', 'dev');
    expect(config).toEqual({
      'aws:region': 'us-east-1',
      'payments:overrides': '{"database":{"maxCapacity":4}}',
    });
    expect(settings.database.maxCapacity).toBe(4);
    rmSync(dir, { recursive: true });
  });

  it('refuses a key that is not documented, naming the file, the key and the nearest valid key', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'Pulumi.dev.yaml'),
      'config:\n  payments:overides:\n    database:\n      maxCapacity: 4\n',
    );
    expect(() => stackConfig(dir, 'payments-api', 'dev')).toThrow(
      `${join(dir, 'Pulumi.dev.yaml')}: config key 'payments:overides' is not a documented key: did you mean 'payments:overrides'?`,
    );
    rmSync(dir, { recursive: true });
  });

  it('names a stack file that is not valid YAML', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'Pulumi.dev.yaml'), 'config:\n  aws:region: [us-east-1\n');
    expect(() => stackConfig(dir, 'payments-api', 'dev')).toThrow(
      `${join(dir, 'Pulumi.dev.yaml')} is not valid YAML: `,
    );
    rmSync(dir, { recursive: true });
  });

  it('names the missing stack file', () => {
    expect(() => stackConfig('/nowhere', 'payments-api', 'prod')).toThrow(
      'Missing /nowhere/Pulumi.prod.yaml',
    );
  });
});

describe('redactInputs', () => {
  it('replaces exactly the secret paths, nested or in arrays', () => {
    const inputs = { a: 'x', b: { c: 'hide', d: ['keep', 'hide'] } };
    expect(redactInputs(inputs, ['b.c', 'b.d[1]'])).toEqual({
      a: 'x',
      b: { c: SECRET_PLACEHOLDER, d: ['keep', SECRET_PLACEHOLDER] },
    });
    expect(inputs.b.c).toBe('hide');
  });
});

describe.each(ENVIRONMENTS)('synth of every stack in %s', (env) => {
  let root: string;
  const documents: Record<string, SynthDocument> = {};
  const log: string[] = [];

  beforeAll(async () => {
    root = tempDir();
    for (const domain of deployOrder()) {
      const result = await synth(root, domain, env, log);
      if (!result.success) throw new Error(`${domain}: ${result.error}`);
      documents[domain] = JSON.parse(readFileSync(synthFile(root, env, domain), 'utf8')) as SynthDocument;
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes one document per stack with its resources, exports and identity', () => {
    for (const domain of deployOrder()) {
      const document = documents[domain]!;
      expect(document).toMatchObject({
        project: `payments-${domain}`,
        stack: `organization/payments-${domain}/${env}`,
        env,
      });
      expect(document.resources.length).toBeGreaterThan(5);
      expect(Object.keys(document.outputs).sort()).toEqual(Object.keys(CONTRACTS[domain].outputs).sort());
      for (const r of document.resources) {
        expect(r.urn).toBe(`urn:pulumi:${env}::payments-${domain}::${r.urn.split('::')[2]}::${r.name}`);
      }
    }
  });

  it("feeds each stack's real exports to its downstream StackReferences", () => {
    const api = documents.api!;
    expect(api.references.map((r) => r.stack)).toEqual([
      `organization/payments-database/${env}`,
      `organization/payments-network/${env}`,
      `organization/payments-storage/${env}`,
    ]);
    const apiFunction = api.resources.find(
      (r) => r.type === 'aws:lambda/function:Function' && r.inputs.name === `payments-${env}-payments`,
    );
    const env_ = (apiFunction?.inputs.environment as { variables: Record<string, string> }).variables;
    expect(env_.DB_SECRET_ARN).toBe(documents.database!.outputs.masterSecretArn);
    expect(env_.AUDIT_BUCKET).toBe(documents.storage!.outputs.auditBucketName);
    expect(documents.network!.references).toEqual([]);
  });

  it('records parents and dependencies as URNs of resources in the same stack or the stacks it reads', () => {
    for (const document of Object.values(documents)) {
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

  it('prints a summary per stack naming the file and the stacks read', () => {
    expect(log).toContain(
      `[network] organization/payments-network/${env}: ${documents.network!.resources.length} resources -> dist/synth/${env}/network.json`,
    );
    expect(log.some((l) => l.startsWith(`[api]   reads organization/payments-database/${env}: `))).toBe(true);
    const summary = summarizeEnvironment(root, env);
    const total = Object.values(documents).reduce((n, d) => n + d.resources.length, 0);
    expect(summary.missing).toEqual([]);
    const totalLine = summary.lines.find((l) => l.startsWith('  total'));
    expect(totalLine).toMatch(
      new RegExp(
        `^  total +${total} resources, 0 mandatory violation\\(s\\), cost \\$[\\d.]+-\\$[\\d.]+/month$`,
      ),
    );
    expect(summary.lines).toContain(
      'cost assumptions (us-east-1 list prices as of 2026-11-28 (packages/cost/prices/us-east-1.json)):',
    );
    expect(
      log.some((l) =>
        /^\[database\] {3}\d+ policies: 0 mandatory, 0 advisory violation\(s\), \d+ exempted; cost: \$[\d.]+-\$[\d.]+\/month$/.test(
          l,
        ),
      ),
    ).toBe(true);
  });
});

describe('a broken cross-stack contract', () => {
  it('fails the consumer, naming the producer stack, the missing output and the fix', async () => {
    const root = tempDir();
    try {
      expect((await synth(root, 'network', 'dev')).success).toBe(true);
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
    mkdirSync(join(root, 'dist'));
    const result = await synth(root, 'api', 'staging');
    expect(result).toMatchObject({
      success: false,
      error:
        'payments-api reads payments-network, which has not been synthesized for staging: run npx nx run-many -t synth --env=staging',
    });
    rmSync(root, { recursive: true, force: true });
  });
});

type Breach = (resources: SynthDocument['resources']) => SynthDocument['resources'];

const setInput =
  (type: string, key: string, value: unknown): Breach =>
  (resources) =>
    resources.map((r) => (r.type === type ? { ...r, inputs: { ...r.inputs, [key]: value } } : r));

// Each row re-introduces one breach into the real synthesized resources, as a regression in a program would.
const BREACHES: [string, 'storage' | 'database' | 'network' | 'api', Breach, string, string][] = [
  [
    'a bucket without its public access block',
    'storage',
    (resources) =>
      resources.filter((r) => r.type !== 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock'),
    's3-public-access-block',
    'aws:s3/bucket:Bucket::audit-bucket',
  ],
  [
    'an unencrypted log group',
    'storage',
    setInput('aws:cloudwatch/logGroup:LogGroup', 'kmsKeyId', undefined),
    'log-group-kms-encryption',
    'aws:cloudwatch/logGroup:LogGroup::',
  ],
  [
    'a master password literal',
    'database',
    setInput('aws:rds/cluster:Cluster', 'masterPassword', randomBytes(12).toString('hex')),
    'rds-master-password-managed-by-rds',
    'aws:rds/cluster:Cluster::aurora-cluster',
  ],
  [
    'an Aurora version below the floor',
    'database',
    setInput('aws:rds/cluster:Cluster', 'engineVersion', '13.9'),
    'aurora-engine-version-floor',
    'aws:rds/cluster:Cluster::aurora-cluster',
  ],
  [
    'a Lambda on a deprecated runtime',
    'api',
    setInput('aws:lambda/function:Function', 'runtime', 'nodejs16.x'),
    'lambda-supported-runtime',
    'aws:lambda/function:Function::',
  ],
];

describe('a re-introduced rule breach', () => {
  let root: string;
  beforeAll(async () => {
    root = tempDir();
    for (const domain of ['network', 'storage', 'database']) {
      if (!(await synth(root, domain, 'prod')).success) throw new Error(`${domain} did not synthesize`);
    }
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
