import * as pulumi from '@pulumi/pulumi';
import { RecordingMocks, type RecordedResource, type RecordingMocksOptions } from './mocks';
import {
  recordRegistrations,
  waitForRegistrations,
  withUnmappedBookkeepingStacks,
  type Registration,
} from './pulumi-internals';

export type GraphInfo = Registration;
export type { ResourceAlias } from './pulumi-internals';

export type StackResource = RecordedResource & GraphInfo;

export interface RunStackOptions<T> extends RecordingMocksOptions {
  /** Pulumi project name, e.g. `payments-network`. */
  project: string;
  /** Stack name: the environment. */
  stack: string;
  organization?: string;
  /** Stack configuration as `Pulumi.<stack>.yaml` would set it (`namespace:key` -> value). */
  config?: Record<string, string>;
  /** The program: builds the resources and returns the stack's exports. */
  program: () => T | Promise<T>;
}

export interface StackRun {
  mocks: RecordingMocks;
  resources: StackResource[];
  outputs: Record<string, unknown>;
  /** Names of the exports the program marked secret. */
  secretOutputs: string[];
  /** Every resource of a type token, in registration order. */
  ofType(type: string): StackResource[];
  /** The one resource of a type; throws when there is none or there are several. */
  only(type: string): StackResource;
  /** The resource of a type with a logical name; throws, naming the ones there are, when it is absent. */
  named(type: string, name: string): StackResource;
  /** The resources a deploy creates in AWS (`aws:*` types): no provider, component or stack reference. */
  awsResources(): StackResource[];
  /** A resource's input that holds a JSON document (a policy), parsed. */
  json<T = Record<string, unknown>>(resource: StackResource, input?: string): T;
}

/** Every string in a value, depth first: to check that inputs or outputs mention no other environment. */
export function stringsIn(value: unknown): string[] {
  return leavesOf(value).flatMap(([, leaf]) => (typeof leaf === 'string' ? [leaf] : []));
}

/** Every [dotted path, value] leaf of a value, depth first: `a.b[0].c`. */
export function leavesOf(value: unknown, path = ''): [string, unknown][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => leavesOf(item, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => leavesOf(v, path ? `${path}.${k}` : k));
  }
  return [[path, value]];
}

/** The lookups of a run, bound to its resources. */
function queries(
  resources: StackResource[],
): Pick<StackRun, 'ofType' | 'only' | 'named' | 'awsResources' | 'json'> {
  const ofType = (type: string) => resources.filter((r) => r.type === type);
  return {
    ofType,
    only(type) {
      const found = ofType(type);
      if (found.length !== 1) throw new Error(`Expected one ${type}, found ${found.length}.`);
      return found[0]!;
    },
    named(type, name) {
      const found = resources.find((r) => r.type === type && r.name === name);
      if (!found) {
        const names = ofType(type).map((r) => r.name);
        throw new Error(`No ${type} named '${name}' (found: ${names.join(', ') || 'none'}).`);
      }
      return found;
    },
    awsResources: () => resources.filter((r) => r.type.startsWith('aws:')),
    json(resource, input = 'policy') {
      const text = resource.inputs[input];
      if (typeof text !== 'string')
        throw new Error(`${resource.type} '${resource.name}' has no JSON input '${input}'.`);
      return JSON.parse(text);
    },
  };
}

async function resolveDeep(value: unknown): Promise<unknown> {
  if (pulumi.Output.isInstance(value)) {
    const output = value as unknown as { promise(): Promise<unknown> };
    return resolveDeep(await output.promise());
  }
  if (value instanceof Promise) return resolveDeep(await value);
  if (Array.isArray(value)) return Promise.all(value.map(resolveDeep));
  if (value && typeof value === 'object' && !pulumi.Resource.isInstance(value)) {
    const entries = await Promise.all(
      Object.entries(value).map(async ([k, v]) => [k, await resolveDeep(v)] as const),
    );
    return Object.fromEntries(entries);
  }
  return value;
}

function isAssetOrArchive(value: unknown): value is object {
  return pulumi.asset.Asset.isInstance(value) || pulumi.asset.Archive.isInstance(value);
}

/**
 * Assets and archives hold their path, text or contents as promises, which JSON would render as `{}`:
 * describe them as plain data, e.g. `{ kind: 'FileArchive', path: '/abs/dist/payments' }`.
 */
async function describeAssets(value: unknown): Promise<unknown> {
  if (isAssetOrArchive(value)) {
    const described: Record<string, unknown> = { kind: value.constructor.name };
    for (const [key, field] of Object.entries(value)) {
      if (key.startsWith('__')) continue;
      described[key] = await describeAssets(await field);
    }
    return described;
  }
  if (Array.isArray(value)) return Promise.all(value.map(describeAssets));
  if (value && typeof value === 'object') {
    const entries = await Promise.all(
      Object.entries(value).map(async ([k, v]) => [k, await describeAssets(v)] as const),
    );
    return Object.fromEntries(entries);
  }
  return value;
}

/** Waits until a few event-loop turns pass with no new rejection: failed Outputs reject in chains. */
async function settle(count: () => number): Promise<void> {
  for (let quiet = 0, seen = count(); quiet < 3;) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    const now = count();
    quiet = now === seen ? quiet + 1 : 0;
    seen = now;
  }
}

/**
 * Runs one Pulumi program under runtime mocks and returns what it registered and exported.
 * Runs must not overlap: the Pulumi runtime is process-global.
 */
export function runStack<T>(options: RunStackOptions<T>): Promise<StackRun> {
  return withUnmappedBookkeepingStacks(() => run(options));
}

async function run<T>(options: RunStackOptions<T>): Promise<StackRun> {
  const mocks = new RecordingMocks(options);
  pulumi.runtime.setAllConfig(options.config ?? {});
  await pulumi.runtime.setMocks(mocks, options.project, options.stack, false, options.organization);

  const graph = new Map<RecordedResource, GraphInfo>();
  recordRegistrations(
    () => mocks.resources.length,
    (index, registration) => {
      const record = mocks.resources[index];
      if (record) graph.set(record, registration);
    },
  );

  const failures: unknown[] = [];
  let signalFailure = () => {};
  const failed = new Promise<void>((resolve) => (signalFailure = resolve));
  const fail = (reason: unknown) => {
    failures.push(reason);
    signalFailure();
  };
  // A failed Output rejects several internal promises nobody awaits; the run reports the first cause once.
  // (Under jest the sandboxed `process` never sees these: test failure paths in a child process.)
  process.on('unhandledRejection', fail);
  let exported: unknown;
  let outputs: Record<string, unknown> = {};
  try {
    exported = await options.program();
    // An output downstream of a failure may never settle: stop at the first failure instead of hanging.
    const resolved = await Promise.race([resolveDeep(exported), failed.then(() => undefined)]);
    outputs = (resolved ?? {}) as Record<string, unknown>;
  } catch (error) {
    failures.unshift(error);
    signalFailure();
  } finally {
    // Drain every registration before reporting; after a failure some never finish, so stop waiting then.
    await Promise.race([waitForRegistrations().catch(fail), failed]);
    await settle(() => failures.length);
    process.off('unhandledRejection', fail);
  }
  if (mocks.errors.length > 0) throw mocks.errors[0];
  if (failures.length > 0) throw failures[0];

  const secretOutputs: string[] = [];
  if (exported && typeof exported === 'object') {
    for (const [key, value] of Object.entries(exported)) {
      if (pulumi.Output.isInstance(value) && (await pulumi.isSecret(value))) secretOutputs.push(key);
    }
  }
  const resources = await Promise.all(
    mocks.resources.map(async (record) => {
      const info = graph.get(record);
      if (!info) throw new Error(`Resource ${record.type} '${record.name}' never finished registering.`);
      return { ...record, ...info, inputs: (await describeAssets(record.inputs)) as Record<string, unknown> };
    }),
  );
  return { mocks, resources, outputs, secretOutputs, ...queries(resources) };
}
