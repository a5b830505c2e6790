// The policies cite docs/design.md's rules by id (DESIGN-n), and so do code, READMEs and tests across the
// repository: each citation must name a rule the design defines, so a reader can look it up.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const DESIGN = 'docs/design.md';

/** Files that hold text a person reads: source, tests, docs and config (not the lock file). */
const TEXT = /\.(ts|js|mjs|md|ya?ml|json|sql|sh)$/;

/** This file names the forms it looks for. */
const SELF = relative(ROOT, __filename);

function trackedTextFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((file) => TEXT.test(file) && !file.endsWith('package-lock.json') && file !== SELF);
}

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** `**DESIGN-<n> <title>.**` in docs/design.md: the rule definitions, in order. */
function definitions(text: string): { id: number; title: string }[] {
  return [...text.matchAll(/\*\*DESIGN-(\d+) ([^*]+?)\.\*\*/g)].map((m) => ({
    id: Number(m[1]),
    title: m[2] as string,
  }));
}

/** Every `DESIGN-<n>` in a text, with its line. */
function citations(text: string): { id: number; line: number }[] {
  return text
    .split('\n')
    .flatMap((line, i) =>
      [...line.matchAll(/\bDESIGN-(\d+)\b/g)].map((m) => ({ id: Number(m[1]), line: i + 1 })),
    );
}

describe('citations of docs/design.md', () => {
  const design = read(DESIGN);
  const rules = definitions(design);
  const files = trackedTextFiles();

  it('defines each rule once, one id per rule', () => {
    expect(rules.length).toBeGreaterThanOrEqual(13);
    const ids = rules.map((r) => r.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    const titles = rules.map((r) => r.title);
    expect(titles.filter((title, i) => titles.indexOf(title) !== i)).toEqual([]);
  });

  it('has every DESIGN-<n> cited in the repository defined there', () => {
    expect(files).toEqual(expect.arrayContaining([DESIGN, 'README.md', 'packages/policies/README.md']));
    const defined = new Set(rules.map((r) => r.id));
    const undefinedCitations = files.flatMap((file) =>
      citations(read(file))
        .filter(({ id }) => !defined.has(id))
        .map(({ id, line }) => `${file}:${line}: DESIGN-${id}`),
    );
    expect(undefinedCitations).toEqual([]);
  });

  it('is cited by its path, never as a DESIGN.md no clone contains', () => {
    const stale = files.flatMap((file) =>
      read(file)
        .split('\n')
        .flatMap((line, i) => (/DESIGN\.md|DESIGN rule \d/.test(line) ? [`${file}:${i + 1}`] : [])),
    );
    expect(stale).toEqual([]);
  });

  it('has every section cited as docs/design.md "<section>"', () => {
    const sections = new Set([...design.matchAll(/^#+ (.+)$/gm)].map((m) => m[1]));
    const missing = files.flatMap((file) =>
      [...read(file).matchAll(/docs\/design\.md(?:\]\([^)]*\))?,? \(?"([^"]+)"/g)]
        .map((m) => m[1] as string)
        .filter((section) => !sections.has(section))
        .map((section) => `${file}: "${section}"`),
    );
    expect(missing).toEqual([]);
  });

  it('is linked from the root README and the policies README', () => {
    expect(read('README.md')).toContain('](docs/design.md)');
    expect(read('packages/policies/README.md')).toContain('](../../docs/design.md)');
  });
});
