import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENVIRONMENTS } from '@payments/config';
import { PULUMI_TARGETS } from '../plugin';
import type { DestroyExecutorOptions } from './destroy/schema';
import type { HistoryExecutorOptions } from './history/schema';
import type { InitExecutorOptions } from './init/schema';
import type { PreviewExecutorOptions } from './preview/schema';
import type { RefreshExecutorOptions } from './refresh/schema';
import type { RollbackExecutorOptions } from './rollback/schema';
import type { SynthExecutorOptions } from './synth/schema';
import type { UpExecutorOptions } from './up/schema';

type JsonType<V> = V extends boolean
  ? 'boolean'
  : V extends number
    ? 'number'
    : V extends string
      ? 'string'
      : never;

/**
 * What schema.json must say about each option, derived from the option type: every key of the type must be
 * listed (and nothing else), with the JSON type and required-ness the TypeScript type implies. So the table
 * cannot drift from the types (the compiler checks it) nor from the JSON (the test below checks it). An option
 * of a union type lists its JSON types as a sorted array.
 */
type SchemaOf<T> = {
  [K in keyof T]-?: {
    type: JsonType<NonNullable<T[K]>> | JsonType<NonNullable<T[K]>>[];
    required: object extends Pick<T, K> ? false : true;
  };
};

const env = { type: 'string', required: false } as const;

const EXPECTED = {
  synth: { env } satisfies SchemaOf<SynthExecutorOptions>,
  preview: { env } satisfies SchemaOf<PreviewExecutorOptions>,
  up: { env } satisfies SchemaOf<UpExecutorOptions>,
  refresh: { env } satisfies SchemaOf<RefreshExecutorOptions>,
  destroy: {
    env,
    forceProd: { type: 'boolean', required: false },
  } satisfies SchemaOf<DestroyExecutorOptions>,
  rollback: {
    env,
    // Nx's argument parser turns `--to=12` into a number.
    to: { type: ['number', 'string'], required: false },
    yes: { type: 'boolean', required: false },
    dryRun: { type: 'boolean', required: false },
  } satisfies SchemaOf<RollbackExecutorOptions>,
  history: { env } satisfies SchemaOf<HistoryExecutorOptions>,
  init: {
    env,
    secretsProvider: { type: 'string', required: false },
  } satisfies SchemaOf<InitExecutorOptions>,
};

interface JsonSchema {
  properties: Record<string, { type: string | string[]; enum?: string[] }>;
  required?: string[];
  additionalProperties?: boolean;
}

const executors = JSON.parse(readFileSync(join(__dirname, '../../executors.json'), 'utf8')) as {
  executors: Record<string, { implementation: string; schema: string }>;
};

function schemaOf(name: string): JsonSchema {
  const entry = executors.executors[name];
  if (!entry) throw new Error(`executors.json has no ${name}`);
  return JSON.parse(readFileSync(join(__dirname, '../..', entry.schema), 'utf8')) as JsonSchema;
}

describe('executor schemas', () => {
  it('exist for exactly the targets the plugin infers', () => {
    expect(Object.keys(executors.executors).sort()).toEqual([...PULUMI_TARGETS].sort());
    expect(Object.keys(EXPECTED).sort()).toEqual([...PULUMI_TARGETS].sort());
  });

  it.each(PULUMI_TARGETS)('%s: point at its own folder', (name) => {
    expect(executors.executors[name]).toEqual(
      expect.objectContaining({
        implementation: `./src/executors/${name}/executor`,
        schema: `./src/executors/${name}/schema.json`,
      }),
    );
  });

  it.each(PULUMI_TARGETS)('%s: accepts exactly the environments of packages/config', (name) => {
    expect(schemaOf(name).properties['env']?.enum).toEqual([...ENVIRONMENTS]);
  });

  it.each(PULUMI_TARGETS)('%s: declares exactly the options of its schema.d.ts, and nothing else', (name) => {
    const schema = schemaOf(name);
    const actual = Object.fromEntries(
      Object.entries(schema.properties).map(([key, property]) => [
        key,
        {
          type: Array.isArray(property.type) ? [...property.type].sort() : property.type,
          required: (schema.required ?? []).includes(key),
        },
      ]),
    );
    expect(actual).toEqual(EXPECTED[name]);
    expect(schema.additionalProperties).toBe(false);
  });
});
