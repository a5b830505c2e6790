import * as pulumi from '@pulumi/pulumi';
import {
  CALL_FIXTURES,
  COMPUTED_ATTRIBUTES,
  SECRET_SIG,
  SECRET_SIG_KEY,
  mockContext,
  mockId,
  type MockContext,
} from './fixtures';

type MockResourceArgs = pulumi.runtime.MockResourceArgs;
type MockCallArgs = pulumi.runtime.MockCallArgs;

export const STACK_REFERENCE_TYPE = 'pulumi:pulumi:StackReference';

export interface RecordedResource {
  type: string;
  /** Logical (Pulumi) name. */
  name: string;
  id: string | undefined;
  /** Inputs as the program set them, secrets unwrapped. */
  inputs: Record<string, unknown>;
  /** Dotted paths of the inputs the program marked secret. */
  secretPaths: string[];
  /** Reference of the explicit provider (`urn::id`); undefined means the default provider. */
  provider: string | undefined;
}

export interface RecordedCall {
  token: string;
  inputs: Record<string, unknown>;
}

export interface RecordingMocksOptions {
  /** The stack (`dev`, `staging`, `prod`): it picks the mock account and seeds every mocked ID. */
  stack: string;
  /** Outputs of upstream stacks by full stack path (`<org>/payments-<domain>/<env>`). */
  stackOutputs?: Record<string, Record<string, unknown>>;
}

function isSecret(value: unknown): value is { value: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG
  );
}

function isAssetOrArchive(value: unknown): boolean {
  return pulumi.asset.Asset.isInstance(value) || pulumi.asset.Archive.isInstance(value);
}

/** Removes the secret wrappers, collecting where they were. */
export function unwrapSecrets(value: unknown, path = '', found: string[] = []): unknown {
  if (isSecret(value)) {
    found.push(path || '(root)');
    return unwrapSecrets(value.value, path, []);
  }
  // Assets and archives keep their class: runStack describes them once their promises settle.
  if (isAssetOrArchive(value)) return value;
  if (Array.isArray(value)) return value.map((item, i) => unwrapSecrets(item, `${path}[${i}]`, found));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v, path ? `${path}.${k}` : k, found)]),
    );
  }
  return value;
}

/**
 * Pulumi runtime mocks that record every resource and call, answer provider functions from one fixture table
 * (anything else throws), and serve StackReference outputs from the producers' real exports.
 */
export class RecordingMocks implements pulumi.runtime.Mocks {
  readonly resources: RecordedResource[] = [];
  readonly calls: RecordedCall[] = [];
  readonly stackReads: { stack: string; name: string; deployed: boolean }[] = [];
  /** Errors the mocks raised; the runtime reports them without their message, so runStack rethrows these. */
  readonly errors: Error[] = [];

  /** The stack, account and region the fixtures answer for. */
  readonly context: MockContext;

  constructor(private readonly options: RecordingMocksOptions) {
    this.context = mockContext(options.stack);
  }

  newResource(args: MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
    const secretPaths: string[] = [];
    const inputs = unwrapSecrets(args.inputs ?? {}, '', secretPaths) as Record<string, unknown>;

    if (args.type === STACK_REFERENCE_TYPE) {
      const stack = String(inputs.name);
      const outputs = this.options.stackOutputs?.[stack];
      this.stackReads.push({ stack, name: args.name, deployed: outputs !== undefined });
      // An undeployed stack reads as one without outputs: the consumer's contract check names the fix.
      return { id: stack, state: { name: stack, outputs: outputs ?? {}, secretOutputNames: [] } };
    }

    // `id` is the import ID: empty, not undefined, for an ordinary registration.
    const id =
      args.custom === false ? undefined : args.id || mockId(args.type, args.name, inputs, this.context);
    this.resources.push({
      type: args.type,
      name: args.name,
      id,
      inputs,
      secretPaths,
      provider: args.provider || undefined,
    });
    const computed =
      id === undefined ? {} : (COMPUTED_ATTRIBUTES[args.type]?.(inputs, id, this.context) ?? {});
    // Inputs win over computed values so that a program's explicit settings are what it reads back.
    return { id, state: { ...computed, ...args.inputs, ...(id === undefined ? {} : { id }) } };
  }

  call(args: MockCallArgs): Record<string, unknown> {
    const fixture = CALL_FIXTURES[args.token];
    if (!fixture) {
      throw this.fail(
        `Unexpected provider function call '${args.token}' under mocks: add a fixture for it to ` +
          `packages/mocks/src/fixtures.ts (CALL_FIXTURES).`,
      );
    }
    const inputs = (unwrapSecrets(args.inputs ?? {}) ?? {}) as Record<string, unknown>;
    this.calls.push({ token: args.token, inputs });
    return fixture(inputs, this.context);
  }

  private fail(message: string): Error {
    const error = new Error(message);
    this.errors.push(error);
    return error;
  }

  /** All recorded resources of one type token, in registration order. */
  ofType(type: string): RecordedResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  /** The one resource of a type with a given logical name; throws when absent so tests fail loudly. */
  find(type: string, name: string): RecordedResource {
    const found = this.resources.find((r) => r.type === type && r.name === name);
    if (!found) {
      const names = this.ofType(type).map((r) => r.name);
      throw new Error(`No ${type} named '${name}' was registered (found: ${names.join(', ') || 'none'}).`);
    }
    return found;
  }
}
