import { AWS } from '@payments/aws-types';
import type { ResourceValidationPolicy, StackValidationPolicy } from '@pulumi/policy';
import { engineResources, evaluate, mandatoryViolations } from './evaluate';
import { evaluatePolicies } from './policies';
import { compliantStack, get, remove, urnOf } from './testing/fixtures';
import type { PolicyExemption } from './types';

const WAF_EXEMPTION: PolicyExemption = { control: 'APIGateway.4', reason: 'WAF runs in prod only' };

function withoutWaf() {
  const stack = compliantStack('staging');
  remove(stack, 'waf-association', 'waf-web-acl');
  return Object.values(stack);
}

describe('evaluatePolicies', () => {
  it.each(['dev', 'staging', 'prod'])('finds nothing on a compliant %s stack', (env) => {
    const stack = compliantStack(env as 'dev');
    expect(evaluatePolicies({ env, resources: Object.values(stack), exemptions: [] })).toEqual([]);
  });

  it('returns the exact finding shape synth stores', () => {
    const [finding, ...rest] = evaluatePolicies({ env: 'staging', resources: withoutWaf(), exemptions: [] });
    expect(rest).toEqual([]);
    expect(finding).toEqual({
      policy: 'apigateway-stage-waf',
      description:
        'APIGateway.4: every REST API stage is associated with a WAF web ACL (prod; dev and staging are exempt in config).',
      enforcementLevel: 'mandatory',
      urn: urnOf('staging', AWS.apigatewayStage, 'rest-api-stage'),
      message:
        "stage 'v1' of REST API 'a1b2c3d4e5' has no WAF web ACL: set api.waf.enabled: true, which adds an aws.wafv2.WebAcl and an aws.wafv2.WebAclAssociation with the stage's ARN.",
    });
  });

  it("shows an exempt finding with the exemption's reason instead of dropping it", () => {
    const findings = evaluatePolicies({
      env: 'staging',
      resources: withoutWaf(),
      exemptions: [WAF_EXEMPTION],
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      policy: 'apigateway-stage-waf',
      enforcementLevel: 'mandatory',
      exemption: 'WAF runs in prod only',
    });
  });

  it('does not exempt a policy of two controls when only one of them is exempted', () => {
    const stack = compliantStack('prod');
    get(stack, 'audit-public-access-block').inputs.blockPublicAcls = false;
    const exemptions = [{ control: 'S3.1', reason: 'account-level block covers it' }];
    const [finding] = evaluatePolicies({ env: 'prod', resources: Object.values(stack), exemptions });
    expect(finding?.policy).toBe('s3-public-access-block');
    expect(finding?.exemption).toBeUndefined();
  });

  it("takes a violation object as @pulumi/policy does: its level overrides the policy's", () => {
    const stack = compliantStack('dev');
    remove(stack, 'alarm-topic-email');
    const findings = evaluatePolicies({ env: 'dev', resources: Object.values(stack), exemptions: [] });
    expect(findings).toEqual([
      expect.objectContaining({
        policy: 'alarm-topic-reaches-someone',
        enforcementLevel: 'advisory',
        urn: urnOf('dev', AWS.snsTopic, 'alarm-topic-topic'),
      }),
    ]);
  });

  it('refuses an environment that is not one', () => {
    expect(() => evaluatePolicies({ env: 'qa', resources: [], exemptions: [] })).toThrow(
      "Unknown environment: got 'qa', expected one of dev, staging, prod",
    );
  });

  it('reports resources of another environment against the stack it was asked to evaluate', () => {
    const resources = Object.values(compliantStack('dev'));
    const findings = evaluatePolicies({ env: 'prod', resources, exemptions: [] }).filter(
      (f) => f.policy === 'one-environment-per-stack',
    );
    expect(findings.length).toBeGreaterThanOrEqual(resources.length);
    expect(findings[0]?.message).toBe(
      "pulumi:providers:aws 'aws' belongs to stack 'dev', not to this prod stack: create it from its own environment's stack.",
    );
  });
});

describe('engineResources', () => {
  it('adds the stack root and the StackReferences synth only records as dependencies', () => {
    const resources = Object.values(compliantStack('prod'));
    const reference = urnOf('prod', 'pulumi:pulumi:StackReference', 'organization/payments-network/prod');
    resources[1]?.dependsOn.push(reference);
    const all = engineResources({ env: 'prod', resources, exemptions: [] });
    expect(all[0]).toMatchObject({
      type: 'pulumi:pulumi:Stack',
      urn: 'urn:pulumi:prod::payments-fixture::pulumi:pulumi:Stack::payments-fixture-prod',
    });
    expect(all.at(-1)).toEqual({
      urn: reference,
      type: 'pulumi:pulumi:StackReference',
      name: 'organization/payments-network/prod',
      inputs: { name: 'organization/payments-network/prod' },
      protect: false,
      parent: null,
      dependsOn: [],
    });
    expect(all).toHaveLength(resources.length + 2);
  });
});

describe('evaluate', () => {
  const resources = Object.values(compliantStack('prod'));

  it('gives resource policies the args shape of the real analyzer', () => {
    const seen: unknown[] = [];
    const policy: ResourceValidationPolicy = {
      name: 'probe',
      description: 'PROBE-0: probe.',
      enforcementLevel: 'advisory',
      validateResource: (args) => {
        if (args.name !== 'aurora-cluster') return;
        seen.push({ ...args, props: Object.keys(args.props).length });
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const aws = require('@pulumi/aws');
        expect(args.isType(aws.rds.Cluster)).toBe(true);
        expect(args.isType(aws.s3.Bucket)).toBe(false);
        expect(args.asType(aws.rds.Cluster)).toBe(args.props);
        expect(args.getConfig()).toEqual({});
      },
    };
    expect(evaluate([policy], { env: 'prod', resources, exemptions: [] })).toEqual([]);
    expect(seen).toEqual([
      expect.objectContaining({
        type: AWS.rdsCluster,
        name: 'aurora-cluster',
        urn: urnOf('prod', AWS.rdsCluster, 'aurora-cluster'),
        opts: {
          protect: true,
          ignoreChanges: [],
          aliases: [],
          customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
          additionalSecretOutputs: [],
        },
      }),
    ]);
  });

  it('gives stack policies resources with their parents and dependencies resolved', () => {
    const policy: StackValidationPolicy = {
      name: 'probe',
      description: 'PROBE-0: probe.',
      enforcementLevel: 'advisory',
      validateStack: (args, report) => {
        const versioning = args.resources.find((r) => r.name === 'audit-versioning');
        report(`depends on ${versioning?.dependencies.map((d) => d.name).join(', ')}`);
      },
    };
    expect(evaluate([policy], { env: 'prod', resources, exemptions: [] })).toEqual([
      {
        policy: 'probe',
        description: 'PROBE-0: probe.',
        enforcementLevel: 'advisory',
        message: 'depends on audit-bucket',
      },
    ]);
  });

  it('skips disabled policies and treats notApplicable as no finding', () => {
    const disabled: ResourceValidationPolicy = {
      name: 'off',
      description: 'PROBE-0: off.',
      enforcementLevel: 'disabled',
      validateResource: (_args, report) => report('never'),
    };
    const notApplicable: ResourceValidationPolicy = {
      name: 'na',
      description: 'PROBE-0: na.',
      enforcementLevel: 'mandatory',
      validateResource: (args) => args.notApplicable('not mine'),
    };
    expect(evaluate([disabled, notApplicable], { env: 'prod', resources, exemptions: [] })).toEqual([]);
  });

  it('names the policy and resource when a policy throws, and refuses asynchronous policies', () => {
    const broken: ResourceValidationPolicy = {
      name: 'broken',
      description: 'PROBE-0: broken.',
      validateResource: () => {
        throw new Error('boom');
      },
    };
    expect(() => evaluate([broken], { env: 'prod', resources, exemptions: [] })).toThrow(
      "policy 'broken' failed on urn:pulumi:prod::payments-fixture::pulumi:pulumi:Stack::payments-fixture-prod: boom",
    );
    const asynchronous: StackValidationPolicy = {
      name: 'later',
      description: 'PROBE-0: later.',
      validateStack: async () => undefined,
    };
    expect(() => evaluate([asynchronous], { env: 'prod', resources, exemptions: [] })).toThrow(
      "policy 'later' failed on stack prod: it returned a promise; policies of this pack must validate synchronously",
    );
  });
});

describe('the findings that fail', () => {
  it('are the mandatory ones the stack does not exempt: not the advisory, not the exempted', () => {
    const stack = compliantStack('staging');
    remove(stack, 'waf-association', 'waf-web-acl', 'alarm-topic-email');
    const resources = Object.values(stack);
    const exempted = evaluatePolicies({ env: 'staging', resources, exemptions: [WAF_EXEMPTION] });
    expect(exempted.map((f) => [f.policy, f.enforcementLevel, f.exemption !== undefined])).toEqual([
      ['apigateway-stage-waf', 'mandatory', true],
      ['alarm-topic-reaches-someone', 'advisory', false],
    ]);
    expect(mandatoryViolations(exempted)).toEqual([]);
    const failing = evaluatePolicies({ env: 'staging', resources, exemptions: [] });
    expect(mandatoryViolations(failing).map((f) => f.policy)).toEqual(['apigateway-stage-waf']);
  });
});
