import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENVIRONMENTS } from '@payments/config';
import { PULUMI_COMMANDS } from '../lib/options';
import { PULUMI_OPTIONS } from './pulumi/executor';
import { SYNTH_OPTIONS } from './synth/executor';
import { BOOTSTRAP_TARGETS, PULUMI_TARGETS } from '../plugin';
import { schemaOptions, type SchemaOf } from '../testing/schema';
import type { DriftSummaryExecutorOptions } from './drift-summary/schema';
import type { PulumiExecutorOptions } from './pulumi/schema';
import type { SynthExecutorOptions } from './synth/schema';

const env = { type: 'string', required: false } as const;

/** What each schema.json must declare: typed against its schema.d.ts, compared with the JSON below. */
const EXPECTED = {
  synth: { env, summary: { type: 'boolean', required: false } } satisfies SchemaOf<SynthExecutorOptions>,
  'drift-summary': { env } satisfies SchemaOf<DriftSummaryExecutorOptions>,
  pulumi: {
    command: { type: 'string', required: true },
    env,
    forceProd: { type: 'boolean', required: false },
    secretsProvider: { type: 'string', required: false },
    to: { type: 'string', required: false },
  } satisfies SchemaOf<PulumiExecutorOptions>,
};

const executors = JSON.parse(readFileSync(join(__dirname, '../../executors.json'), 'utf8')) as {
  executors: Record<string, { implementation: string; schema: string }>;
};
const schemaOf = (name: string) => schemaOptions(join(__dirname, '../..', executors.executors[name]!.schema));

describe('executor schemas', () => {
  it('are one for synth, one for every Pulumi command and one for the drift summary, each in its own folder', () => {
    expect(Object.keys(executors.executors).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const name of Object.keys(EXPECTED)) {
      expect(executors.executors[name]).toEqual(
        expect.objectContaining({
          implementation: `./src/executors/${name}/executor`,
          schema: `./src/executors/${name}/schema.json`,
        }),
      );
    }
  });

  it.each(Object.keys(EXPECTED))(
    '%s: declares exactly the options of its schema.d.ts, and nothing else',
    (name) => {
      const schema = schemaOf(name);
      expect(schema.options).toEqual(EXPECTED[name as keyof typeof EXPECTED]);
      // The batched executors' are open: Nx's batch process cannot report a schema error, so they check (below).
      expect(schema.closed).toBe(name === 'drift-summary');
    },
  );

  it('drift-summary: accepts exactly the environments of packages/config', () => {
    expect(schemaOf('drift-summary').enums['env']).toEqual([...ENVIRONMENTS]);
  });

  it.each([
    ['pulumi', PULUMI_OPTIONS],
    ['synth', SYNTH_OPTIONS],
  ])(
    "%s: leaves --env and unknown options to the executor, which checks exactly the schema's options",
    (name, known) => {
      expect(schemaOf(name).enums['env']).toBeUndefined();
      expect(
        Object.fromEntries(
          Object.entries(schemaOf(name).options).map(([option, { type }]) => [option, type]),
        ),
      ).toEqual(known);
    },
  );

  it('pulumi: runs exactly the commands the plugin infers a target for, other than synth and rollback', () => {
    expect(schemaOf('pulumi').enums['command']).toEqual([...PULUMI_COMMANDS]);
    const targets = new Set<string>([...PULUMI_TARGETS, ...BOOTSTRAP_TARGETS]);
    expect([...PULUMI_COMMANDS].sort()).toEqual(
      [...targets].filter((t) => t !== 'synth' && t !== 'rollback').sort(),
    );
  });
});
