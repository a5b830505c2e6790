import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { linkNodeModules } from './node-modules';

let dir: string;
const source = () => join(dir, 'source');
const target = () => join(dir, 'target');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'processes-node-modules-'));
  for (const root of [source(), target()]) {
    mkdirSync(join(root, 'packages', 'config'), { recursive: true });
    writeFileSync(join(root, 'packages', 'config', 'index.js'), `module.exports = '${root}';\n`);
  }
  const modules = join(source(), 'node_modules');
  mkdirSync(join(modules, '@pulumi', 'pulumi'), { recursive: true });
  writeFileSync(join(modules, '@pulumi', 'pulumi', 'index.js'), '');
  mkdirSync(join(modules, 'yaml'));
  mkdirSync(join(modules, '@payments'));
  symlinkSync('../../packages/config', join(modules, '@payments', 'config'));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('linking node_modules into a checkout', () => {
  it('shares the installed packages and points the workspace packages at the checkout', () => {
    linkNodeModules(source(), target());
    const modules = join(target(), 'node_modules');
    expect(lstatSync(modules).isSymbolicLink()).toBe(false);
    expect(lstatSync(join(modules, '@pulumi')).isSymbolicLink()).toBe(false);
    expect(realpathSync(join(modules, '@pulumi', 'pulumi'))).toBe(
      realpathSync(join(source(), 'node_modules', '@pulumi', 'pulumi')),
    );
    expect(realpathSync(join(modules, 'yaml'))).toBe(realpathSync(join(source(), 'node_modules', 'yaml')));
    expect(readlinkSync(join(modules, '@payments', 'config'))).toBe('../../packages/config');
    expect(realpathSync(join(modules, '@payments', 'config'))).toBe(
      realpathSync(join(target(), 'packages', 'config')),
    );
  });

  it('can be removed without touching what it links to', () => {
    linkNodeModules(source(), target());
    rmSync(join(target(), 'node_modules'), { recursive: true, force: true });
    expect(existsSync(join(source(), 'node_modules', '@pulumi', 'pulumi', 'index.js'))).toBe(true);
    expect(readFileSync(join(source(), 'packages', 'config', 'index.js'), 'utf8')).toContain(source());
  });
});
