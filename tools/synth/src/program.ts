import { recordStackReferenceReads, runStack } from '@payments/mocks';
import type { HarnessRequest, HarnessResult } from './harness';

// Patched once per process (it wraps StackReference.prototype); each run starts from an empty record.
let reads: Map<string, Set<string>> | undefined;

/**
 * Runs one harness request's program under runtime mocks in this process and returns what it registered, exported
 * and read from its StackReferences. Shared by the child harness (child.ts) and the in-process runner; runs must
 * not overlap (the Pulumi runtime is process-global).
 */
export async function runProgram(request: HarnessRequest): Promise<HarnessResult> {
  reads ??= recordStackReferenceReads();
  reads.clear();
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
    return {
      ok: true,
      resources: run.resources,
      outputs: run.outputs,
      secretOutputs: run.secretOutputs,
      reads: [...reads].map(([stack, names]) => ({ stack, outputs: [...names].sort() })),
    };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
