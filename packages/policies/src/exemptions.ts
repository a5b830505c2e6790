import { loadSettings, type Environment } from '@payments/config';
import type {
  ReportViolation,
  ResourceValidation,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from '@pulumi/policy';
import type { ViolationInfo } from './define';
import { environmentOfUrn, stackOf } from './environment';
import type { PaymentsPolicy, PolicyExemption } from './types';

const CONTROL = '[A-Za-z0-9]+[.-]\\d+';
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
 * The policies as the real pack runs them: a violation of a control that the resource's environment exempts is
 * reported as advisory, with the reason, instead of mandatory, so it is shown but does not fail preview or up.
 * `exemptionsFor(env)` gives the environment's exemptions (the pack reads the code defaults of `loadSettings(env)`;
 * a per-stack override of `exemptions` in Pulumi.<env>.yaml is seen only by synth).
 */
export function withExemptions(
  policies: readonly PaymentsPolicy[],
  exemptionsFor: (env: Environment) => readonly PolicyExemption[],
): PaymentsPolicy[] {
  const reasonIn = (policy: PaymentsPolicy, env: Environment | undefined) =>
    env === undefined ? undefined : exemptionOf(policy.description, exemptionsFor(env));

  return policies.map((policy): PaymentsPolicy => {
    if ('validateStack' in policy) {
      const stack: StackValidationPolicy = {
        ...policy,
        validateStack: (args, report) => {
          const { env } = stackOf(args.resources);
          const reason = reasonIn(policy, env);
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
        const reason = reasonIn(policy, env);
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
      validateResource: Array.isArray(validations) ? validations.map(wrap) : wrap(validations),
    };
    return resource;
  });
}

const defaults = new Map<Environment, readonly PolicyExemption[]>();

/**
 * The exemptions of an environment's code defaults (`loadSettings(env).exemptions`): what the real pack applies,
 * since a policy pack cannot read a stack's Pulumi.<env>.yaml.
 */
export function defaultExemptions(env: Environment): readonly PolicyExemption[] {
  let found = defaults.get(env);
  if (found === undefined) {
    found = loadSettings(env).exemptions;
    defaults.set(env, found);
  }
  return found;
}
