import { rmSync } from 'node:fs';
import { SYNTHESIZED_ROOT } from './synthesized';

export default function globalTeardown(): void {
  const root = process.env[SYNTHESIZED_ROOT];
  if (root) rmSync(root, { recursive: true, force: true });
}
