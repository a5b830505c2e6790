import { parseEnvironment } from '@payments/config';
import type {
  PolicyResource,
  PolicyResourceOptions,
  ReportViolation,
  ResourceValidation,
  ResourceValidationArgs,
  StackValidationArgs,
} from '@pulumi/policy';
import type { ViolationInfo } from './define';
import { STACK_TYPE, stackOfUrn } from './environment';
import { exemptionOf } from './exemptions';
import type { PaymentsPolicy, PolicyFinding, PolicyInputResource, PolicyStackInput } from './types';

// Runs the pack's policies the way the CrossGuard analyzer does (@pulumi/policy server.js), without a gRPC server:
// resource policies once per resource with its inputs, stack policies once with every resource, parents and
// dependencies resolved to resource objects.

class NotApplicable extends Error {}

const notApplicable = (reason?: string): never => {
  throw new NotApplicable(reason);
};

const NO_STACK_TAGS: ReadonlyMap<string, string> = new Map();

type ResourceClass = { new (...rest: never[]): unknown; isInstance?: (obj: unknown) => boolean };

function isTypeOf(type: string, resourceClass: ResourceClass): boolean {
  const pulumiType = (resourceClass as { __pulumiType?: unknown }).__pulumiType;
  if (typeof pulumiType === 'string' && pulumiType !== '') return pulumiType === type;
  return resourceClass.isInstance?.({ __pulumiType: type }) === true;
}

function optionsOf(resource: PolicyInputResource): PolicyResourceOptions {
  return {
    protect: resource.protect,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
    ...(resource.parent ? { parent: resource.parent } : {}),
  };
}

/** The `<qualified type>::<name>` tail of a URN, e.g. for the StackReferences synth lists only as dependencies. */
function parseUrn(urn: string): { type: string; name: string } | undefined {
  const parts = urn.split('::');
  if (parts.length < 4) return undefined;
  const qualifiedType = parts[2] ?? '';
  return { type: qualifiedType.split('$').pop() ?? qualifiedType, name: parts.slice(3).join('::') };
}

/**
 * The resources the engine would send for this stack: synth's list, plus the `pulumi:pulumi:Stack` root (which
 * carries the stack's environment) and the StackReferences that synth records only as dependencies.
 */
export function engineResources(stack: PolicyStackInput): PolicyInputResource[] {
  const resources = [...stack.resources];
  const known = new Set(resources.map((r) => r.urn));
  if (!resources.some((r) => r.type === STACK_TYPE)) {
    const project = resources[0]?.urn.split('::')[1] || 'unknown';
    const urn = `urn:pulumi:${stack.env}::${project}::${STACK_TYPE}::${project}-${stack.env}`;
    resources.unshift({
      urn,
      type: STACK_TYPE,
      name: `${project}-${stack.env}`,
      inputs: {},
      protect: false,
      parent: null,
      dependsOn: [],
    });
    known.add(urn);
  }
  for (const dependency of stack.resources.flatMap((r) => r.dependsOn)) {
    const parsed = parseUrn(dependency);
    if (known.has(dependency) || parsed?.type !== 'pulumi:pulumi:StackReference') continue;
    resources.push({
      urn: dependency,
      type: parsed.type,
      name: parsed.name,
      inputs: { name: parsed.name },
      protect: false,
      parent: null,
      dependsOn: [],
    });
    known.add(dependency);
  }
  return resources;
}

function resourceArgs(resource: PolicyInputResource): ResourceValidationArgs {
  const props = resource.inputs;
  return {
    type: resource.type,
    props,
    urn: resource.urn,
    name: resource.name,
    opts: optionsOf(resource),
    stackTags: NO_STACK_TAGS,
    isType: (resourceClass) => isTypeOf(resource.type, resourceClass),
    asType: ((resourceClass: ResourceClass) =>
      isTypeOf(resource.type, resourceClass) ? props : undefined) as ResourceValidationArgs['asType'],
    getConfig: <T extends object>() => ({}) as T,
    notApplicable,
  };
}

function stackArgs(resources: readonly PolicyInputResource[]): StackValidationArgs {
  const byUrn = new Map<string, PolicyResource>();
  const policyResources = resources.map((resource) => {
    const props = resource.inputs;
    const policyResource: PolicyResource = {
      type: resource.type,
      props,
      urn: resource.urn,
      name: resource.name,
      opts: optionsOf(resource),
      dependencies: [],
      propertyDependencies: {},
      isType: (resourceClass) => isTypeOf(resource.type, resourceClass),
      asType: ((resourceClass: ResourceClass) =>
        isTypeOf(resource.type, resourceClass) ? props : undefined) as PolicyResource['asType'],
    };
    byUrn.set(resource.urn, policyResource);
    return policyResource;
  });
  resources.forEach((resource, i) => {
    const policyResource = policyResources[i] as PolicyResource;
    const parent = resource.parent ? byUrn.get(resource.parent) : undefined;
    if (parent) policyResource.parent = parent;
    policyResource.dependencies = resource.dependsOn
      .map((urn) => byUrn.get(urn))
      .filter((d): d is PolicyResource => d !== undefined);
  });
  return {
    resources: policyResources,
    stackTags: NO_STACK_TAGS,
    getConfig: <T extends object>() => ({}) as T,
    notApplicable,
  };
}

function run(policy: PaymentsPolicy, where: string, validation: () => void | Promise<void>): void {
  try {
    const result = validation();
    if (result !== undefined && typeof (result as Promise<void>).then === 'function') {
      throw new Error('it returned a promise; policies of this pack must validate synchronously');
    }
  } catch (error) {
    if (error instanceof NotApplicable) return;
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`policy '${policy.name}' failed on ${where}: ${reason}`, { cause: error });
  }
}

/**
 * Evaluates `policies` on one stack, in policy order then resource order. A finding of a policy whose control(s)
 * `stack.exemptions` exempt carries `exemption: <reason>`; it is reported, and it fails nothing.
 */
export function evaluate(policies: readonly PaymentsPolicy[], stack: PolicyStackInput): PolicyFinding[] {
  const env = parseEnvironment(stack.env);
  const resources = engineResources({ ...stack, env });
  const findings: PolicyFinding[] = [];

  for (const policy of policies) {
    const configured = policy.enforcementLevel ?? 'mandatory';
    if (configured === 'disabled') continue;
    const enforcementLevel = configured === 'remediate' ? 'mandatory' : configured;
    const exemption = exemptionOf(policy.description, stack.exemptions);
    // A violation is a message, or (as @pulumi/policy also accepts) an object that may lower its level.
    const add = (violation: string | ViolationInfo, urn: string | undefined) => {
      const info: { message: string; urn?: string; enforcementLevel?: 'advisory' } =
        typeof violation === 'string'
          ? { message: violation, ...(urn === undefined ? {} : { urn }) }
          : violation;
      findings.push({
        policy: policy.name,
        description: policy.description,
        enforcementLevel: info.enforcementLevel ?? enforcementLevel,
        ...(info.urn === undefined ? {} : { urn: info.urn }),
        message: info.message,
        ...(exemption === undefined ? {} : { exemption }),
      });
    };

    if ('validateStack' in policy) {
      const report = ((violation: string | ViolationInfo, urn?: string) =>
        add(violation, urn)) as ReportViolation;
      run(policy, `stack ${stackOfUrn(resources[0]?.urn ?? '') ?? env}`, () =>
        policy.validateStack(stackArgs(resources), report),
      );
      continue;
    }
    const validations: ResourceValidation[] = [policy.validateResource ?? []].flat();
    for (const resource of resources) {
      // As in the real pack, a resource policy reports against the resource it validates.
      const report = ((violation: string | ViolationInfo) =>
        add(
          typeof violation === 'string' ? violation : { ...violation, urn: resource.urn },
          resource.urn,
        )) as ReportViolation;
      for (const validation of validations) {
        run(policy, resource.urn, () => validation(resourceArgs(resource), report));
      }
    }
  }
  return findings;
}

/** The findings that fail synth and a real `up`: mandatory, and not exempted by the stack's settings. */
export function mandatoryViolations(findings: readonly PolicyFinding[]): PolicyFinding[] {
  return findings.filter(
    (finding) => finding.enforcementLevel === 'mandatory' && finding.exemption === undefined,
  );
}
