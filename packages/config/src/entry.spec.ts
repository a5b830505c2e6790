import { spawnSync } from 'node:child_process';

describe('the package entry', () => {
  it('loads no Pulumi runtime and no provider: tools read settings and stack files offline', () => {
    const loaded = spawnSync(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        '-e',
        "require('@payments/config').loadSettings('prod'); process.stdout.write(JSON.stringify(Object.keys(require.cache)));",
      ],
      { encoding: 'utf8', cwd: __dirname },
    );
    expect(loaded.stderr).toBe('');
    const modules = JSON.parse(loaded.stdout) as string[];
    expect(modules.some((file) => file.includes('/packages/config/src/'))).toBe(true);
    expect(modules.filter((file) => /[\\/]node_modules[\\/]@pulumi[\\/]/.test(file))).toEqual([]);
  });
});
