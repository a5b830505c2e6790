import { readFileSync } from 'node:fs';

type JsonType<V> = V extends boolean
  ? 'boolean'
  : V extends number
    ? 'number'
    : V extends string
      ? 'string'
      : never;

/**
 * What an executor's schema.json must say about each option, derived from its options type: every key of the
 * type must be listed (and nothing else), with the JSON type and required-ness the TypeScript type implies. So a
 * table of this type cannot drift from the types (the compiler checks it) nor from the JSON (`schemaOptions`
 * compared with it). An option of a union type lists its JSON types as a sorted array.
 */
export type SchemaOf<T> = {
  [K in keyof T]-?: {
    type: JsonType<NonNullable<T[K]>> | JsonType<NonNullable<T[K]>>[];
    required: object extends Pick<T, K> ? false : true;
  };
};

interface JsonSchema {
  properties: Record<string, { type: string | string[]; enum?: string[] }>;
  required?: string[];
  additionalProperties?: boolean;
}

/** The options a schema.json declares, in the shape of `SchemaOf`, with its enums and whether it is closed. */
export function schemaOptions(file: string): {
  options: Record<string, { type: string | string[]; required: boolean }>;
  enums: Record<string, string[] | undefined>;
  closed: boolean;
} {
  const schema = JSON.parse(readFileSync(file, 'utf8')) as JsonSchema;
  const entries = Object.entries(schema.properties);
  return {
    options: Object.fromEntries(
      entries.map(([key, property]) => [
        key,
        {
          type: Array.isArray(property.type) ? [...property.type].sort() : property.type,
          required: (schema.required ?? []).includes(key),
        },
      ]),
    ),
    enums: Object.fromEntries(entries.map(([key, property]) => [key, property.enum])),
    closed: schema.additionalProperties === false,
  };
}
