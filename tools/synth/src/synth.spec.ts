import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SECRET_PLACEHOLDER, redactInputs } from './document';
import { stackConfig } from './synth';

// Synth of the real stacks is end to end: src/e2e/*.e2e.ts, on one synth of the 12 stacks.

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'synth-spec-'));
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
