import * as pulumi from '@pulumi/pulumi';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { HandlerKind } from './handler-environment';

/** Module and export Lambda invokes in the archive: the bundle's `index.js` exports `handler`. */
export const HANDLER_ENTRYPOINT = 'index.handler';

/**
 * Where `nx run payments-handler:build` (apps/payments-handler) writes the functions' bundles, one
 * directory per function: `dist/<kind>/index.js` and its source map.
 */
export const HANDLER_BUNDLE_ROOT = resolve(__dirname, '..', '..', '..', 'apps', 'payments-handler', 'dist');

export function handlerBundleDir(kind: HandlerKind, root: string = HANDLER_BUNDLE_ROOT): string {
  return join(root, kind);
}

/**
 * The code artifact of a function: its bundle directory. Pulumi reads the directory only when it deploys
 * or previews (`up`, `preview`), so those need the build first; under runtime mocks (synth, tests) nothing
 * is read and the build is not needed.
 */
export function handlerArchive(kind: HandlerKind): pulumi.asset.Archive {
  return new pulumi.asset.FileArchive(handlerBundleDir(kind));
}

/** Throws, naming the command that fixes it, when a function's bundle has not been built. */
export function assertBundleBuilt(kind: HandlerKind, root: string = HANDLER_BUNDLE_ROOT): void {
  const entry = join(handlerBundleDir(kind, root), `${HANDLER_ENTRYPOINT.split('.')[0]}.js`);
  if (!existsSync(entry)) {
    throw new Error(
      `the ${kind} function's bundle ${entry} is missing: run \`npx nx run payments-handler:build\``,
    );
  }
}
