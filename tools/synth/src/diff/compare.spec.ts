import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AWS } from '@payments/aws-types';
import type { PolicyFinding } from '@payments/policies';
import type { SynthDocument, SynthResource } from '../document';
import { diffEnvironment, diffResource, diffStack } from './compare';
import { formatDiffMarkdown } from './markdown';
import { REPLACED_ON_CHANGE } from './replacements';

const STACK = 'organization/payments-database/staging';
const urn = (type: string, name: string) => `urn:pulumi:staging::payments-database::${type}::${name}`;

function resource(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  extra: Partial<SynthResource> = {},
) {
  return { urn: urn(type, name), type, name, parent: null, dependsOn: [], protect: false, inputs, ...extra };
}

function document(resources: SynthResource[], extra: Partial<SynthDocument> = {}): SynthDocument {
  return {
    project: 'payments-database',
    stack: STACK,
    env: 'staging',
    domain: 'database',
    resources,
    outputs: {},
    references: [],
    policiesEvaluated: 35,
    policy: [],
    cost: { currency: 'USD', monthly: { min: 92.56, max: 1406.56 }, lines: [] },
    ...extra,
  };
}

const cluster = (inputs: Record<string, unknown> = {}, extra: Partial<SynthResource> = {}) =>
  resource(
    AWS.rdsCluster,
    'aurora',
    {
      clusterIdentifier: 'payments-staging-aurora',
      databaseName: 'payments',
      engine: 'aurora-postgresql',
      backupRetentionPeriod: 7,
      serverlessv2ScalingConfiguration: { minCapacity: 0.5, maxCapacity: 8 },
      tags: { Environment: 'staging' },
      ...inputs,
    },
    extra,
  );

describe('a changed resource', () => {
  it('lists each input that changed at its property path, old and new', () => {
    const change = diffResource(
      cluster(),
      cluster({
        backupRetentionPeriod: 14,
        serverlessv2ScalingConfiguration: { minCapacity: 0.5, maxCapacity: 16 },
        tags: { Environment: 'staging', 'team.name': 'payments' },
      }),
    );
    expect(change).toEqual({
      urn: urn(AWS.rdsCluster, 'aurora'),
      type: AWS.rdsCluster,
      name: 'aurora',
      replacement: false,
      changes: [
        { path: 'backupRetentionPeriod', old: 7, new: 14 },
        { path: 'serverlessv2ScalingConfiguration.maxCapacity', old: 8, new: 16 },
        { path: 'tags["team.name"]', new: 'payments' },
      ],
    });
  });

  it.each([
    ['databaseName', 'ledger'],
    ['clusterIdentifier', 'payments-staging-aurora-2'],
    ['engine', 'aurora-mysql'],
    ['masterUsername', 'owner'],
    ['kmsKeyId', 'arn:aws:kms:us-east-1:222222222222:key/other'],
  ])('flags a change to %s as a replacement, citing its source', (input, now) => {
    const change = diffResource(cluster(), cluster({ [input]: now }));
    expect(change?.replacement).toBe(true);
    expect(change?.changes.find((c) => c.path === input)?.replaces).toBe(
      REPLACED_ON_CHANGE[AWS.rdsCluster]?.source,
    );
  });

  it.each([
    [AWS.s3Bucket, 'bucket'],
    [AWS.lambdaFunction, 'name'],
    [AWS.kmsKey, 'customerMasterKeySpec'],
  ])('flags %s %s as replacing', (type, input) => {
    const change = diffResource(resource(type, 'r', { [input]: 'a' }), resource(type, 'r', { [input]: 'b' }));
    expect(change?.replacement).toBe(true);
  });

  it('does not call an input of another type a replacement, nor one the resource ignores', () => {
    expect(
      diffResource(
        resource(AWS.cloudwatchLogGroup, 'logs', { name: 'a' }),
        resource(AWS.cloudwatchLogGroup, 'logs', { name: 'b' }),
      )?.replacement,
    ).toBe(false);
    const ignored = diffResource(
      cluster({}, { ignoreChanges: ['snapshotIdentifier'] }),
      cluster({ snapshotIdentifier: 'snap-1' }, { ignoreChanges: ['snapshotIdentifier'] }),
    );
    expect(ignored).toEqual(
      expect.objectContaining({
        replacement: false,
        changes: [{ path: 'snapshotIdentifier', new: 'snap-1', ignored: true }],
      }),
    );
  });

  it('shows a secret as [secret] and never tells whether two secrets differ', () => {
    expect(
      diffResource(cluster({ masterPassword: '[secret]' }), cluster({ masterPassword: '[secret]' })),
    ).toBe(undefined);
    expect(diffResource(cluster(), cluster({ masterPassword: '[secret]' }))?.changes).toEqual([
      { path: 'masterPassword', new: '[secret]' },
    ]);
  });

  it('diffs JSON policy documents statement by statement', () => {
    const policy = (action: string) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }],
      });
    const change = diffResource(
      resource(AWS.iamRolePolicy, 'p', { policy: policy('s3:GetObject') }),
      resource(AWS.iamRolePolicy, 'p', { policy: policy('s3:PutObject') }),
    );
    expect(change?.changes).toEqual([
      { path: 'policy (JSON) Statement[0].Action', old: 's3:GetObject', new: 's3:PutObject' },
    ]);
  });

  it('reports protect being lifted', () => {
    expect(diffResource(cluster({}, { protect: true }), cluster())?.changes).toEqual([
      { path: '(protect)', old: true, new: false },
    ]);
  });
});

const finding = (policy: string, name: string, extra: Partial<PolicyFinding> = {}): PolicyFinding => ({
  policy,
  description: policy,
  enforcementLevel: 'mandatory',
  urn: urn(AWS.rdsCluster, name),
  message: `${policy} on ${name}`,
  ...extra,
});

describe('a stack', () => {
  const reader = resource(AWS.rdsClusterInstance, 'aurora-reader-2', { instanceClass: 'db.serverless' });

  it('adds and removes resources by URN, with the cost before and after', () => {
    const before = document([cluster(), resource(AWS.cloudwatchMetricAlarm, 'old-alarm', {})]);
    const after = document([cluster(), reader], {
      cost: { currency: 'USD', monthly: { min: 136.36, max: 2107.36 }, lines: [] },
    });
    const diff = diffStack('database', before, after);
    expect(diff.status).toBe('changed');
    expect(diff.resources.added).toEqual([
      { urn: reader.urn, type: AWS.rdsClusterInstance, name: 'aurora-reader-2' },
    ]);
    expect(diff.resources.removed.map((r) => r.name)).toEqual(['old-alarm']);
    expect(diff.cost).toEqual({
      before: { min: 92.56, max: 1406.56 },
      after: { min: 136.36, max: 2107.36 },
      delta: { min: 43.8, max: 700.8 },
    });
  });

  it('tells policy findings added from resolved, an exemption being a different finding', () => {
    const before = document([cluster()], {
      policy: [finding('rds-a', 'aurora'), finding('rds-b', 'aurora')],
    });
    const after = document([cluster()], {
      policy: [
        finding('rds-a', 'aurora'),
        finding('rds-b', 'aurora', { exemption: 'not in staging' }),
        finding('rds-c', 'aurora', { enforcementLevel: 'advisory' }),
        finding('rds-d', 'aurora', { enforcementLevel: 'disabled' }),
      ],
    });
    const diff = diffStack('database', before, after);
    expect(diff.policy.added.map((f) => [f.policy, f.exemption ?? f.enforcementLevel])).toEqual([
      ['rds-b', 'not in staging'],
      ['rds-c', 'advisory'],
    ]);
    expect(diff.policy.resolved.map((f) => f.policy)).toEqual(['rds-b']);
  });

  it('is unchanged when nothing differs, and added or removed when one side has no such stack', () => {
    expect(diffStack('database', document([cluster()]), document([cluster()])).status).toBe('unchanged');
    const added = diffStack('database', undefined, document([cluster()]));
    expect(added.status).toBe('added');
    expect(added.resources.added).toHaveLength(1);
    expect(added.cost.delta).toEqual({ min: 92.56, max: 1406.56 });
    expect(diffStack('database', document([cluster()]), undefined).status).toBe('removed');
  });
});

describe('the environment and its Markdown', () => {
  const network = (cost: number): SynthDocument =>
    document([], {
      stack: 'organization/payments-network/staging',
      domain: 'network',
      project: 'payments-network',
      cost: { currency: 'USD', monthly: { min: cost, max: cost }, lines: [] },
    });
  const diff = diffEnvironment({
    env: 'staging',
    base: { ref: 'origin/main', commit: 'a'.repeat(40) },
    head: { commit: 'b'.repeat(40), dirty: false },
    order: ['network', 'storage', 'database', 'api'],
    before: new Map([
      ['network', network(82.8)],
      ['database', document([cluster()])],
    ]),
    after: new Map([
      ['network', network(82.8)],
      [
        'database',
        document([cluster({ databaseName: 'ledger' }), resource(AWS.rdsClusterInstance, 'r2', {})], {
          cost: { currency: 'USD', monthly: { min: 136.36, max: 2107.36 }, lines: [] },
        }),
      ],
    ]),
  });

  it('sums the cost of every stack before and after', () => {
    expect(diff.stacks.map((s) => [s.domain, s.status])).toEqual([
      ['network', 'unchanged'],
      ['database', 'changed'],
    ]);
    expect(diff.cost).toEqual({
      before: { min: 175.36, max: 1489.36 },
      after: { min: 219.16, max: 2190.16 },
      delta: { min: 43.8, max: 700.8 },
    });
  });

  it('reads as a pull-request comment: a table, the unchanged stacks in one line, then what changes', () => {
    const markdown = formatDiffMarkdown(diff);
    expect(markdown.split('\n').slice(0, 2)).toEqual([
      '<!-- synth-diff env=staging -->',
      '### synth diff: staging',
    ]);
    expect(markdown).toContain(
      '| database | 1 | 1 | 1 | 0 | no change | $92.56 – $1,406.56 | $136.36 – $2,107.36 | **+$43.80 – +$700.80** |',
    );
    expect(markdown).toContain(
      '| **staging** | 1 | 1 | 1 | 0 | no change | $175.36 – $1,489.36 | $219.16 – $2,190.16 | **+$43.80 – +$700.80** |',
    );
    expect(markdown).toContain('\nUnchanged: network.\n');
    expect(markdown).toContain('- `rds.Cluster` `aurora` — **replaced**');
    expect(markdown).toContain(
      `  - \`databaseName\`: \`"payments"\` → \`"ledger"\` **forces replacement** (${REPLACED_ON_CHANGE[AWS.rdsCluster]?.source})`,
    );
    expect(markdown).toContain('Added (1):\n- `rds.ClusterInstance` `r2`');
  });

  it('says so in one line when nothing changes', () => {
    const same = diffEnvironment({
      env: 'staging',
      base: { ref: 'main', commit: 'a'.repeat(40) },
      head: { commit: 'a'.repeat(40), dirty: false },
      order: ['network'],
      before: new Map([['network', network(82.8)]]),
      after: new Map([['network', network(82.8)]]),
    });
    expect(formatDiffMarkdown(same)).toContain('No change to any of the 1 stack: network.');
  });
});

describe('the table of replacement-forcing inputs', () => {
  /** The input names of `<Class>Args` in the @pulumi/aws declaration of a type token. */
  function argsOf(type: string): string[] {
    const match = /^aws:([a-z0-9]+)\/([a-zA-Z0-9]+):([A-Za-z0-9]+)$/.exec(type);
    if (!match) throw new Error(`not an AWS token: ${type}`);
    const dts = readFileSync(
      join(require.resolve('@pulumi/aws/package.json'), '..', match[1] ?? '', `${match[2]}.d.ts`),
      'utf8',
    );
    const body = dts.split(`export interface ${match[3]}Args {`)[1]?.split('\n}')[0] ?? '';
    return [...body.matchAll(/^ {4}(\w+)\??:/gm)].map((m) => m[1] ?? '');
  }

  it.each(Object.entries(REPLACED_ON_CHANGE))(
    '%s names real inputs of its @pulumi/aws class',
    (type, entry) => {
      const inputs = argsOf(type);
      expect(inputs.length).toBeGreaterThan(0);
      for (const property of entry.properties)
        expect({ property, known: inputs.includes(property) }).toEqual({ property, known: true });
      expect(entry.source).toMatch(/^internal\/service\/[a-z0-9]+\/[a-z_]+\.go /);
    },
  );
});
