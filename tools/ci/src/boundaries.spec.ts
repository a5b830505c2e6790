/**
 * The project boundaries lint enforces (eslint.config.mjs): the workspace's own ESLint configuration, run as
 * `npm run lint` runs it, on one import at a time placed in a project that does not have it. Nothing is written:
 * the code is linted as the text of a file that does not exist.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

interface Finding {
  ruleId: string | null;
  message: string;
}

/** ESLint with the workspace config on each `[file, code]`, in a process of its own (the config is an ES module). */
function lint(cases: [string, string][]): Finding[][] {
  const script = `
    import { ESLint } from 'eslint';
    const eslint = new ESLint({ cwd: process.cwd() });
    const cases = JSON.parse(process.env.CASES);
    const results = [];
    for (const [filePath, code] of cases) {
      const [result] = await eslint.lintText(code, { filePath });
      results.push(result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message })));
    }
    process.stdout.write(JSON.stringify(results));
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT,
    env: { ...process.env, CASES: JSON.stringify(cases) },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`eslint failed:\n${run.stderr}`);
  // Without a project graph the Nx rule skips itself with this warning: the test must then fail, not pass.
  expect(run.stdout).not.toContain('No cached ProjectGraph is available');
  return JSON.parse(run.stdout) as Finding[][];
}

const importing = (specifier: string) =>
  `import * as imported from '${specifier}';\nexport const used = imported;\n`;

const BOUNDARY = '@nx/enforce-module-boundaries';

describe('lint', () => {
  const refused: [string, string, string, RegExp][] = [
    [
      'a package that imports a stack',
      'packages/processes/src/upward.ts',
      '@payments/infra-storage',
      /^A project tagged with "type:package" can only depend on libs tagged with "type:package"$/,
    ],
    [
      'a package that imports a tool, even in a test (also a cycle: the tools import the packages)',
      'packages/cost/src/upward.spec.ts',
      '@payments/synth',
      /^Circular dependency between "cost" and "synth" detected/,
    ],
    [
      'the app that imports a stack',
      'apps/payments-handler/src/upward.ts',
      '@payments/infra-network',
      /^A project tagged with "type:app" can only depend on libs tagged with "type:package"$/,
    ],
    [
      'a stack that imports a tool',
      'infra/network/src/upward.ts',
      '@payments/nx-pulumi',
      /^Circular dependency between "network" and "nx-pulumi" detected/,
    ],
    [
      'a relative path into another project',
      'packages/cost/src/sideways.ts',
      '../../config/src/environments',
      /^Projects cannot be imported by a relative or absolute path/,
    ],
  ];
  const allowed: [string, string, string][] = [
    ['a package that imports a package', 'packages/cost/src/ok.ts', '@payments/config'],
    ['a stack that imports a package', 'infra/database/src/ok.ts', '@payments/contracts'],
    ['the api stack that imports the app it deploys', 'infra/api/src/ok.ts', '@payments/payments-handler'],
    ['a tool that imports a tool', 'tools/rollback/src/ok.ts', '@payments/synth'],
    ['a tool that imports a package', 'tools/synth/src/ok.ts', '@payments/policies'],
  ];
  const deep: [string, string][] = [
    ['tools/synth/src/deep.ts', '@payments/contracts/src/contracts'],
    ['infra/network/src/deep.ts', '@payments/config/src/environments'],
    ['tools/ci/src/deep.spec.ts', '@payments/nx-pulumi/src/testing/stub'],
  ];

  let results: Finding[][];
  beforeAll(() => {
    results = lint([
      ...refused.map(([, file, specifier]): [string, string] => [file, importing(specifier)]),
      ...allowed.map(([, file, specifier]): [string, string] => [file, importing(specifier)]),
      ...deep.map(([file, specifier]): [string, string] => [file, importing(specifier)]),
    ]);
  });

  it.each(refused.map((row, i) => [...row, i] as const))(
    'fails on %s (%s imports %s)',
    (_, _file, _specifier, message, i) => {
      expect(results[i]).toEqual([{ ruleId: BOUNDARY, message: expect.stringMatching(message) }]);
    },
  );

  it.each(allowed.map((row, i) => [...row, refused.length + i] as const))(
    'passes %s (%s imports %s)',
    (_, _file, _specifier, i) => {
      expect(results[i]).toEqual([]);
    },
  );

  it.each(deep.map((row, i) => [...row, refused.length + allowed.length + i] as const))(
    'fails on a deep import into a package (%s imports %s): its entry only',
    (_file, specifier, i) => {
      expect(results[i]).toEqual([
        {
          ruleId: 'no-restricted-imports',
          message: `'${specifier}' import is restricted from being used by a pattern. Import the package's entry ('@payments/<name>'); if it lacks what you need, export it there.`,
        },
      ]);
    },
  );
});
