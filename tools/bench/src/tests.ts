import { WORKSPACE_ROOT, cleanEnv } from '@payments/nx-pulumi';
import { timed, type Timed } from './measure';

const { NX_SKIP_NX_CACHE: _skip, ...withCache } = cleanEnv({});

/** `npm test` as CI runs it (NX_SKIP_NX_CACHE=true: every target runs), then from the cache. */
export function benchTests(runs: number): { cold: Timed[]; cached: Timed[] } {
  const npmTest = (env: NodeJS.ProcessEnv) => timed('npm', ['test'], { cwd: WORKSPACE_ROOT, env });
  const cold: Timed[] = [];
  for (let i = 0; i < runs; i++) cold.push(npmTest({ ...withCache, NX_SKIP_NX_CACHE: 'true' }));
  npmTest(withCache); // fills the cache whatever the cold runs stored
  const cached: Timed[] = [];
  for (let i = 0; i < runs; i++) cached.push(npmTest(withCache));
  return { cold, cached };
}
