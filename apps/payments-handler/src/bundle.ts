import { resolve } from 'node:path';

/** The functions the build bundles, as infra/api names them (`HandlerKind`). */
export const BUNDLE_KINDS = ['payments', 'migrations'] as const;
export type BundleKind = (typeof BUNDLE_KINDS)[number];

/** Entry module of each bundle. */
export const BUNDLE_ENTRIES: Record<BundleKind, string> = {
  payments: resolve(__dirname, 'handler.ts'),
  migrations: resolve(__dirname, 'migrate.ts'),
};

export const DIST_DIR = resolve(__dirname, '..', 'dist');

/** `apps/payments-handler/dist/<kind>`: `index.js` (exports `handler`) and its source map. */
export function bundleDir(kind: BundleKind, distDir: string = DIST_DIR): string {
  return resolve(distDir, kind);
}
