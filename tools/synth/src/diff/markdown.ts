import type { PolicyFinding } from '@payments/policies';
import { shortType } from '../summary';
import type {
  ChangedResource,
  EnvironmentDiff,
  Monthly,
  PropertyChange,
  ResourceRef,
  StackDiff,
} from './compare';

/** The first line of every environment's section: how a pull-request comment finds the part it replaces. */
export const diffMarker = (env: string) => `<!-- synth-diff env=${env} -->`;

/** Longest value shown in full; longer ones are cut, the whole stays in diff.json. */
const MAX_VALUE = 120;

/** `text` as a Markdown code span that survives backticks inside it. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return longest > 0 ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}

function value(v: unknown): string {
  const text = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  return code(text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text);
}

const usd = (n: number) =>
  `$${Math.abs(n).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const money = (n: number) => (n < 0 ? `-${usd(n)}` : usd(n));
const signed = (n: number) => (n > 0 ? `+${usd(n)}` : n < 0 ? `-${usd(n)}` : usd(0));

/** `$92.56 – $1,406.56`, one figure when min and max agree; `–` when there is nothing. */
function range(m: Monthly | null, format: (n: number) => string = money): string {
  if (!m) return '–';
  return m.min === m.max ? format(m.min) : `${format(m.min)} – ${format(m.max)}`;
}

const resourceName = (r: ResourceRef) => `${code(shortType(r.type))} ${code(r.name)}`;
/** The logical name at the end of a URN. */
const urnName = (urn: string) => urn.split('::').slice(3).join('::') || urn;

function changeLine(change: PropertyChange): string {
  const old = 'old' in change ? value(change.old) : '(unset)';
  const now = 'new' in change ? value(change.new) : '(unset)';
  const note = change.ignored
    ? ' (ignored: `ignoreChanges`, applies only when the resource is created)'
    : change.replaces
      ? ` **forces replacement** (${change.replaces})`
      : '';
  return `  - ${code(change.path)}: ${old} → ${now}${note}`;
}

function changedLines(r: ChangedResource): string[] {
  const head = `- ${resourceName(r)}${r.replacement ? ' — **replaced**: AWS creates a new one and deletes the old one' : ''}`;
  return [head, ...r.changes.map(changeLine)];
}

function findingLine(f: PolicyFinding): string {
  const level = f.exemption ? `exempt (${f.exemption})` : f.enforcementLevel.toUpperCase();
  const on = f.urn ? ` on ${code(urnName(f.urn))}` : '';
  return `- **${level}** ${code(f.policy)}${on}: ${f.message}`;
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function policyCell(added: number, resolved: number): string {
  const parts = [...(added > 0 ? [`+${added}`] : []), ...(resolved > 0 ? [`-${resolved} resolved`] : [])];
  return parts.length > 0 ? parts.join(', ') : 'no change';
}

function stackTitle(s: StackDiff): string {
  const status = s.status === 'added' ? ' (new stack)' : s.status === 'removed' ? ' (stack removed)' : '';
  return `#### ${s.domain}${status} · ${code(s.stack)}`;
}

function stackSection(s: StackDiff): string[] {
  const lines = ['', stackTitle(s)];
  const { added, changed, removed } = s.resources;
  if (added.length > 0)
    lines.push('', `Added (${added.length}):`, ...added.map((r) => `- ${resourceName(r)}`));
  if (changed.length > 0) lines.push('', `Changed (${changed.length}):`, ...changed.flatMap(changedLines));
  if (removed.length > 0) {
    lines.push('', `Removed (${removed.length}):`, ...removed.map((r) => `- ${resourceName(r)}`));
  }
  if (s.policy.added.length > 0) {
    lines.push('', `Policy findings added (${s.policy.added.length}):`, ...s.policy.added.map(findingLine));
  }
  if (s.policy.resolved.length > 0) {
    lines.push(
      '',
      `Policy findings resolved (${s.policy.resolved.length}):`,
      ...s.policy.resolved.map(findingLine),
    );
  }
  lines.push(
    '',
    `Monthly cost: ${range(s.cost.before)} → ${range(s.cost.after)} (${range(s.cost.delta, signed)}).`,
  );
  return lines;
}

/**
 * The diff as Markdown, readable as a pull-request comment: a table of the stacks that change (with the
 * environment's total), the unchanged ones in one line, then each changed stack's resources, replacements, policy
 * findings and cost.
 */
export function formatDiffMarkdown(diff: EnvironmentDiff): string {
  const changedStacks = diff.stacks.filter((s) => s.status !== 'unchanged');
  const unchanged = diff.stacks.filter((s) => s.status === 'unchanged');
  const replaced = (s: StackDiff) => s.resources.changed.filter((r) => r.replacement).length;
  const lines = [
    diffMarker(diff.env),
    `### synth diff: ${diff.env}`,
    '',
    `${code(diff.base.ref)} (merge base ${code(diff.base.commit.slice(0, 12))}) → ${code(diff.head.commit.slice(0, 12))}` +
      `${diff.head.dirty ? ' with uncommitted changes' : ''}, both synthesized offline under Pulumi mocks ` +
      '(no cloud was read). Cost in USD per month, min – max (Aurora at its minimum and maximum capacity).',
    '',
  ];
  if (changedStacks.length === 0) {
    lines.push(
      `No change to any of the ${count(diff.stacks.length, 'stack')}: ${diff.stacks.map((s) => s.domain).join(', ')}.`,
    );
    lines.push('', `Monthly cost: ${range(diff.cost.after)} (no change).`);
    return `${lines.join('\n')}\n`;
  }
  const n = (pick: (s: StackDiff) => number) => changedStacks.reduce((sum, s) => sum + pick(s), 0);
  lines.push(
    '| stack | added | changed | replaced | removed | policy findings | cost before | cost after | delta |',
    '| --- | ---: | ---: | ---: | ---: | --- | --- | --- | --- |',
    ...changedStacks.map(
      (s) =>
        `| ${s.domain}${s.status === 'added' ? ' (new)' : s.status === 'removed' ? ' (removed)' : ''} | ` +
        `${s.resources.added.length} | ${s.resources.changed.length} | ${replaced(s)} | ${s.resources.removed.length} | ` +
        `${policyCell(s.policy.added.length, s.policy.resolved.length)} | ${range(s.cost.before)} | ${range(s.cost.after)} | **${range(s.cost.delta, signed)}** |`,
    ),
    `| **${diff.env}** | ${n((s) => s.resources.added.length)} | ${n((s) => s.resources.changed.length)} | ` +
      `${n(replaced)} | ${n((s) => s.resources.removed.length)} | ` +
      `${policyCell(
        n((s) => s.policy.added.length),
        n((s) => s.policy.resolved.length),
      )} | ` +
      `${range(diff.cost.before)} | ${range(diff.cost.after)} | **${range(diff.cost.delta, signed)}** |`,
  );
  if (unchanged.length > 0) lines.push('', `Unchanged: ${unchanged.map((s) => s.domain).join(', ')}.`);
  for (const s of changedStacks) lines.push(...stackSection(s));
  return `${lines.join('\n')}\n`;
}
