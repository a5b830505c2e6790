/**
 * The synth harness (protocol: harness.ts): runs one Pulumi program under runtime mocks, in a process of its own,
 * and writes what it registered, exported and read from its StackReferences to the result file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { HarnessRequest } from './harness';
import { runProgram } from './program';

async function main(): Promise<void> {
  const [requestFile, resultFile] = process.argv.slice(2);
  if (!requestFile || !resultFile) throw new Error('usage: child.ts <request.json> <result.json>');
  const request = JSON.parse(readFileSync(requestFile, 'utf8')) as HarnessRequest;
  writeFileSync(resultFile, JSON.stringify(await runProgram(request)));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
