import type {
  PolicyResource,
  ReportViolation,
  ResourceValidation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from '@pulumi/policy';

/** Every policy says how hard it fails; `advisory` only where the rule is a recommendation. */
export type Level = 'mandatory' | 'advisory';

interface Common {
  /** kebab-case, unique in the pack. */
  name: string;
  /** Starts with its control ID(s): `S3.5: ...`, `EC2.18/EC2.19: ...`, `DESIGN-3: ...`. */
  description: string;
  /** `mandatory` unless said otherwise: every rule of this pack is one (findings may still be advisory). */
  enforcementLevel?: Level;
}

/**
 * A policy on single resources of the given types (all types when `types` is `'any'`). `props` are the resource's
 * inputs; type them with `Unwrap<aws.<module>.<Class>Args>` so that a misspelt property fails type-checking.
 */
export function resourcePolicy<T = Record<string, unknown>>(
  spec: Common & {
    types: readonly string[] | 'any';
    validate: (props: T, args: ResourceValidationArgs, report: ReportViolation) => void;
  },
): ResourceValidationPolicy {
  const { types } = spec;
  const validateResource: ResourceValidation = (args, report) => {
    if (types !== 'any' && !types.includes(args.type)) return;
    spec.validate(args.props as T, args, report);
  };
  // @pulumi/policy skips a policy up front for other types when the function carries the type it applies to.
  if (types !== 'any' && types.length === 1) {
    (validateResource as { __pulumiType?: string }).__pulumiType = types[0];
  }
  return {
    name: spec.name,
    description: spec.description,
    enforcementLevel: spec.enforcementLevel ?? 'mandatory',
    validateResource,
  };
}

/**
 * `resourcePolicy` for a file of rules on one resource type: the type token and its props' type are said once for
 * all of them, so the two cannot drift apart rule by rule.
 */
export function resourcePolicyOn<T>(
  type: string,
): (
  spec: Common & { validate: (props: T, args: ResourceValidationArgs, report: ReportViolation) => void },
) => ResourceValidationPolicy {
  return (spec) => resourcePolicy<T>({ ...spec, types: [type] });
}

/** A policy on the whole stack: for rules about how resources relate (a bucket and its public access block, ...). */
export function stackPolicy(
  spec: Common & { validate: (args: StackValidationArgs, report: ReportViolation) => void },
): StackValidationPolicy {
  return {
    name: spec.name,
    description: spec.description,
    enforcementLevel: spec.enforcementLevel ?? 'mandatory',
    validateStack: (args, report) => spec.validate(args, report),
  };
}

/** The resources of one type, with their props typed. */
export function ofType<T = Record<string, unknown>>(
  resources: readonly PolicyResource[],
  type: string,
): { resource: PolicyResource; props: T }[] {
  return resources
    .filter((r) => r.type === type)
    .map((resource) => ({ resource, props: resource.props as T }));
}

/**
 * Whether `resource` belongs to `target`: it depends on it (explicitly or through an input), or `sameKey` says so
 * (e.g. both carry the same bucket name; stacks under preview may not know IDs yet, names they do).
 */
export function belongsTo(
  resource: PolicyResource,
  target: PolicyResource,
  sameKey: () => boolean = () => false,
): boolean {
  if (resource.dependencies.some((d) => d.urn === target.urn)) return true;
  if (Object.values(resource.propertyDependencies).some((deps) => deps.some((d) => d.urn === target.urn))) {
    return true;
  }
  return sameKey();
}

/** A violation reported as an object: @pulumi/policy's other form of `reportViolation`. */
export interface ViolationInfo {
  message: string;
  urn?: string;
  enforcementLevel: 'advisory';
}

/**
 * Reports a finding as advisory whatever the policy's level: for a rule that must hold in prod and is only worth
 * saying elsewhere. @pulumi/policy 1.21 accepts a violation object whose `enforcementLevel` overrides the policy's
 * (server.js makeReportViolationFun); the offline evaluator reads the same object, and pack.spec.ts runs the real
 * analyzer to keep both true.
 */
export function reportAdvisory(report: ReportViolation, message: string, urn?: string): void {
  const info: ViolationInfo = {
    message,
    ...(urn === undefined ? {} : { urn }),
    enforcementLevel: 'advisory',
  };
  (report as unknown as (violation: ViolationInfo) => void)(info);
}

/** Reports `<input> is not true: set <input>: true <fix>` unless the resource sets that input to exactly `true`. */
export function requireTrue<T>(
  props: T,
  input: keyof T & string,
  fix: string,
  report: ReportViolation,
): void {
  if (props[input] !== true) report(`${input} is not true: set ${input}: true ${fix}`);
}

/** A policy on one resource type whose whole rule is that one of its inputs is `true` (`requireTrue`). */
export function requireTruePolicy<T>(
  type: string,
  spec: Common & { input: keyof T & string; fix: string },
): ResourceValidationPolicy {
  return resourcePolicy<T>({
    ...spec,
    types: [type],
    validate: (props, _args, report) => requireTrue(props, spec.input, spec.fix, report),
  });
}

/**
 * A policy on each identity policy of the stack (inline role policies and customer managed policies), except a
 * managed policy that a role of the stack uses as its permissions boundary: a boundary grants nothing, it caps
 * what the role's own policies grant, so its `Allow *` beside its denies is the documented pattern (IAM User Guide,
 * "Permissions boundaries for IAM entities"). Security Hub's IAM.1 runs AWS Config's
 * iam-policy-no-statements-with-admin-access with excludePermissionBoundaryPolicy: true for the same reason.
 * A stack policy, because only the roles say which policy is a boundary; the bootstrap builds the boundary's ARN
 * from its name, so the match holds in a first preview too.
 */
export function identityPolicy<T = Record<string, unknown>>(
  spec: Common & {
    types: readonly string[];
    validate: (props: T, resource: PolicyResource, report: (message: string) => void) => void;
  },
): StackValidationPolicy {
  return stackPolicy({
    ...spec,
    validate: (args, report) => {
      const boundaries = args.resources
        .map((r) => r.props.permissionsBoundary)
        .filter((arn): arn is string => typeof arn === 'string');
      const isBoundary = (r: PolicyResource): boolean =>
        typeof r.props.name === 'string' && boundaries.some((arn) => arn.endsWith(`/${r.props.name}`));
      for (const resource of args.resources) {
        if (!spec.types.includes(resource.type) || isBoundary(resource)) continue;
        spec.validate(resource.props as T, resource, (message) => report(message, resource.urn));
      }
    },
  });
}
