/**
 * Bundles each Lambda function into `dist/<kind>/index.js` (+ source map): one self-contained CommonJS file
 * per function, AWS SDK and pg included, the migrations' SQL embedded in the migrations bundle.
 *
 *   node -r @swc-node/register apps/payments-handler/scripts/build.ts
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_ENTRIES, DIST_DIR, bundleDir } from '../src/bundle';
import { HANDLER_KINDS, type HandlerKind } from '../src/environment';
import { readMigrations } from '../src/migrations';

export async function buildBundles(distDir: string = DIST_DIR): Promise<Record<HandlerKind, string>> {
  const migrations = readMigrations();
  const outputs = {} as Record<HandlerKind, string>;
  for (const kind of HANDLER_KINDS) {
    const outdir = bundleDir(kind, distDir);
    rmSync(outdir, { recursive: true, force: true });
    const outfile = join(outdir, 'index.js');
    await build({
      entryPoints: [BUNDLE_ENTRIES[kind]],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'cjs',
      minify: false,
      // Mappings only (NODE_OPTIONS=--enable-source-maps): stack traces name the TypeScript sources.
      sourcemap: true,
      sourcesContent: false,
      // pg loads its optional native binding only when asked for it.
      external: ['pg-native'],
      define: kind === 'migrations' ? { __PAYMENTS_MIGRATIONS__: JSON.stringify(migrations) } : {},
      logLevel: 'warning',
    });
    outputs[kind] = outfile;
  }
  return outputs;
}

if (require.main === module) {
  buildBundles().then(
    (outputs) => {
      for (const [kind, file] of Object.entries(outputs)) process.stdout.write(`${kind}: ${file}\n`);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
