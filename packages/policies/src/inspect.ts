/** Small, total readers for resource props: inputs may be absent, strings, or (under preview) not known yet. */

export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** A JSON document that Pulumi may hand over as a string (IAM policies, provider config) or as an object. */
export function json(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'string') return record(value);
  try {
    return record(JSON.parse(value));
  } catch {
    return undefined;
  }
}

/** The statements of an IAM policy document, whether `Statement` is one object or a list. */
export function statements(document: unknown): Record<string, unknown>[] {
  return list(json(document)?.Statement)
    .map(record)
    .filter((s): s is Record<string, unknown> => s !== undefined);
}

export const quote = (value: unknown): string => (typeof value === 'string' ? `'${value}'` : String(value));
