import { NxPulumiError } from './errors';

/**
 * What `pulumi refresh --preview-only --json` prints (Pulumi v3.248.0): a preview, so the JSON display prints one
 * digest at the end (pkg/backend/display/display.go ShowEvents -> json.go ShowPreviewDigest), `PreviewDigest` of
 * pkg/display/json.go, indented with four spaces. Only the fields read here are declared.
 */
export interface PreviewDigest {
  /** The stack's config; secrets blinded. Not read. */
  config?: Record<string, string>;
  steps?: PreviewStep[];
  diagnostics?: { urn?: string; prefix?: string; message?: string; severity?: string }[];
  /** Nanoseconds (a Go time.Duration). */
  duration?: number;
  /** Count per operation: for a refresh, `same`, `update` and `delete` (engine/update.go RefreshStep.ResultOp). */
  changeSummary?: Record<string, number>;
  maybeCorrupt?: boolean;
}

/**
 * One step (pkg/display/json.go PreviewStep). A refresh starts every resource as `refresh`; ShowPreviewDigest
 * replaces the step with the outputs event's when the refresh found the resource changed (`update`, with a
 * `detailedDiff`) or gone (`delete`). `detailedDiff` has no omitempty: `null` when there is none.
 */
export interface PreviewStep {
  op: string;
  urn: string;
  provider?: string;
  /** The resource as the state had it (apitype.ResourceV3; secrets as "[secret]": json.go MassageSecrets). */
  oldState?: ResourceState;
  /** As the cloud has it now; absent for a resource deleted out of band. */
  newState?: ResourceState;
  diffReasons?: string[];
  replaceReasons?: string[];
  /**
   * Property path -> the difference. A refresh diff is inverted (deploy/step.go RefreshStep.Apply): it reads from
   * the program's last inputs to what the cloud has, so `add` is a property that appeared in the cloud.
   */
  detailedDiff: Record<string, { kind: string; inputDiff: boolean }> | null;
}

/** The fields of apitype.ResourceV3 (sdk/go/common/apitype/core.go) read here. */
export interface ResourceState {
  urn: string;
  type: string;
  custom?: boolean;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  /** Outputs the program asked Pulumi to keep secret: shown as secrets even if a value comes back in clear. */
  additionalSecretOutputs?: string[];
}

/** How secrets are shown: as the CLI's JSON display shows them (backend/display/json.go massagePropertyValue). */
export const SECRET = '[secret]';

/** The signature key and value of a serialized secret (sdk/go/common/resource/sig/sig.go Key, Secret). */
const SIG_KEY = '4dabf18193072939515e22adb298388d';
const SIG_SECRET = '1b47061264138c4ac30d75fd1eb44270';

/** A property that differs between the state and the cloud. */
export interface DriftedProperty {
  /** Pulumi property path, e.g. `tags.Owner`, `ingress[0].cidrBlocks[1]`. */
  path: string;
  /** Read from the state to the cloud: `add` (appeared in the cloud), `delete`, `update`; `-replace` ones too. */
  kind: string;
  /** As the state has it (the code's last deploy); absent when unset. Secrets read `[secret]`. */
  old?: unknown;
  /** As the cloud has it now; absent when unset. */
  new?: unknown;
}

export interface DriftedResource {
  urn: string;
  type: string;
  /** The Pulumi logical name. */
  name: string;
  properties: DriftedProperty[];
}

/** One stack's drift: what `drift` writes to `dist/drift/<env>/<project>.json`. */
export interface StackDrift {
  project: string;
  stack: string;
  env: string;
  /** ISO 8601, when the check ran. */
  checkedAt: string;
  drifted: boolean;
  /** Resources changed out of band. */
  changed: DriftedResource[];
  /** Resources deleted out of band: in the state, gone from the cloud. */
  deleted: Omit<DriftedResource, 'properties'>[];
  /** Resources the refresh found as the state has them. */
  unchanged: number;
  /** Pulumi's own counts. */
  changeSummary: Record<string, number>;
  /**
   * Resources Pulumi counted as changed without detailing them (the legacy refresh diff, an external resource):
   * drift all the same.
   */
  undetailed: number;
  /** Warnings and errors the refresh reported. */
  diagnostics: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isSecretValue = (v: unknown) => v === SECRET || (isObject(v) && v[SIG_KEY] === SIG_SECRET);

/** Every secret inside `value` replaced by `[secret]`: the "[secret]" string, or a serialized secret object. */
export function redact(value: unknown): unknown {
  if (isSecretValue(value)) return SECRET;
  if (Array.isArray(value)) return value.map(redact);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v)]));
  return value;
}

/** `urn:pulumi:<stack>::<project>::<parent$type>::<name>` -> its type (the last of the qualified type) and name. */
export function parseUrn(urn: string): { type: string; name: string } {
  const parts = urn.split('::');
  const qualified = parts[2] ?? '';
  return { type: qualified.split('$').pop() ?? qualified, name: parts.slice(3).join('::') };
}

/**
 * A Pulumi property path (sdk/go/common/resource/properties_path.go ParsePropertyPath): keys separated by `.`,
 * `[n]` indexes, `["key"]` for keys with special characters, `*` for any element.
 */
export function parsePropertyPath(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  let i = 0;
  let key = '';
  const flush = () => {
    if (key !== '') segments.push(key);
    key = '';
  };
  while (i < path.length) {
    const c = path[i] as string;
    if (c === '.') {
      flush();
      i += 1;
    } else if (c === '[') {
      flush();
      const close = path[i + 1] === '"' ? path.indexOf('"]', i + 2) : path.indexOf(']', i + 1);
      if (close < 0) return [...segments, path.slice(i)];
      if (path[i + 1] === '"') {
        segments.push(JSON.parse(path.slice(i + 1, close + 1)) as string);
        i = close + 2;
      } else {
        const inner = path.slice(i + 1, close);
        segments.push(/^\d+$/.test(inner) ? Number(inner) : inner);
        i = close + 1;
      }
    } else {
      key += c;
      i += 1;
    }
  }
  flush();
  return segments;
}

const MISSING = Symbol('missing');

function lookup(root: Record<string, unknown> | undefined, segments: readonly (string | number)[]): unknown {
  let node: unknown = root;
  for (const segment of segments) {
    if (isSecretValue(node)) return SECRET;
    if (Array.isArray(node) && typeof segment === 'number') node = node[segment];
    else if (isObject(node) && typeof segment === 'string' && segment in node) node = node[segment];
    else return MISSING;
  }
  return node === undefined ? MISSING : node;
}

/** The value at `path` in a state: its inputs, else its outputs (a diff may be of either). */
function valueAt(state: ResourceState | undefined, segments: readonly (string | number)[]): unknown {
  const fromInputs = lookup(state?.inputs, segments);
  return fromInputs !== MISSING ? fromInputs : lookup(state?.outputs, segments);
}

function driftedProperties(step: PreviewStep): DriftedProperty[] {
  const secretKeys = new Set([
    ...(step.oldState?.additionalSecretOutputs ?? []),
    ...(step.newState?.additionalSecretOutputs ?? []),
  ]);
  const paths = step.detailedDiff
    ? Object.entries(step.detailedDiff).map(([path, diff]) => ({ path, kind: diff.kind }))
    : (step.diffReasons ?? []).map((path) => ({ path, kind: 'update' }));
  return paths
    .sort((a, b) => a.path.localeCompare(b.path))
    .map(({ path, kind }) => {
      const segments = parsePropertyPath(path);
      let old = valueAt(step.oldState, segments);
      let now = valueAt(step.newState, segments);
      // A secret on either side, or an output the program keeps secret: neither value is shown.
      if (isSecretValue(old) || isSecretValue(now) || secretKeys.has(String(segments[0]))) {
        old = old === MISSING ? MISSING : SECRET;
        now = now === MISSING ? MISSING : SECRET;
      }
      return {
        path,
        kind,
        ...(old === MISSING ? {} : { old: redact(old) }),
        ...(now === MISSING ? {} : { new: redact(now) }),
      };
    });
}

/** The digest the CLI printed, parsed; one clear error when it is not one. */
export function parsePreviewDigest(text: string, stack: string): PreviewDigest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new NxPulumiError(
      `pulumi refresh --preview-only --json printed something that is not JSON for ${stack}: is the Pulumi CLI 3.x?`,
    );
  }
  if (!isObject(parsed) || (parsed['steps'] !== undefined && !Array.isArray(parsed['steps']))) {
    throw new NxPulumiError(`pulumi refresh --preview-only --json printed no preview digest for ${stack}.`);
  }
  return parsed as PreviewDigest;
}

/**
 * The drift in a refresh preview's digest: steps still `refresh` (or `same`) are resources as the state has them;
 * an `update` is a resource changed out of band, with its changed property paths; a `delete` one deleted out of
 * band. Values come from the step's old and new state, secrets redacted.
 */
export function driftOf(
  digest: PreviewDigest,
  where: { project: string; stack: string; env: string; checkedAt: string },
): StackDrift {
  const steps = digest.steps ?? [];
  const changed: DriftedResource[] = [];
  const deleted: StackDrift['deleted'] = [];
  let unchanged = 0;
  for (const step of steps) {
    const { type, name } = parseUrn(step.urn);
    const resource = { urn: step.urn, type: step.oldState?.type ?? step.newState?.type ?? type, name };
    if (step.op === 'update') changed.push({ ...resource, properties: driftedProperties(step) });
    else if (step.op === 'delete') deleted.push(resource);
    else unchanged += 1;
  }
  const summary = digest.changeSummary ?? {};
  const counted = (summary['update'] ?? 0) + (summary['delete'] ?? 0);
  const undetailed = Math.max(0, counted - changed.length - deleted.length);
  const diagnostics = (digest.diagnostics ?? [])
    .filter((d) => d.severity === 'warning' || d.severity === 'error')
    .map((d) => `${d.severity}: ${(d.message ?? '').trim()}`);
  return {
    ...where,
    drifted: changed.length + deleted.length + undetailed > 0,
    changed,
    deleted,
    unchanged,
    changeSummary: summary,
    undetailed,
    diagnostics,
  };
}

const MAX_VALUE = 100;

/** A value for a terminal line: JSON, cut when long; a secret as `[secret]`. */
export function showValue(value: unknown): string {
  if (value === SECRET) return SECRET;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

/** `7 → 1`, `(unset) → "x"`, with a note when reverting it would replace the resource. */
export function showChange(property: DriftedProperty): string {
  const old = 'old' in property ? showValue(property.old) : '(unset)';
  const now = 'new' in property ? showValue(property.new) : '(unset)';
  const replace = property.kind.endsWith('-replace') ? ' (reverting it replaces the resource)' : '';
  return `${property.path}: ${old} → ${now}${replace}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One line saying how a stack stands. */
export function driftHeadline(drift: StackDrift): string {
  const checked = drift.unchanged + drift.changed.length + drift.deleted.length;
  if (!drift.drifted) return `${drift.stack}: no drift (${plural(checked, 'resource')} checked)`;
  const parts = [
    ...(drift.changed.length > 0 ? [`${plural(drift.changed.length, 'resource')} changed`] : []),
    ...(drift.deleted.length > 0 ? [`${drift.deleted.length} deleted out of band`] : []),
    ...(drift.undetailed > 0 ? [`${drift.undetailed} changed without detail`] : []),
  ];
  return `${drift.stack}: DRIFTED: ${parts.join(', ')} (${drift.unchanged} unchanged)`;
}

/** The lines a stack's drift prints: the headline, each changed resource with its paths, each deleted one. */
export function formatDrift(drift: StackDrift): string[] {
  const lines = [driftHeadline(drift)];
  for (const r of drift.changed) {
    lines.push(`  ~ ${r.type} ${r.name}`);
    for (const p of r.properties) lines.push(`      ${showChange(p)}`);
  }
  for (const r of drift.deleted) lines.push(`  - ${r.type} ${r.name}: deleted out of band`);
  if (drift.undetailed > 0) {
    lines.push(
      `  ? ${plural(drift.undetailed, 'resource')} Pulumi counted as changed without a detailed diff: run pulumi refresh --preview-only --diff --stack ${drift.stack}`,
    );
  }
  for (const d of drift.diagnostics) lines.push(`  ${d}`);
  return lines;
}
