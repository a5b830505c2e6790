import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Domain, Environment } from '@payments/config';
import type { SynthDocument } from '../document';

/**
 * The one synth of the 12 stacks the end-to-end specs read: global-setup.ts synthesizes every stack of every
 * environment once, into a temporary workspace whose path it puts in this variable, before any spec runs.
 */
export const SYNTHESIZED_ROOT = 'PAYMENTS_SYNTH_E2E_ROOT';

/** How one stack's synth went. */
export interface SynthOutcome {
  env: Environment;
  domain: Domain;
  success: boolean;
  error?: string;
}

export function synthesizedRoot(): string {
  const root = process.env[SYNTHESIZED_ROOT];
  if (!root || !existsSync(root)) {
    throw new Error(
      `${SYNTHESIZED_ROOT} is not set: run these specs with jest.e2e.config.js (its globalSetup).`,
    );
  }
  return root;
}

/** `dist/synth/<env>/<domain>.json` of the shared synth. */
export function documentOf(env: Environment, domain: Domain): SynthDocument {
  return JSON.parse(
    readFileSync(join(synthesizedRoot(), 'dist', 'synth', env, `${domain}.json`), 'utf8'),
  ) as SynthDocument;
}

/** What synth printed for one environment, line by line. */
export function synthLog(env: Environment): string[] {
  return readFileSync(join(synthesizedRoot(), `${env}.log`), 'utf8').split('\n');
}

/** The outcome of each of the 12 synths. */
export function synthOutcomes(): SynthOutcome[] {
  return JSON.parse(readFileSync(join(synthesizedRoot(), 'outcomes.json'), 'utf8')) as SynthOutcome[];
}
