import * as pulumi from '@pulumi/pulumi';
import { isAbsolute, sep } from 'node:path';
import { HANDLER_KINDS, bundleDir } from '@payments/payments-handler';
import { handlerArchive } from './handler-archive';

describe('handlerArchive', () => {
  it.each(HANDLER_KINDS)(
    "packages the %s function's bundle directory that the payments handler's build writes",
    async (kind) => {
      const archive = handlerArchive(kind);
      expect(archive).toBeInstanceOf(pulumi.asset.FileArchive);
      const path = await (archive as pulumi.asset.FileArchive).path;
      expect(isAbsolute(path)).toBe(true);
      expect(path).toBe(bundleDir(kind));
      expect(path.endsWith(['apps', 'payments-handler', 'dist', kind].join(sep))).toBe(true);
    },
  );
});
