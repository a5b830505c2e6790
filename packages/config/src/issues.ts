import { z } from 'zod';
import { nearestKey } from './nearest';
import { overridableChildren } from './overrides';

// Turns zod issues into lines a person fixing `Pulumi.<env>.yaml` can act on:
// `<key.path>: <problem> (got <value>; allowed <what>)`.

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

export function formatPath(path: Path): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    return text === '' ? String(key) : `${text}.${String(key)}`;
  }, '');
}

function valueAt(root: unknown, path: Path): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = typeof value === 'object' || typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function unwrap(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodOptional ? unwrap(schema.unwrap() as z.ZodType) : schema;
}

function child(schema: z.ZodType, key: PropertyKey): z.ZodType | undefined {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject) return inner.shape[String(key)] as z.ZodType | undefined;
  if (inner instanceof z.ZodArray && typeof key === 'number') return inner.element as z.ZodType;
  if (inner instanceof z.ZodUnion) {
    for (const option of inner.options as readonly z.ZodType[]) {
      const found = child(option, key);
      if (found) return found;
    }
  }
  return undefined;
}

function schemaAt(root: z.ZodType, path: Path): z.ZodType | undefined {
  let schema: z.ZodType | undefined = root;
  for (const key of path) schema = schema && child(schema, key);
  return schema;
}

/** Keys an object at `path` may have: the documented override keys, else whatever the schema defines. */
function keysAt(root: z.ZodType, path: Path): string[] {
  const overridable = overridableChildren(formatPath(path));
  if (overridable.length > 0) return overridable;
  const schema = schemaAt(root, path);
  const inner = schema && unwrap(schema);
  const options =
    inner instanceof z.ZodUnion ? (inner.options as readonly z.ZodType[]) : inner ? [inner] : [];
  return [...new Set(options.flatMap((o) => (o instanceof z.ZodObject ? Object.keys(o.shape) : [])))];
}

function expectedName(
  issue: Extract<Issue, { code: 'invalid_type' }>,
  schema: z.ZodType | undefined,
): string {
  const inner = schema && unwrap(schema);
  if (issue.expected === 'int' || (inner instanceof z.ZodNumber && inner.isInt)) return 'integer';
  return issue.expected;
}

function sizeProblem(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>): string {
  const small = issue.code === 'too_small';
  const limit = String(
    small ? (issue as { minimum: unknown }).minimum : (issue as { maximum: unknown }).maximum,
  );
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case 'array':
      return small ? `too few items (at least ${limit})` : `too many items (at most ${limit})`;
    case 'string':
      return small ? `too short (at least ${limit} characters)` : `too long (at most ${limit} characters)`;
    default:
      if (small) return inclusive ? `below the minimum ${limit}` : `must be above ${limit}`;
      return inclusive ? `above the maximum ${limit}` : `must be below ${limit}`;
  }
}

function line(path: Path, problem: string, got: unknown, allowed: string | undefined): string {
  const where = formatPath(path) || '(top level)';
  return `${where}: ${problem} (got ${show(got)}${allowed ? `; allowed ${allowed}` : ''})`;
}

/** One line per problem; `base` is the path of the value `issues` were reported against. */
export function formatIssues(
  root: z.ZodType,
  input: unknown,
  issues: readonly Issue[],
  base: Path = [],
): string[] {
  return issues.flatMap((issue) => {
    const path = [...base, ...issue.path];
    const got = valueAt(input, path);
    const schema = schemaAt(root, path);
    const inner = schema && unwrap(schema);
    const description =
      schema?.description ??
      inner?.description ??
      (inner instanceof z.ZodObject ? `an object with keys ${keysAt(root, path).join(', ')}` : undefined);

    switch (issue.code) {
      case 'unrecognized_keys':
        return issue.keys.map((key) => {
          const allowed = keysAt(root, path);
          const nearest = nearestKey(key, allowed);
          const problem = nearest ? `unknown key, did you mean '${nearest}'?` : 'unknown key';
          return line([...path, key], problem, valueAt(input, [...path, key]), allowed.join(', '));
        });
      case 'invalid_union': {
        // Report the branch the input came closest to; a tie means the shape itself is ambiguous.
        const sorted = [...issue.errors].sort((a, b) => a.length - b.length);
        const [best, next] = [sorted[0], sorted[1]];
        if (best && (!next || best.length < next.length)) return formatIssues(root, input, best, path);
        return [line(path, 'does not match any allowed form', got, description)];
      }
      case 'invalid_type': {
        const expected = expectedName(issue, schema);
        const problem = got === undefined ? `missing (expected ${expected})` : `expected ${expected}`;
        return [line(path, problem, got, description)];
      }
      case 'invalid_value':
        return [line(path, 'not an allowed value', got, issue.values.map(show).join(', '))];
      case 'too_small':
      case 'too_big':
        return [line(path, sizeProblem(issue), got, description)];
      case 'not_multiple_of':
        return [line(path, `not a multiple of ${String(issue.divisor)}`, got, description)];
      case 'invalid_format':
        return [
          line(
            path,
            issue.format === 'regex' ? 'wrong format' : `not a valid ${issue.format}`,
            got,
            description,
          ),
        ];
      case 'custom':
        return [line(path, issue.message, got, (issue.params?.allowed as string | undefined) ?? description)];
      default:
        return [line(path, issue.message, got, description)];
    }
  });
}
