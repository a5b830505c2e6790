import type { Environment, StackDomain } from '@payments/config';
import type { CostEstimate } from '@payments/cost';
import type { PolicyFinding } from '@payments/policies';

export const SECRET_PLACEHOLDER = '[secret]';

export interface SynthResource {
  urn: string;
  type: string;
  name: string;
  parent: string | null;
  dependsOn: string[];
  protect: boolean;
  /** The `ignoreChanges` resource option, when the program set one: inputs Pulumi never updates in place. */
  ignoreChanges?: string[];
  /** Inputs as the program set them; inputs the program marked secret read `[secret]`. */
  inputs: Record<string, unknown>;
}

export interface SynthReference {
  /** Full path of the stack read, `<org>/payments-<domain>/<env>`. */
  stack: string;
  /** Output names the program read from it. */
  outputs: string[];
}

/** The inspectable artifact of one stack: `dist/synth/<env>/<project>.json`. */
export interface SynthDocument {
  project: string;
  stack: string;
  env: Environment;
  domain: StackDomain;
  resources: SynthResource[];
  outputs: Record<string, unknown>;
  references: SynthReference[];
  /** How many policies were evaluated on this stack (0: none ran). */
  policiesEvaluated: number;
  /** Their findings: violations, and exempted ones with the reason. */
  policy: PolicyFinding[];
  cost: CostEstimate | null;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  // Paths come from the mocks: `a.b[0].c`.
  const keys = path.match(/[^.[\]]+/g) ?? [];
  let node: unknown = target;
  keys.forEach((key, i) => {
    if (node === null || typeof node !== 'object') return;
    const container = node as Record<string, unknown>;
    if (i === keys.length - 1) container[key] = value;
    else node = container[key];
  });
}

/** Replaces every secret input with the placeholder; the values never reach disk or logs. */
export function redactInputs(
  inputs: Record<string, unknown>,
  secretPaths: string[],
): Record<string, unknown> {
  if (secretPaths.includes('(root)')) return { [SECRET_PLACEHOLDER]: true };
  const copy = structuredClone(inputs);
  for (const path of secretPaths) setPath(copy, path, SECRET_PLACEHOLDER);
  return copy;
}
