import { delimiter } from 'node:path';
import { DOMAINS, type Domain } from '@payments/config';
import { upstreamsOf } from '@payments/contracts';
import { cleanEnv, createStub, createTempRepo, pathWithoutPulumi, runNx } from '@payments/nx-pulumi';

/** The proportions of a real deploy (Aurora dominates); BENCH_SCALE turns them into stub seconds. */
// identity: a user pool, its domain and clients take seconds, like storage.
export const UP_PROPORTIONS: Record<Domain, number> = {
  network: 3,
  storage: 1,
  identity: 1,
  database: 12,
  api: 2,
};

/** Stub seconds per stack: the proportions times `scale` (2 by default: network 6 s, database 24 s, api 4 s). */
export function upSeconds(scale: number): Record<Domain, number> {
  return Object.fromEntries(DOMAINS.map((d) => [d, UP_PROPORTIONS[d] * scale])) as Record<Domain, number>;
}

/** The longest upstream chain, in stub seconds: no scheduler can beat it. */
export function criticalPath(seconds: Record<Domain, number>): number {
  const finish = (d: Domain): number => seconds[d] + Math.max(0, ...upstreamsOf(d).map(finish));
  return Math.max(...DOMAINS.map(finish));
}

export interface UpFigures {
  makespan: number;
  criticalPath: number;
  serial: number;
  /** The whole `nx run-many -t up` command, from spawn to exit. */
  wall: number;
  /**
   * Per dependent stack, seconds: from the end of its last upstream's `pulumi up` to its first pulumi call (`pulumi
   * stack select`): what the orchestration costs (a task process per stack, or the batch's scheduling and the
   * executor's offline checks).
   */
  handOffs: number[];
  /** Per dependent stack: from the last upstream's `pulumi up` end to its own `pulumi up` start (select included). */
  toUp: number[];
  /** The `pulumi stack select` call of each hand-off (a CLI process of its own), start to end. */
  select: number[];
}

/**
 * `nx run-many -t up --env=staging` against the recording stub, in a temporary copy of the workspace whose staging
 * stacks were created first (day zero, not timed: the stub writes their salts into the copy's stack files); times
 * from the stub's own log.
 */
export function benchUp(
  seconds: Record<Domain, number>,
  /** Build the apps first (untimed), so that `up` restores their bundles from the cache, as after a CI build step. */
  buildCached = false,
): UpFigures {
  const stub = createStub();
  const repo = createTempRepo('bench-up-');
  try {
    const sleeps = Object.fromEntries(
      DOMAINS.map((d) => [`PULUMI_STUB_SLEEP_${d.toUpperCase()}`, String(seconds[d])]),
    );
    const env = cleanEnv({
      ...sleeps,
      PATH: [stub.bin, pathWithoutPulumi()].join(delimiter),
      PULUMI_STUB_LOG: stub.log,
      PAYMENTS_PULUMI_STATE_DIR: stub.stateDir,
      PULUMI_HOME: stub.pulumiHome,
      PULUMI_CONFIG_PASSPHRASE_FILE: stub.passphraseFile,
    });
    const init = runNx(['run-many', '-t', 'init', '--env=staging', '--outputStyle=static'], env, repo.root);
    if (init.status !== 0) throw new Error(`nx run-many -t init failed:\n${init.output}`);
    if (buildCached) {
      const build = runNx(['run-many', '-t', 'build', '--outputStyle=static'], env, repo.root);
      if (build.status !== 0) throw new Error(`nx run-many -t build failed:\n${build.output}`);
    }
    stub.reset();
    const started = Date.now();
    const run = runNx(
      ['run-many', '-t', 'up', '--env=staging', '--parallel=4', '--outputStyle=static'],
      env,
      repo.root,
    );
    const wall = (Date.now() - started) / 1000;
    if (run.status !== 0) throw new Error(`nx run-many -t up failed:\n${run.output}`);
    const ups = stub.calls().filter((c) => c.argv[0] === 'up');
    if (ups.length !== DOMAINS.length)
      throw new Error(`expected ${DOMAINS.length} up calls, saw ${ups.length}`);
    const makespan = (Math.max(...ups.map((c) => c.end)) - Math.min(...ups.map((c) => c.start))) / 1000;
    const serial = Object.values(seconds).reduce((a, b) => a + b, 0);
    const upOf = (d: Domain) => ups.find((c) => c.project === d);
    const calls = stub.calls();
    const dependents = DOMAINS.filter((d) => upstreamsOf(d).length > 0);
    const handOffs: number[] = [];
    const toUp: number[] = [];
    const select: number[] = [];
    for (const d of dependents) {
      const own = upOf(d);
      const ends = upstreamsOf(d).map((u) => upOf(u)?.end ?? NaN);
      if (!own || ends.some(Number.isNaN)) throw new Error(`no pulumi up logged for ${d} or its upstreams`);
      const ready = Math.max(...ends);
      toUp.push((own.start - ready) / 1000);
      const first = calls
        .filter((c) => c.project === d && c.start >= ready)
        .sort((a, b) => a.start - b.start)[0];
      if (!first || first.argv[0] !== 'stack' || first.argv[1] !== 'select')
        throw new Error(`${d}: its first pulumi call after its upstreams is not \`stack select\``);
      handOffs.push((first.start - ready) / 1000);
      select.push((first.end - first.start) / 1000);
    }
    return { makespan, criticalPath: criticalPath(seconds), serial, wall, handOffs, toUp, select };
  } finally {
    stub.cleanup();
    repo.cleanup();
  }
}
