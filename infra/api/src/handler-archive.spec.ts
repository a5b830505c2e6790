import * as pulumi from '@pulumi/pulumi';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import {
  assertBundleBuilt,
  HANDLER_BUNDLE_ROOT,
  HANDLER_ENTRYPOINT,
  handlerArchive,
  handlerBundleDir,
} from './handler-archive';
import { HANDLER_KINDS } from './handler-environment';

describe('handlerArchive', () => {
  it.each(HANDLER_KINDS)(
    "packages the %s function's bundle directory built by apps/payments-handler",
    async (kind) => {
      const archive = handlerArchive(kind);
      expect(archive).toBeInstanceOf(pulumi.asset.FileArchive);
      const path = await (archive as pulumi.asset.FileArchive).path;
      expect(isAbsolute(path)).toBe(true);
      expect(path).toBe(resolve(__dirname, '../../../apps/payments-handler/dist', kind));
    },
  );

  it('points Lambda at index.handler, the module and export each bundle has', () => {
    expect(HANDLER_ENTRYPOINT).toBe('index.handler');
    expect(handlerBundleDir('migrations')).toBe(join(HANDLER_BUNDLE_ROOT, 'migrations'));
  });
});

describe('assertBundleBuilt', () => {
  it('passes once the bundle exists and otherwise names the build command', () => {
    const root = mkdtempSync(join(tmpdir(), 'bundles-'));
    try {
      expect(() => assertBundleBuilt('payments', root)).toThrow(
        /payments function's bundle .*index\.js is missing: run `npx nx run payments-handler:build`/,
      );
      mkdirSync(join(root, 'payments'));
      writeFileSync(join(root, 'payments', 'index.js'), 'exports.handler = async () => ({});\n');
      expect(() => assertBundleBuilt('payments', root)).not.toThrow();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
