import * as pulumi from '@pulumi/pulumi';
import { RecordingMocks, type RecordedResource, type RecordingMocksOptions } from './mocks';

export interface GraphInfo {
  urn: string;
  parent: string | undefined;
  dependsOn: string[];
  /** The `protect` resource option: Pulumi refuses to delete the resource. */
  protect: boolean;
  /** The `ignoreChanges` resource option. */
  ignoreChanges: string[];
  /** The `deleteBeforeReplace` resource option. */
  deleteBeforeReplace: boolean;
  /**
   * The `aliases` resource option: the names, types or URNs the resource had before, so Pulumi moves it instead of
   * replacing it. Only the fields an alias sets.
   */
  aliases: ResourceAlias[];
}

export interface ResourceAlias {
  urn?: string;
  name?: string;
  type?: string;
}

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

interface AliasSpec {
  getName(): string;
  getType(): string;
}
interface MonitorAlias {
  getUrn(): string;
  getSpec(): AliasSpec | undefined;
}
interface MonitorRequest {
  getAliasesList(): MonitorAlias[];
  getParent(): string;
  getDependenciesList(): string[];
  getProtect(): boolean | undefined;
  getIgnorechangesList(): string[];
  getDeletebeforereplace(): boolean;
}
interface MonitorResponse {
  getUrn(): string;
}
type RegisterResource = (req: MonitorRequest, cb: (err: unknown, res?: MonitorResponse) => void) => void;

// Internal runtime hooks: the mock monitor hides the parent and dependencies of a registration from
// the Mocks API, and only the runtime knows when every registration has settled.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require('@pulumi/pulumi/runtime/settings') as {
  getMonitor(): { registerResource: RegisterResource } | undefined;
  waitForRPCs(): Promise<void>;
};

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

function describeAlias(alias: MonitorAlias): ResourceAlias {
  const spec = alias.getSpec();
  const fields: ResourceAlias = { urn: alias.getUrn(), name: spec?.getName(), type: spec?.getType() };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value)) as ResourceAlias;
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
export async function runStack<T>(options: RunStackOptions<T>): Promise<StackRun> {
  const mocks = new RecordingMocks(options);
  pulumi.runtime.setAllConfig(options.config ?? {});
  await pulumi.runtime.setMocks(mocks, options.project, options.stack, false, options.organization);

  const graph = new Map<RecordedResource, GraphInfo>();
  const monitor = settings.getMonitor();
  if (!monitor) throw new Error('Pulumi mock monitor was not installed.');
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    const before = mocks.resources.length;
    // The mock calls newResource synchronously here, so the record it adds belongs to this request.
    register(req, (err, res) => {
      const record = mocks.resources[before];
      if (!err && res && record) {
        graph.set(record, {
          urn: res.getUrn(),
          parent: req.getParent() || undefined,
          dependsOn: [...req.getDependenciesList()].sort(),
          protect: req.getProtect() === true,
          ignoreChanges: [...req.getIgnorechangesList()].sort(),
          deleteBeforeReplace: req.getDeletebeforereplace(),
          aliases: req.getAliasesList().map(describeAlias),
        });
      }
      cb(err, res);
    });
  };

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
    await Promise.race([settings.waitForRPCs().catch(fail), failed]);
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
