import { lstatSync, mkdirSync, readdirSync, readlinkSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Gives the checkout at `targetRoot` the installed dependencies of the checkout at `sourceRoot`, without a
 * download: `<targetRoot>/node_modules` becomes a real folder whose entries link to the installed packages of
 * `<sourceRoot>/node_modules`, except the workspace packages. npm links those as relative symlinks
 * (`@payments/config -> ../../packages/config`), and they are copied as they are, so that in the target they
 * point at the target's own sources. A plain symlink of the whole folder would not do: every workspace import
 * would resolve to the source checkout, not to the commit checked out in the target.
 *
 * Only correct when both checkouts have the same `package-lock.json` (same external packages, same
 * workspaces); the caller checks that.
 */
export function linkNodeModules(sourceRoot: string, targetRoot: string): void {
  const source = realpathSync(join(sourceRoot, 'node_modules'));
  const target = join(targetRoot, 'node_modules');
  mkdirSync(target);
  for (const name of readdirSync(source)) {
    const from = join(source, name);
    if (name.startsWith('@') && lstatSync(from).isDirectory()) {
      // A scope folder holds both installed packages and workspace links: link each entry on its own.
      mkdirSync(join(target, name));
      for (const child of readdirSync(from)) linkEntry(join(from, child), join(target, name, child));
    } else {
      linkEntry(from, join(target, name));
    }
  }
}

function linkEntry(from: string, to: string): void {
  if (lstatSync(from).isSymbolicLink()) {
    // Copied as it is: a relative link (a workspace package) then points into the target checkout.
    symlinkSync(readlinkSync(from), to);
  } else {
    symlinkSync(from, to);
  }
}
