import { NxPulumiError, type NumberedUpdate } from '@payments/nx-pulumi';

/** What `--to` names: a version of the stack (Pulumi's update counter) or a git commit. */
export type RollbackTarget = { kind: 'version'; version: number } | { kind: 'sha'; sha: string };

export const TO_MISSING = 'rollback needs --to=<stack version or git sha>.';

/**
 * Reads `--to`. Digits only is a stack version; other hex (4 to 40 characters) is a commit sha. A full 40-character
 * sha is always a sha, even in the unlikely case that it is all digits.
 */
export function parseTarget(to: unknown): RollbackTarget {
  if (typeof to === 'number' && !Number.isSafeInteger(to)) {
    // Nx's argument parser reads `--to=12e4567` (a possible short sha) as a number, and the digits are lost.
    throw new NxPulumiError(
      `--to reached rollback as the number ${to}: Nx reads values like 12e4567 as numbers; give the full 40-character sha.`,
    );
  }
  const text = typeof to === 'number' ? String(to) : typeof to === 'string' ? to.trim() : '';
  if (text === '') throw new NxPulumiError(TO_MISSING);
  if (/^[0-9a-f]{40}$/i.test(text)) return { kind: 'sha', sha: text.toLowerCase() };
  if (/^\d+$/.test(text)) {
    const version = Number(text);
    if (!Number.isSafeInteger(version) || version < 1) {
      throw new NxPulumiError(`--to=${text} is not a stack version: versions count from 1.`);
    }
    return { kind: 'version', version };
  }
  if (/^[0-9a-f]{4,39}$/i.test(text)) return { kind: 'sha', sha: text.toLowerCase() };
  throw new NxPulumiError(
    `--to must be a stack version (a number, e.g. --to=12) or a git commit sha (hex, e.g. --to=1a2b3c4), got '${text}'.`,
  );
}

export interface VersionCommit {
  sha: string;
  /** The update ran from a checkout with uncommitted changes (`git.dirty`): the commit is not all it deployed. */
  dirty: boolean;
}

/** The commit that produced `version` of `stack`, from the `git.head` Pulumi recorded for that update. */
export function commitOfVersion(
  history: readonly NumberedUpdate[],
  version: number,
  stack: string,
  /** The command that lists the numbers, for the message: `npx nx run database:history --env=prod`. */
  historyCommand: string,
): VersionCommit {
  const update = history.find((u) => u.number === version);
  if (!update) {
    const numbers = history.map((u) => u.number);
    const known =
      numbers.length === 0
        ? 'it has no update history'
        : `its history holds versions ${Math.min(...numbers)} to ${Math.max(...numbers)}`;
    // A short sha made only of digits reads as a version: say how to pass it as a sha.
    const sha =
      String(version).length >= 7 ? '; a commit sha made only of digits needs all 40 characters' : '';
    throw new NxPulumiError(
      `Stack ${stack} has no version ${version} (${known}; see ${historyCommand}${sha}).`,
    );
  }
  const sha = update.environment?.['git.head'];
  if (typeof sha !== 'string' || !/^[0-9a-f]{40}$/i.test(sha)) {
    throw new NxPulumiError(
      `Version ${version} of ${stack} recorded no git commit (no git.head in its environment), so the source ` +
        'that produced it is unknown: roll back with --to=<git sha> instead.',
    );
  }
  return { sha: sha.toLowerCase(), dirty: update.environment?.['git.dirty'] === 'true' };
}
