import { rmSync } from 'node:fs';

/** Jest globalTeardown of the e2e suites: removes the folder tmpdir-setup.ts made (the suites checked it already). */
export default function tmpdirTeardown(): void {
  const own = process.env['PAYMENTS_CI_E2E_TMPDIR'];
  if (own) rmSync(own, { recursive: true, force: true });
}
