import type { Environment } from '@payments/config';
import type { PolicyFinding } from '@payments/policies';
import { SECRET_PLACEHOLDER, type SynthDocument, type SynthResource } from '../document';
import { replacementSource } from './replacements';

/** A resource as the diff names it. */
export interface ResourceRef {
  urn: string;
  type: string;
  /** The Pulumi logical name. */
  name: string;
}

/** One input that differs, at a Pulumi property path (`tags.Owner`, `ingress[0].cidrBlocks[1]`). */
export interface PropertyChange {
  path: string;
  /** Absent when the input was not set on that side. Secrets read `[secret]` (synth never records them). */
  old?: unknown;
  new?: unknown;
  /** The source that says a change to this input replaces the resource (replacements.ts), when it does. */
  replaces?: string;
  /** The resource ignores changes to this input (`ignoreChanges`): Pulumi keeps what exists. */
  ignored?: true;
}

export interface ChangedResource extends ResourceRef {
  /** Whether a change forces AWS to replace the resource (create the new one, delete the old one). */
  replacement: boolean;
  changes: PropertyChange[];
}

export interface Monthly {
  min: number;
  max: number;
}

/** What happens to a stack: it appears, goes, changes, or stays as it is. */
export type StackStatus = 'added' | 'removed' | 'changed' | 'unchanged';

export interface StackDiff {
  domain: string;
  stack: string;
  status: StackStatus;
  resources: { added: ResourceRef[]; removed: ResourceRef[]; changed: ChangedResource[] };
  /** Policy findings (violations, advisories, exemptions) that appear or disappear; disabled policies aside. */
  policy: { added: PolicyFinding[]; resolved: PolicyFinding[] };
  /** Monthly cost before and after; null where the stack does not exist or was not priced. */
  cost: { before: Monthly | null; after: Monthly | null; delta: Monthly };
}

/** The whole comparison: what `synth:diff` writes to `dist/synth/<env>/diff.json`. */
export interface EnvironmentDiff {
  env: Environment;
  /** What `--base` named, and the merge base of it and HEAD that was synthesized. */
  base: { ref: string; commit: string };
  /** HEAD, and whether the working tree had uncommitted changes (they are part of the head synth). */
  head: { commit: string; dirty: boolean };
  /** In deploy order. */
  stacks: StackDiff[];
  cost: { before: Monthly; after: Monthly; delta: Monthly };
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value synth redacted: `"[secret]"`, or a wholly secret input map (`{ "[secret]": true }`). */
export function isSecret(value: unknown): boolean {
  return (
    value === SECRET_PLACEHOLDER ||
    (isPlainObject(value) && Object.keys(value).length === 1 && value[SECRET_PLACEHOLDER] === true)
  );
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/** A Pulumi property path segment: `.key`, or `["odd.key"]` for a key that is not an identifier. */
function childPath(parent: string, key: string): string {
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return parent === '' ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

/** A string holding a JSON object or list (an IAM policy, a dashboard body), parsed; undefined otherwise. */
function jsonDocument(value: unknown): unknown {
  if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/** The leaves that differ between two input values, with their paths. */
function diffValues(path: string, a: unknown, b: unknown, out: PropertyChange[]): void {
  if (isSecret(a) || isSecret(b)) {
    // Both redacted: synth cannot tell whether the secret changed, and shows nothing of it.
    if (isSecret(a) && isSecret(b)) return;
    out.push({ path, ...(a === undefined ? {} : { old: a }), ...(b === undefined ? {} : { new: b }) });
    return;
  }
  if (deepEqual(a, b)) return;
  if (isPlainObject(a) && isPlainObject(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      diffValues(childPath(path, key), a[key], b[key], out);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i += 1) diffValues(`${path}[${i}]`, a[i], b[i], out);
    return;
  }
  // Policy documents are JSON strings: show the statement that changed, not two pages of JSON.
  const [docA, docB] = [jsonDocument(a), jsonDocument(b)];
  if (docA !== undefined && docB !== undefined) {
    const inner: PropertyChange[] = [];
    diffValues('', docA, docB, inner);
    for (const change of inner) out.push({ ...change, path: `${path} (JSON) ${change.path || '(root)'}` });
    return;
  }
  out.push({ path, ...(a === undefined ? {} : { old: a }), ...(b === undefined ? {} : { new: b }) });
}

/** The top-level input a path starts with: `serverlessv2ScalingConfiguration.maxCapacity` -> its first key. */
const topLevel = (path: string) => /^[^.[ ]+/.exec(path)?.[0] ?? path;

/** How one resource's inputs and options differ, and whether that replaces it. */
export function diffResource(before: SynthResource, after: SynthResource): ChangedResource | undefined {
  const changes: PropertyChange[] = [];
  diffValues('', before.inputs, after.inputs, changes);
  const ignored = new Set(after.ignoreChanges ?? []);
  const marked = changes.map((change): PropertyChange => {
    const top = topLevel(change.path);
    if (ignored.has(top)) return { ...change, ignored: true };
    const replaces = replacementSource(after.type, top);
    return replaces ? { ...change, replaces } : change;
  });
  if (before.protect !== after.protect) {
    marked.push({ path: '(protect)', old: before.protect, new: after.protect });
  }
  if (marked.length === 0) return undefined;
  return {
    urn: after.urn,
    type: after.type,
    name: after.name,
    replacement: marked.some((c) => c.replaces !== undefined),
    changes: marked,
  };
}

const ref = (r: SynthResource): ResourceRef => ({ urn: r.urn, type: r.type, name: r.name });

/** A finding's identity across the two synths: the policy, the resource, and whether it is exempted. */
function findingKey(finding: PolicyFinding): string {
  const state = finding.exemption ? 'exempt' : finding.enforcementLevel;
  // A stack-wide finding has no resource: its message is what tells two of them apart.
  return [finding.policy, finding.urn ?? `(stack) ${finding.message}`, state].join('\u0000');
}

/** Findings of `from` that `to` does not have (disabled policies aside). */
function findingsMissing(from: readonly PolicyFinding[], to: readonly PolicyFinding[]): PolicyFinding[] {
  const present = new Set(to.map(findingKey));
  return from.filter((f) => f.enforcementLevel !== 'disabled' && !present.has(findingKey(f)));
}

const cents = (n: number) => Math.round(n * 100) / 100;
const monthly = (document: SynthDocument | undefined): Monthly | null =>
  document?.cost ? { ...document.cost.monthly } : null;
const minus = (after: Monthly | null, before: Monthly | null): Monthly => ({
  min: cents((after?.min ?? 0) - (before?.min ?? 0)),
  max: cents((after?.max ?? 0) - (before?.max ?? 0)),
});

/** One stack's diff; either side may be missing (the stack is new, or gone). */
export function diffStack(
  domain: string,
  before: SynthDocument | undefined,
  after: SynthDocument | undefined,
): StackDiff {
  const stack = after?.stack ?? before?.stack ?? domain;
  const old = new Map((before?.resources ?? []).map((r) => [r.urn, r]));
  const now = new Map((after?.resources ?? []).map((r) => [r.urn, r]));
  const added = [...now.values()].filter((r) => !old.has(r.urn)).map(ref);
  const removed = [...old.values()].filter((r) => !now.has(r.urn)).map(ref);
  const changed = [...now.values()].flatMap((r) => {
    const previous = old.get(r.urn);
    const change = previous ? diffResource(previous, r) : undefined;
    return change ? [change] : [];
  });
  const policy = {
    added: findingsMissing(after?.policy ?? [], before?.policy ?? []),
    resolved: findingsMissing(before?.policy ?? [], after?.policy ?? []),
  };
  const cost = {
    before: monthly(before),
    after: monthly(after),
    delta: minus(monthly(after), monthly(before)),
  };
  const status: StackStatus = !before
    ? 'added'
    : !after
      ? 'removed'
      : added.length + removed.length + changed.length + policy.added.length + policy.resolved.length > 0 ||
          cost.delta.min !== 0 ||
          cost.delta.max !== 0
        ? 'changed'
        : 'unchanged';
  return { domain, stack, status, resources: { added, removed, changed }, policy, cost };
}

/** The environment's diff from the two synths' documents, stack by stack in `order`. */
export function diffEnvironment(args: {
  env: Environment;
  base: { ref: string; commit: string };
  head: { commit: string; dirty: boolean };
  order: readonly string[];
  before: ReadonlyMap<string, SynthDocument>;
  after: ReadonlyMap<string, SynthDocument>;
}): EnvironmentDiff {
  const stacks = args.order
    .filter((domain) => args.before.has(domain) || args.after.has(domain))
    .map((domain) => diffStack(domain, args.before.get(domain), args.after.get(domain)));
  const sum = (pick: (s: StackDiff) => Monthly | null): Monthly => ({
    min: cents(stacks.reduce((n, s) => n + (pick(s)?.min ?? 0), 0)),
    max: cents(stacks.reduce((n, s) => n + (pick(s)?.max ?? 0), 0)),
  });
  const before = sum((s) => s.cost.before);
  const after = sum((s) => s.cost.after);
  return {
    env: args.env,
    base: args.base,
    head: args.head,
    stacks,
    cost: { before, after, delta: minus(after, before) },
  };
}
