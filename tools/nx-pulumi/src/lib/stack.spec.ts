import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@payments/config';
import { NxPulumiError } from './errors';
import { resolveStack } from './stack';

let root: string;
const savedOrg = process.env['PULUMI_ORG'];

function stackConfig(env: string, yaml: string): void {
  writeFileSync(join(root, 'infra/network', `Pulumi.${env}.yaml`), yaml);
}

const resolve = (env: 'dev' | 'staging' | 'prod' = 'staging') =>
  resolveStack({ workspaceRoot: root, projectRoot: 'infra/network', domain: 'network', env }).path;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'nx-pulumi-stack-'));
  mkdirSync(join(root, 'infra/network'), { recursive: true });
  delete process.env['PULUMI_ORG'];
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  if (savedOrg === undefined) delete process.env['PULUMI_ORG'];
  else process.env['PULUMI_ORG'] = savedOrg;
});

describe('the stack a target works on', () => {
  it("is <org>/payments-<domain>/<env>, in the settings' default org", () => {
    stackConfig('staging', 'config:\n  aws:region: us-east-1\n');
    expect(resolve()).toBe('organization/payments-network/staging');
  });

  it('is in the org the stack settings override, the one its readers use', () => {
    stackConfig('staging', 'config:\n  payments:overrides:\n    org: acme\n');
    expect(resolve()).toBe('acme/payments-network/staging');
  });

  it('accepts a PULUMI_ORG that agrees with the settings', () => {
    stackConfig('dev', 'config:\n  aws:region: us-east-1\n');
    process.env['PULUMI_ORG'] = 'organization';
    expect(resolve('dev')).toBe('organization/payments-network/dev');
  });

  it('refuses a PULUMI_ORG that differs from the org the stacks read', () => {
    stackConfig('staging', 'config:\n  aws:region: us-east-1\n');
    process.env['PULUMI_ORG'] = 'acme';
    expect(() => resolve()).toThrow(NxPulumiError);
    expect(() => resolve()).toThrow(
      "PULUMI_ORG is 'acme' but the stacks read their upstreams in org 'organization' (settings of " +
        'infra/network/Pulumi.staging.yaml): set payments:overrides.org in every Pulumi.staging.yaml, or unset PULUMI_ORG.',
    );
  });

  it('fails on invalid stack settings with the config error', () => {
    stackConfig('staging', 'config:\n  payments:overrides:\n    org: "not an org"\n');
    expect(() => resolve()).toThrow(ConfigError);
    expect(() => resolve()).toThrow(/^infra\/network\/Pulumi\.staging\.yaml: /);
  });

  it('refuses an undocumented key with the nearest valid one, before anything runs', () => {
    stackConfig('staging', 'config:\n  payments:overides:\n    org: acme\n');
    expect(() => resolve()).toThrow(ConfigError);
    expect(() => resolve()).toThrow(
      "infra/network/Pulumi.staging.yaml: config key 'payments:overides' is not a documented key: did you mean " +
        "'payments:overrides'?",
    );
  });

  it('needs the stack file', () => {
    expect(() => resolve('prod')).toThrow('Missing infra/network/Pulumi.prod.yaml');
  });

  it('names a stack file that is not valid YAML', () => {
    stackConfig('staging', 'config:\n  aws:region: [us-east-1\n');
    expect(() => resolve()).toThrow(/^infra\/network\/Pulumi\.staging\.yaml is not valid YAML: /);
  });
});
