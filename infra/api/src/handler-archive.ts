import * as pulumi from '@pulumi/pulumi';
import { bundleDir, type HandlerKind } from '@payments/payments-handler';

/**
 * The code artifact of a function: its bundle directory, where `nx run payments-handler:build` writes it
 * (`bundleDir` of @payments/payments-handler). Pulumi reads the directory only when it deploys or previews (`up`,
 * `preview`), so those need the build first (the api stack's preview and up targets depend on it); under runtime
 * mocks (synth, tests) nothing is read and the build is not needed.
 */
export function handlerArchive(kind: HandlerKind): pulumi.asset.Archive {
  return new pulumi.asset.FileArchive(bundleDir(kind));
}
