/**
 * Runs one Pulumi program under runtime mocks, in a process of its own (the Pulumi runtime is process-global).
 * Started by synth.ts with `node -r @swc-node/register`; reads a request file and writes a result file so that
 * whatever the program prints cannot corrupt the result.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as pulumi from '@pulumi/pulumi';
import { runStack, type StackResource } from '@payments/mocks';

export interface ChildRequest {
  programPath: string;
  project: string;
  env: string;
  config: Record<string, string>;
  stackOutputs: Record<string, Record<string, unknown>>;
}

export type ChildResult =
  | {
      ok: true;
      resources: StackResource[];
      outputs: Record<string, unknown>;
      secretOutputs: string[];
      reads: { stack: string; outputs: string[] }[];
    }
  | { ok: false; error: string };

/** Records which outputs the program reads from each StackReference. */
function recordReads(): Map<string, Set<string>> {
  const reads = new Map<string, Set<string>>();
  const proto = pulumi.StackReference.prototype as unknown as Record<string, unknown>;
  for (const method of ['getOutput', 'requireOutput', 'getOutputDetails', 'getOutputValue']) {
    const original = proto[method] as (this: pulumi.StackReference, name: string) => unknown;
    proto[method] = function (this: pulumi.StackReference, name: string) {
      this.name.apply((stack) => reads.set(stack, (reads.get(stack) ?? new Set()).add(name)));
      return original.call(this, name);
    };
  }
  return reads;
}

async function main(): Promise<void> {
  const [requestFile, resultFile] = process.argv.slice(2);
  if (!requestFile || !resultFile) throw new Error('usage: child.ts <request.json> <result.json>');
  const request = JSON.parse(readFileSync(requestFile, 'utf8')) as ChildRequest;
  const reads = recordReads();

  let result: ChildResult;
  try {
    const run = await runStack({
      project: request.project,
      stack: request.env,
      config: request.config,
      stackOutputs: request.stackOutputs,
      program: () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const loaded = require(request.programPath) as unknown;
        const exported = (loaded as { default?: unknown }).default ?? loaded;
        return typeof exported === 'function' ? (exported as () => unknown)() : exported;
      },
    });
    result = {
      ok: true,
      resources: run.resources,
      outputs: run.outputs,
      secretOutputs: run.secretOutputs,
      reads: [...reads].map(([stack, names]) => ({ stack, outputs: [...names].sort() })),
    };
  } catch (error) {
    result = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  writeFileSync(resultFile, JSON.stringify(result));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
