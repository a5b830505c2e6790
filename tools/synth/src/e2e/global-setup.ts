import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOOTSTRAP_DOMAIN, ENVIRONMENTS } from '@payments/config';
import { deployOrder } from '@payments/contracts';
import { HARNESS_ROOT } from '../harness';
import { synthProject } from '../synth';
import { SYNTHESIZED_ROOT, type SynthOutcome } from './synthesized';

/**
 * Synthesizes the real programs of every stack of every environment once (each upstream first, in this one process,
 * as `nx run-many -t synth --env=<env>` does) into a temporary workspace shared by every end-to-end spec.
 */
export default async function globalSetup(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'synth-e2e-'));
  process.env[SYNTHESIZED_ROOT] = root;
  try {
    await synthesizeAll(root);
  } catch (error) {
    // Jest runs no teardown after a failed setup.
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

async function synthesizeAll(root: string): Promise<void> {
  const outcomes = await Promise.all(
    ENVIRONMENTS.map(async (env) => {
      const log: string[] = [];
      const done: SynthOutcome[] = [];
      for (const domain of deployOrder()) {
        const result = await synthProject({
          workspaceRoot: root,
          projectRoot: join(HARNESS_ROOT, 'infra', domain),
          projectName: domain,
          env,
          inProcess: true,
          log: (line) => log.push(line),
        });
        // A policy violation still writes the document, for the specs to name it; anything else stops here.
        if (!result.document) throw new Error(`synth of ${domain} in ${env} failed: ${result.error}`);
        done.push({ env, domain, success: result.success, ...(result.error ? { error: result.error } : {}) });
      }
      // The account's bootstrap, as `nx run-many -t synth` includes it: its document and its summary line only (it
      // is not one of the platform stacks the specs compare).
      const bootstrap = await synthProject({
        workspaceRoot: root,
        projectRoot: join(HARNESS_ROOT, 'infra', BOOTSTRAP_DOMAIN),
        projectName: BOOTSTRAP_DOMAIN,
        env,
        log: (line) => log.push(line),
      });
      if (!bootstrap.success) throw new Error(`synth of bootstrap in ${env} failed: ${bootstrap.error}`);
      writeFileSync(join(root, `${env}.log`), log.join('\n'));
      return done;
    }),
  );
  writeFileSync(join(root, 'outcomes.json'), JSON.stringify(outcomes.flat()));
}
