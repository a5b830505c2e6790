/**
 * The synth harness (protocol: harness.ts): runs one Pulumi program under runtime mocks, in a process of its own,
 * and writes what it registered, exported and read from its StackReferences to the result file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { recordStackReferenceReads, runStack } from '@payments/mocks';
import type { HarnessRequest, HarnessResult } from './harness';

async function main(): Promise<void> {
  const [requestFile, resultFile] = process.argv.slice(2);
  if (!requestFile || !resultFile) throw new Error('usage: child.ts <request.json> <result.json>');
  const request = JSON.parse(readFileSync(requestFile, 'utf8')) as HarnessRequest;
  const reads = recordStackReferenceReads();

  let result: HarnessResult;
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
