import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { controlIdsOf } from './exemptions';
import { policies } from './policies';
import { alarmPolicies } from './rules/alarms';
import { apiGatewayRequestPolicies } from './rules/apigateway-requests';
import { cloudwatchPolicies } from './rules/cloudwatch';
import { iamPolicies } from './rules/iam';
import { kmsPolicies } from './rules/kms';
import { lambdaHardeningPolicies } from './rules/lambda-hardening';
import { rdsOperationsPolicies } from './rules/rds-operations';
import { s3DataPolicies } from './rules/s3-data';
import { snsPolicies } from './rules/sns';
import { vpcPolicies } from './rules/vpc';
import { wafPolicies } from './rules/waf';
import { apiGatewayPolicies } from './rules/apigateway';
import { cognitoPolicies } from './rules/cognito';
import { designPolicies } from './rules/design';
import { ec2Policies } from './rules/ec2';
import { githubOidcPolicies } from './rules/github-oidc';
import { kmsLogsPolicies } from './rules/kms-logs';
import { lambdaPolicies } from './rules/lambda';
import { rdsPolicies } from './rules/rds';
import { s3Policies } from './rules/s3';

// Each area's spec (rules/<area>.spec.ts) tests every policy of its area with a compliant and a breaching input.
const AREAS = [
  designPolicies,
  s3Policies,
  rdsPolicies,
  ec2Policies,
  lambdaPolicies,
  apiGatewayPolicies,
  cognitoPolicies,
  kmsLogsPolicies,
  alarmPolicies,
  githubOidcPolicies,
  iamPolicies,
  kmsPolicies,
  lambdaHardeningPolicies,
  apiGatewayRequestPolicies,
  wafPolicies,
  s3DataPolicies,
  snsPolicies,
  vpcPolicies,
  rdsOperationsPolicies,
  cloudwatchPolicies,
];

describe('the policies of the pack', () => {
  it('are exactly the policies of the areas, each tested by its area spec', () => {
    expect(policies).toEqual(AREAS.flat());
  });

  it('have unique kebab-case names', () => {
    const names = policies.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it.each(policies.map((p) => [p.name, p] as const))(
    '%s: its description starts with its control ID(s)',
    (_name, policy) => {
      const controls = controlIdsOf(policy.description);
      expect(controls.length).toBeGreaterThan(0);
      for (const control of controls) {
        expect(control).toMatch(/^(DESIGN-\d+|[A-Za-z0-9]+\.\d+|CKV2?_AWS_\d+|AwsSolutions-[A-Z]+\d+)$/);
      }
      expect(policy.description).toMatch(/^\S+: \S/);
    },
  );

  // DESIGN-12 reports dev and staging (and placeholder endpoints) as advisory, finding by finding; the policy
  // itself, and what it finds in prod, stays mandatory.
  it('enforce the design and security rules as mandatory', () => {
    for (const policy of policies) expect(policy.enforcementLevel).toBe('mandatory');
  });

  it('are each listed in the README table with their control(s), level and kind', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const rows = new Map(
      readme
        .split('\n')
        .filter((line) => line.startsWith('| `'))
        .map((line) => line.split('|').map((cell) => cell.trim()))
        .map((cells) => [cells[1]?.replaceAll('`', ''), cells.slice(2, 5)] as const),
    );
    expect([...rows.keys()]).toEqual(policies.map((p) => p.name));
    for (const policy of policies) {
      const kind = 'validateStack' in policy ? 'stack' : 'resource';
      expect(rows.get(policy.name)).toEqual([
        controlIdsOf(policy.description).join(', '),
        policy.enforcementLevel,
        kind,
      ]);
    }
  });

  it('cover every control the issue asks for', () => {
    const controls = new Set(policies.flatMap((p) => controlIdsOf(p.description)));
    for (const control of [
      'DESIGN-1',
      'DESIGN-2',
      'DESIGN-3',
      'DESIGN-4',
      'DESIGN-5',
      'DESIGN-6',
      'DESIGN-7',
      'DESIGN-9',
      'DESIGN-10',
      'DESIGN-11',
      'DESIGN-12',
      'DESIGN-14',
      'RDS.7',
      'RDS.12',
      'RDS.16',
      'RDS.27',
      'RDS.37',
      'S3.1',
      'S3.8',
      'S3.5',
      'S3.10',
      'S3.12',
      'S3.17',
      'EC2.2',
      'EC2.6',
      'EC2.18',
      'EC2.19',
      'Lambda.2',
      'Lambda.5',
      'APIGateway.1',
      'APIGateway.3',
      'APIGateway.4',
      'KMS.4',
      'CloudWatch.16',
    ]) {
      expect(controls).toContain(control);
    }
  });
});

describe('starting the analyzer', () => {
  afterEach(() => jest.resetModules());

  const constructed = (module: string) => {
    const PolicyPack = jest.fn();
    jest.doMock('@pulumi/policy', () => ({ PolicyPack }));
    jest.isolateModules(() => {
      // A fresh module registry needs a synchronous require.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(module);
    });
    return PolicyPack;
  };

  it('does not happen when the package entry is imported (synth, the executors and tests import it)', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
      types: string;
      exports: Record<string, string>;
    };
    expect([manifest.types, manifest.exports['.']]).toEqual(['src/index.ts', './src/index.ts']);
    expect(constructed('./index')).not.toHaveBeenCalled();
  });

  it('happens once, in what the policy runtime loads (package.json main), with every policy, mandatory', () => {
    // The runtime requires the pack's folder (run-policy-pack), and Node loads that folder's `main`.
    expect(require.resolve(join(__dirname, '..'))).toBe(join(__dirname, 'pack.ts'));
    const PolicyPack = constructed('./pack');
    expect(PolicyPack).toHaveBeenCalledTimes(1);
    const [name, args] = PolicyPack.mock.calls[0] as [
      string,
      { policies: unknown[]; enforcementLevel: string },
    ];
    expect(name).toBe('payments-baseline');
    expect(args.enforcementLevel).toBe('mandatory');
    expect(args.policies.map((p) => (p as { name: string }).name)).toEqual(policies.map((p) => p.name));
  });

  it('is written nowhere but src/pack.ts', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
      );
    const constructing = files(__dirname)
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
      .filter((file) => /new PolicyPack\(/.test(readFileSync(file, 'utf8')));
    expect(constructing).toEqual([join(__dirname, 'pack.ts')]);
  });
});
