import { ENVIRONMENTS, type Environment } from '@payments/config';
import { WORKSPACE_ROOT, cleanEnv } from '@payments/nx-pulumi';
import { type CdkPeer } from './cdk';
import { timed, type Timed } from './measure';

// cleanEnv drops the caller's NX_* and CI variables; Nx reads any value of NX_SKIP_NX_CACHE as on, so drop it too.
const { NX_SKIP_NX_CACHE: _skip, ...withCache } = cleanEnv({});

/** `nx run-many -t synth --env=<env>`, as a user types it; `cold` adds --skip-nx-cache. */
export function synthRun(env: Environment, cold: boolean): Timed {
  const args = ['nx', 'run-many', '-t', 'synth', `--env=${env}`, '--outputStyle=static'];
  return timed('npx', cold ? [...args, '--skip-nx-cache'] : args, { cwd: WORKSPACE_ROOT, env: withCache });
}

export interface SynthFigures {
  /** Staging, cold, and the CDK peer's `cdk synth` of staging right after each (empty without the peer). */
  cold: Timed[];
  cdk: Timed[];
  cached: Timed[];
  /** Every stack of every environment, cold: the three commands' sum per run. */
  all: Timed[];
}

/** Each figure `runs` times; ours and CDK's alternate, so that both see the same machine load. */
export function benchSynth(runs: number, cdk: CdkPeer | undefined): SynthFigures {
  const figures: SynthFigures = { cold: [], cdk: [], cached: [], all: [] };
  synthRun('staging', true); // warm-up (file system, Nx's project graph): not counted, like the CDK's
  for (let i = 0; i < runs; i++) {
    figures.cold.push(synthRun('staging', true));
    if (cdk) figures.cdk.push(cdk.synth());
  }
  synthRun('staging', false); // the cache entry the cached runs restore
  for (let i = 0; i < runs; i++) figures.cached.push(synthRun('staging', false));
  for (let i = 0; i < runs; i++) {
    const envs = ENVIRONMENTS.map((env) => synthRun(env, true));
    figures.all.push({
      seconds: envs.reduce((sum, r) => sum + r.seconds, 0),
      peakMiB: Math.max(...envs.map((r) => r.peakMiB)),
    });
  }
  return figures;
}
