import { resolve } from 'node:path';
import type { HandlerKind } from './environment';

/** Module and export Lambda invokes in each bundle: its `index.js` exports `handler`. */
export const HANDLER_ENTRYPOINT = 'index.handler';

/** Entry module of each bundle. */
export const BUNDLE_ENTRIES: Record<HandlerKind, string> = {
  payments: resolve(__dirname, 'handler.ts'),
  migrations: resolve(__dirname, 'migrate.ts'),
  relay: resolve(__dirname, 'relay.ts'),
};

/** Where `nx run payments-handler:build` writes the bundles, one directory per function. */
export const DIST_DIR = resolve(__dirname, '..', 'dist');

/** `apps/payments-handler/dist/<kind>`: `index.js` (exports `handler`) and its source map. */
export function bundleDir(kind: HandlerKind, distDir: string = DIST_DIR): string {
  return resolve(distDir, kind);
}
