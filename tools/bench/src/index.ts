/**
 * Prints the deploy and synth figures the README quotes. A script, not a test: run `npm run bench -w tools/bench`.
 * Needs nothing but the workspace: `pulumi` is the recording stub, synth runs under mocks.
 */
import { benchSynth } from './synth';
import { UP_SECONDS, benchUp } from './up-makespan';

const f = (n: number, digits = 2) => n.toFixed(digits);

function main(): void {
  console.log(`run-many -t up --env=staging, stub seconds ${JSON.stringify(UP_SECONDS)}`);
  const up = benchUp();
  console.log(
    `  makespan ${f(up.makespan)} s (first pulumi up start -> last end), whole command ${f(up.wall)} s`,
  );
  console.log(`  critical path ${f(up.criticalPath, 0)} s, serial ${f(up.serial, 0)} s`);
  console.log(`  makespan / critical path = ${f(up.makespan / up.criticalPath)} (goal <= 1.05)`);
  console.log(`  serial / makespan = ${f(up.serial / up.makespan)}`);
  // network -> database -> api: two hand-offs on the critical path, each an Nx task start.
  console.log(`  scheduling overhead per dependency hand-off: ${f((up.makespan - up.criticalPath) / 2)} s`);

  console.log('run-many -t synth for dev, staging and prod (12 stacks)');
  for (const s of benchSynth()) {
    console.log(
      `  ${s.label.padEnd(24)} ${f(s.seconds, 1)} s wall, peak ${f(s.peakMiB, 0)} MiB (largest process)`,
    );
  }
}

main();
