import * as pulumi from '@pulumi/pulumi';

/**
 * Every use of Pulumi internals, in one place. Written against @pulumi/pulumi 3.248.0; they are not public API, so
 * an upgrade may change them: `pulumi-internals.spec.ts` fails loudly, naming what changed, when one does.
 *
 * - `@pulumi/pulumi/runtime/settings`: `getMonitor()` (the mock monitor `setMocks` installs; the Mocks API hides
 *   the parent, dependencies and options of a registration) and `waitForRPCs()` (only the runtime knows when every
 *   registration has settled).
 * - the monitor's `registerResource(request, callback)`, whose request (a `RegisterResourceRequest` of
 *   proto/resource_pb) carries the parent, dependencies, `protect`, `ignoreChanges`, `deleteBeforeReplace` and
 *   `aliases`.
 * - `StackReference.prototype`'s output readers, wrapped to record which outputs a program reads.
 * - the names of the two functions that capture a stack trace per resource and per promise for Pulumi's own
 *   diagnostics: `debuggablePromise` (runtime/debuggable) and `Resource.callsites`.
 */
export const PULUMI_VERSION_WRITTEN_FOR = '3.248.0';

interface AliasSpec {
  getName(): string;
  getType(): string;
}
interface Alias {
  getUrn(): string;
  getSpec(): AliasSpec | undefined;
}
interface RegisterResourceRequest {
  getAliasesList(): Alias[];
  getParent(): string;
  getDependenciesList(): string[];
  getProtect(): boolean | undefined;
  getIgnorechangesList(): string[];
  getDeletebeforereplace(): boolean;
}
interface RegisterResourceResponse {
  getUrn(): string;
}
type RegisterResource = (
  request: RegisterResourceRequest,
  callback: (error: unknown, response?: RegisterResourceResponse) => void,
) => void;

interface RuntimeSettings {
  getMonitor(): { registerResource: RegisterResource } | undefined;
  waitForRPCs(): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require('@pulumi/pulumi/runtime/settings') as RuntimeSettings;

/** What a registration carries beyond its type, name and inputs. */
export interface Registration {
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

function describeAlias(alias: Alias): ResourceAlias {
  const spec = alias.getSpec();
  const fields: ResourceAlias = { urn: alias.getUrn(), name: spec?.getName(), type: spec?.getType() };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value)) as ResourceAlias;
}

/**
 * Calls `registered` with each registration the program makes from now on (call after `setMocks`). `count` says
 * how many resources the mocks recorded before the registration: the mock calls `newResource` synchronously
 * inside `registerResource`, so the record at that index belongs to this registration.
 */
export function recordRegistrations(
  count: () => number,
  registered: (index: number, registration: Registration) => void,
): void {
  const monitor = settings.getMonitor();
  if (!monitor) throw new Error('Pulumi mock monitor was not installed.');
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (request, callback) => {
    const index = count();
    register(request, (error, response) => {
      if (!error && response) {
        registered(index, {
          urn: response.getUrn(),
          parent: request.getParent() || undefined,
          dependsOn: [...request.getDependenciesList()].sort(),
          protect: request.getProtect() === true,
          ignoreChanges: [...request.getIgnorechangesList()].sort(),
          deleteBeforeReplace: request.getDeletebeforereplace(),
          aliases: request.getAliasesList().map(describeAlias),
        });
      }
      callback(error, response);
    });
  };
}

/** Resolves once every registration the program started has settled. */
export function waitForRegistrations(): Promise<void> {
  return settings.waitForRPCs();
}

/** The StackReference methods a program reads outputs with. */
export const STACK_REFERENCE_READERS = [
  'getOutput',
  'requireOutput',
  'getOutputDetails',
  'getOutputValue',
] as const;

/**
 * Records, from now on in this process, which outputs programs read from each StackReference: stack path ->
 * output names. Patches `StackReference.prototype`, so call it once per process (synth's harness does).
 */
export function recordStackReferenceReads(): Map<string, Set<string>> {
  const reads = new Map<string, Set<string>>();
  const proto = pulumi.StackReference.prototype as unknown as Record<string, unknown>;
  for (const method of STACK_REFERENCE_READERS) {
    const original = proto[method] as (this: pulumi.StackReference, name: string) => unknown;
    proto[method] = function (this: pulumi.StackReference, name: string) {
      this.name.apply((stack) => reads.set(stack, (reads.get(stack) ?? new Set()).add(name)));
      return original.call(this, name);
    };
  }
  return reads;
}

/** The functions whose stack traces only feed Pulumi's own diagnostics (promise-leak reports, source positions). */
export const PULUMI_BOOKKEEPING_FRAMES = ['debuggablePromise', 'callsites'] as const;
const bookkeeping = new Set<string>(PULUMI_BOOKKEEPING_FRAMES);

/**
 * Runs `body` with Pulumi's bookkeeping stack traces left unmapped. The runtime formats a stack trace for every
 * promise it tracks and every resource it constructs; through the TypeScript loader's source-map hook each frame
 * is mapped back to TypeScript, which cost 0.55 s of a 2.4 s staging synth (CPU profile) for traces nobody reads
 * under the mocks. Every other stack, a program's error above all, is still mapped.
 */
export async function withUnmappedBookkeepingStacks<T>(body: () => Promise<T>): Promise<T> {
  const prepare = Error.prepareStackTrace;
  Error.prepareStackTrace = (error, frames) => {
    const top = frames[0]?.getFunctionName();
    if (prepare && !(top && bookkeeping.has(top))) return prepare(error, frames);
    return [String(error), ...frames.map((frame) => `    at ${String(frame)}`)].join('\n');
  };
  try {
    return await body();
  } finally {
    Error.prepareStackTrace = prepare;
  }
}
