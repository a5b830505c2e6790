import { loadSettings, type Environment } from '@payments/config';
import type {
  PolicyConfigSchema,
  ReportViolation,
  ResourceValidation,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from '@pulumi/policy';
import type { ViolationInfo } from './define';
import { environmentOfUrn, stackOf } from './environment';
import type { PaymentsPolicy, PolicyExemption } from './types';

// Security Hub (S3.5), DESIGN-n, Checkov (CKV_AWS_115, CKV2_AWS_27) and cdk-nag AwsSolutions (AwsSolutions-IAM5).
const CONTROL = '(?:CKV2?_AWS_\\d+|AwsSolutions-[A-Za-z]+\\d+|[A-Za-z0-9]+[.-]\\d+)';
const CONTROL_PREFIX = new RegExp(`^(${CONTROL}(?:/${CONTROL})*): `);

/** The control IDs a policy's description starts with: `S3.1/S3.8: ...` -> ['S3.1', 'S3.8']. */
export function controlIdsOf(description: string): string[] {
  return CONTROL_PREFIX.exec(description)?.[1]?.split('/') ?? [];
}

/**
 * The reason a policy is exempt under `exemptions`, if it is: every control the policy checks must be exempted (an
 * exemption of S3.1 alone does not hide an S3.8 finding). DESIGN-n rules are never exempt: config only accepts
 * Security Hub control IDs.
 */
export function exemptionOf(description: string, exemptions: readonly PolicyExemption[]): string | undefined {
  const controls = controlIdsOf(description);
  if (controls.length === 0) return undefined;
  const reasons = controls.map((control) => exemptions.find((e) => e.control === control)?.reason);
  if (reasons.some((reason) => reason === undefined)) return undefined;
  return [...new Set(reasons)].join('; ');
}

function downgraded(
  policy: PaymentsPolicy,
  env: Environment,
  reason: string,
  report: ReportViolation,
): ReportViolation {
  const reportInfo = report as unknown as (info: ViolationInfo) => void;
  return ((violation: string | ViolationInfo, urn?: string) => {
    // A policy may itself report an object (reportAdvisory): keep its message and resource.
    const info = typeof violation === 'string' ? { message: violation, urn } : violation;
    reportInfo({
      message: `${policy.description}\nExempt in ${env} (${reason}): ${info.message}`,
      ...(info.urn === undefined ? {} : { urn: info.urn }),
      enforcementLevel: 'advisory',
    });
  }) as ReportViolation;
}

/**
 * The per-policy config the pack accepts (`pulumi preview|up --policy-pack-config <file>`): the exemptions of the
 * stack's resolved settings. The engine validates a config file against it before the pack runs.
 */
export const EXEMPTIONS_CONFIG_SCHEMA: PolicyConfigSchema = {
  properties: {
    exemptions: {
      type: 'array',
      items: {
        type: 'object',
        properties: { control: { type: 'string' }, reason: { type: 'string' } },
        required: ['control', 'reason'],
      },
    },
  },
};

/** What `args.getConfig()` gives a wrapped policy: the config file's entry for that policy, if any. */
interface ExemptionsConfig {
  exemptions?: readonly PolicyExemption[];
}

/**
 * The policies as the real pack runs them: a violation of a control that the resource's environment exempts is
 * reported as advisory, with the reason, instead of mandatory, so it is shown but does not fail preview or up.
 * The exemptions are those of the policy's config (`exemptions`, which preview and up pass from the stack's
 * resolved settings with `--policy-pack-config`), else `exemptionsFor(env)` (the code defaults of
 * `loadSettings(env)`, for a pack run by hand without a config file).
 */
export function withExemptions(
  policies: readonly PaymentsPolicy[],
  exemptionsFor: (env: Environment) => readonly PolicyExemption[],
): PaymentsPolicy[] {
  const reasonIn = (
    policy: PaymentsPolicy,
    env: Environment | undefined,
    config: ExemptionsConfig,
  ): string | undefined => {
    if (env === undefined) return undefined;
    const exemptions = Array.isArray(config.exemptions) ? config.exemptions : exemptionsFor(env);
    return exemptionOf(policy.description, exemptions);
  };

  return policies.map((policy): PaymentsPolicy => {
    if ('validateStack' in policy) {
      const stack: StackValidationPolicy = {
        ...policy,
        configSchema: EXEMPTIONS_CONFIG_SCHEMA,
        validateStack: (args, report) => {
          const { env } = stackOf(args.resources);
          const reason = reasonIn(policy, env, args.getConfig<ExemptionsConfig>());
          return policy.validateStack(
            args,
            reason === undefined || env === undefined ? report : downgraded(policy, env, reason, report),
          );
        },
      };
      return stack;
    }
    const validations = policy.validateResource;
    if (validations === undefined) return policy;
    const wrap = (validation: ResourceValidation): ResourceValidation => {
      const wrapped: ResourceValidation = (args, report) => {
        const env = environmentOfUrn(args.urn);
        const reason = reasonIn(policy, env, args.getConfig<ExemptionsConfig>());
        return validation(
          args,
          reason === undefined || env === undefined ? report : downgraded(policy, env, reason, report),
        );
      };
      // Keep the type the validation applies to, so the server can still skip other types up front.
      const type = (validation as { __pulumiType?: string }).__pulumiType;
      if (type !== undefined) (wrapped as { __pulumiType?: string }).__pulumiType = type;
      return wrapped;
    };
    const resource: ResourceValidationPolicy = {
      ...policy,
      configSchema: EXEMPTIONS_CONFIG_SCHEMA,
      validateResource: Array.isArray(validations) ? validations.map(wrap) : wrap(validations),
    };
    return resource;
  });
}

/**
 * The `--policy-pack-config` file of one stack: every policy of the pack gets the exemptions of the stack's
 * resolved settings (`loadSettings(env, its payments:overrides)`), the same ones synth evaluates with. The
 * format is the CLI's: policy name -> object of properties (v3.248.0 pkg/resource/analyzer/config.go).
 */
export function policyPackConfig(
  policies: readonly PaymentsPolicy[],
  exemptions: readonly PolicyExemption[],
): Record<string, ExemptionsConfig> {
  return Object.fromEntries(policies.map((policy) => [policy.name, { exemptions: [...exemptions] }]));
}

const defaults = new Map<Environment, readonly PolicyExemption[]>();

/**
 * The exemptions of an environment's code defaults (`loadSettings(env).exemptions`): what the real pack applies
 * when it is run without a config file (a policy pack cannot read a stack's Pulumi.<env>.yaml).
 */
export function defaultExemptions(env: Environment): readonly PolicyExemption[] {
  let found = defaults.get(env);
  if (found === undefined) {
    found = loadSettings(env).exemptions;
    defaults.set(env, found);
  }
  return found;
}
