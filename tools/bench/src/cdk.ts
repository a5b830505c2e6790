import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { timed, type Timed } from './measure';

/**
 * The CDK peer (the same infrastructure in AWS CDK; its own README and bench.sh): installed by its bench.sh into
 * `$PEER_CDK_DIR`, /tmp/peer-cdk by default. Timed as bench.sh times it: `npx cdk synth -c env=<env> --quiet`, cold
 * (cdk.out deleted first), with no network when the machine allows a network namespace.
 */
export const DEFAULT_CDK_DIR = process.env.PEER_CDK_DIR ?? '/tmp/peer-cdk';

const CDK_ENV = {
  ...process.env,
  CDK_DISABLE_CLI_TELEMETRY: 'true',
  CDK_DISABLE_VERSION_CHECK: '1',
  npm_config_update_notifier: 'false',
};

/** Why the peer cannot be timed in `dir`, or undefined when it can. */
export function cdkMissing(dir: string): string | undefined {
  if (!existsSync(join(dir, 'cdk.json'))) return `no CDK peer in ${dir}`;
  if (!existsSync(join(dir, 'node_modules', 'aws-cdk', 'package.json'))) return `${dir} has no node_modules`;
  return undefined;
}

function offline(): string[] {
  for (const prefix of [
    ['unshare', '-n'],
    ['unshare', '-rn'],
  ]) {
    if (spawnSync(prefix[0]!, [...prefix.slice(1), 'true']).status === 0) return prefix;
  }
  return [];
}

export interface CdkPeer {
  synth(): Timed;
}

export function cdkPeer(dir: string, env: string): CdkPeer {
  const [command, ...prefix] = [...offline(), 'npx', 'cdk', 'synth', '-c', `env=${env}`, '--quiet'];
  const synth = () => {
    rmSync(join(dir, 'cdk.out'), { recursive: true, force: true });
    return timed(command!, prefix, { cwd: dir, env: CDK_ENV });
  };
  synth(); // warm-up, as bench.sh does: not counted
  return { synth };
}
