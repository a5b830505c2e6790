import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { driftArgs, driftMarkdown } from './drift';
import {
  driftOf,
  formatDrift,
  parsePreviewDigest,
  parsePropertyPath,
  type PreviewDigest,
  type PreviewStep,
} from './drift-report';
import { NxPulumiError } from './errors';

const STACK = 'organization/payments-database/staging';
const WHERE = { project: 'database', stack: STACK, env: 'staging', checkedAt: '2026-11-30T06:17:03.000Z' };
/** What `pulumi refresh --preview-only --json` printed for a stack with a changed cluster and a deleted alarm. */
const FIXTURE = readFileSync(
  join(__dirname, '..', 'testing', 'fixtures', 'refresh-preview-drift.json'),
  'utf8',
);
const URN =
  'urn:pulumi:staging::payments-database::payments:database:AuroraCluster$aws:rds/cluster:Cluster::aurora-cluster';

describe('the drift in a refresh preview', () => {
  it("is read from the CLI's digest: changed resources with their property paths, resources deleted out of band", () => {
    const drift = driftOf(parsePreviewDigest(FIXTURE, STACK), WHERE);
    expect(drift).toEqual({
      ...WHERE,
      drifted: true,
      changed: [
        {
          urn: URN,
          type: 'aws:rds/cluster:Cluster',
          name: 'aurora-cluster',
          properties: [
            { path: 'backupRetentionPeriod', kind: 'update', old: 7, new: 1 },
            { path: 'masterPassword', kind: 'update', old: '[secret]', new: '[secret]' },
            { path: 'tags.Owner', kind: 'add', new: 'someone@example.com' },
          ],
        },
      ],
      deleted: [
        {
          urn: 'urn:pulumi:staging::payments-database::payments:database:DatabaseAlarms$aws:cloudwatch/metricAlarm:MetricAlarm::database-alarms-connections',
          type: 'aws:cloudwatch/metricAlarm:MetricAlarm',
          name: 'database-alarms-connections',
        },
      ],
      unchanged: 15,
      changeSummary: { delete: 1, same: 15, update: 1 },
      undetailed: 0,
      diagnostics: [],
    });
  });

  it('prints one line per resource and per changed property, old → new, secrets as [secret]', () => {
    expect(formatDrift(driftOf(parsePreviewDigest(FIXTURE, STACK), WHERE))).toEqual([
      `${STACK}: DRIFTED: 1 resource changed, 1 deleted out of band (15 unchanged)`,
      '  ~ aws:rds/cluster:Cluster aurora-cluster',
      '      backupRetentionPeriod: 7 → 1',
      '      masterPassword: [secret] → [secret]',
      '      tags.Owner: (unset) → "someone@example.com"',
      '  - aws:cloudwatch/metricAlarm:MetricAlarm database-alarms-connections: deleted out of band',
    ]);
  });

  it('is none when every step is still a refresh', () => {
    const digest = JSON.parse(FIXTURE) as PreviewDigest;
    const steps = (digest.steps ?? []).filter((s) => s.op === 'refresh');
    const drift = driftOf({ steps, changeSummary: { same: steps.length } }, WHERE);
    expect(drift.drifted).toBe(false);
    expect(formatDrift(drift)).toEqual([`${STACK}: no drift (15 resources checked)`]);
  });

  it('counts changes Pulumi summarized without a detailed step as drift too', () => {
    const drift = driftOf({ steps: [], changeSummary: { same: 3, update: 1 } }, WHERE);
    expect(drift).toEqual(expect.objectContaining({ drifted: true, undetailed: 1 }));
  });

  it('never shows a secret: a serialized secret, one nested in a value, or an output the program keeps secret', () => {
    // Not what v3.248.0 prints (its JSON display turns every secret into "[secret]"), but a serialized secret
    // (resource/sig/sig.go) must not leak should one ever reach the digest.
    const sealed = {
      '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270',
      plaintext: 'hunter2',
    };
    const step: PreviewStep = {
      op: 'update',
      urn: 'urn:pulumi:staging::p::aws:ssm/parameter:Parameter::param',
      oldState: {
        urn: 'x',
        type: 'aws:ssm/parameter:Parameter',
        inputs: { value: sealed, config: { token: sealed, size: 1 }, apiKey: 'old-key' },
        additionalSecretOutputs: ['apiKey'],
      },
      newState: {
        urn: 'x',
        type: 'aws:ssm/parameter:Parameter',
        inputs: { value: 'rotated-in-clear', config: { token: sealed, size: 2 }, apiKey: 'new-key' },
      },
      detailedDiff: {
        value: { kind: 'update', inputDiff: true },
        config: { kind: 'update', inputDiff: true },
        apiKey: { kind: 'update', inputDiff: true },
      },
    };
    const drift = driftOf({ steps: [step] }, WHERE);
    const text = JSON.stringify(drift) + formatDrift(drift).join('\n');
    for (const secret of ['hunter2', 'rotated-in-clear', 'old-key', 'new-key'])
      expect(text).not.toContain(secret);
    expect(drift.changed[0]?.properties).toEqual([
      { path: 'apiKey', kind: 'update', old: '[secret]', new: '[secret]' },
      {
        path: 'config',
        kind: 'update',
        old: { token: '[secret]', size: 1 },
        new: { token: '[secret]', size: 2 },
      },
      { path: 'value', kind: 'update', old: '[secret]', new: '[secret]' },
    ]);
  });

  it('notes a change that Pulumi could only revert by replacing the resource', () => {
    const step: PreviewStep = {
      op: 'update',
      urn: 'urn:pulumi:staging::p::aws:s3/bucket:Bucket::audit',
      oldState: { urn: 'x', type: 'aws:s3/bucket:Bucket', inputs: { bucket: 'a' } },
      newState: { urn: 'x', type: 'aws:s3/bucket:Bucket', inputs: { bucket: 'b' } },
      detailedDiff: { bucket: { kind: 'update-replace', inputDiff: true } },
    };
    expect(formatDrift(driftOf({ steps: [step] }, WHERE))[2]).toBe(
      '      bucket: "a" → "b" (reverting it replaces the resource)',
    );
  });

  it('refuses output that is not a digest, in one line', () => {
    expect(() => parsePreviewDigest('Refreshing (staging):', STACK)).toThrow(NxPulumiError);
    expect(() => parsePreviewDigest('{"steps": 3}', STACK)).toThrow(
      `pulumi refresh --preview-only --json printed no preview digest for ${STACK}.`,
    );
  });
});

describe('Pulumi property paths', () => {
  it.each([
    ['backupRetentionPeriod', ['backupRetentionPeriod']],
    ['tags.Owner', ['tags', 'Owner']],
    ['ingress[0].cidrBlocks[1]', ['ingress', 0, 'cidrBlocks', 1]],
    ['tags["kubernetes.io/role"]', ['tags', 'kubernetes.io/role']],
    ['rules[*].id', ['rules', '*', 'id']],
  ])('%s', (path, segments) => {
    expect(parsePropertyPath(path)).toEqual(segments);
  });
});

describe('the drift check', () => {
  it('is a refresh that only previews, as JSON: never --yes, never up', () => {
    expect(driftArgs(STACK)).toEqual([
      'refresh',
      '--preview-only',
      '--json',
      '--non-interactive',
      '--stack',
      STACK,
    ]);
  });

  it('reports an environment as the body of its issue', () => {
    const drift = driftOf(parsePreviewDigest(FIXTURE, STACK), WHERE);
    const clean = {
      ...driftOf({ steps: [] }, WHERE),
      project: 'network',
      stack: 'organization/payments-network/staging',
    };
    const markdown = driftMarkdown('staging', [clean, drift]);
    expect(markdown).toContain('## Drift in staging');
    expect(markdown).toContain('found 1 of 2 stacks changed outside their code');
    expect(markdown).toContain('  - `backupRetentionPeriod`: `7` → `1`');
    expect(markdown).toContain('  - `masterPassword`: `[secret]` → `[secret]`');
    expect(markdown).toContain(
      'Deleted out of band:\n- `aws:cloudwatch/metricAlarm:MetricAlarm` `database-alarms-connections`',
    );
    expect(markdown).toContain('Clean: network.');
    expect(driftMarkdown('staging', [clean])).toContain('## No drift in staging');
  });
});
