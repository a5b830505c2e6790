import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Jest globalSetup of the e2e suites: a temporary folder of their own (TMPDIR, which the workers and every nx they
 * run inherit), so "nothing left in the temporary folder" checks see only this run, not another run's synth:diff on
 * the same machine.
 */
export default function tmpdirSetup(): void {
  const own = mkdtempSync(join(tmpdir(), 'payments-ci-e2e-'));
  process.env['PAYMENTS_CI_E2E_TMPDIR'] = own;
  process.env['TMPDIR'] = own;
}
