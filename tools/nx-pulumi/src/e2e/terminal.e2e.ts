/**
 * What a person sees running the main command, in a pipe and in a terminal: the real `npx nx` in a temporary
 * copy of this workspace, in a pseudo-terminal made by util-linux `script` (with a window size, so Nx 23.2.1
 * would pick its terminal UI) and in a pipe. Not CI: Nx asks no question and shows no terminal UI there.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv } from '../testing/stub';
import { createTempRepo, type TempRepo } from '../testing/temp-repo';

jest.setTimeout(240_000);

let repo: TempRepo;

beforeAll(() => {
  repo = createTempRepo('nx-pulumi-terminal-');
});

afterAll(() => repo?.cleanup());

/** A developer's shell: no NX_TUI or output style chosen, the cache allowed, not CI, no colours. */
function shellEnv(): NodeJS.ProcessEnv {
  const env = cleanEnv({ TERM: 'xterm-256color' });
  delete env['NX_TUI'];
  delete env['NX_SKIP_NX_CACHE'];
  return env;
}

/** `command` in a pseudo-terminal of 40 x 200, with `input` typed into it; the terminal's output, without CRs. */
function inTerminal(command: string, input = '', timeout = 180_000) {
  const result = spawnSync('script', ['-qec', `stty rows 40 cols 200; ${command}`, '/dev/null'], {
    cwd: repo.root,
    env: shellEnv(),
    input,
    encoding: 'utf8',
    timeout,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}`.replace(/\r/g, '') };
}

function inPipe(command: string[]) {
  const result = spawnSync('npx', command, {
    cwd: repo.root,
    env: shellEnv(),
    encoding: 'utf8',
    timeout: 180_000,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

/** The environment summary synth:synth prints last, and that it comes after every stack's own summary. */
function expectEnvironmentSummaryLast(output: string) {
  const summary = output.lastIndexOf('synth staging: summary');
  expect(summary).toBeGreaterThan(0);
  const tail = output.slice(summary);
  expect(tail).toMatch(
    /^ {2}total +\d+ resources, 0 mandatory violation\(s\), cost \$[\d.,]+-\$[\d.,]+\/month$/m,
  );
  expect(tail).toContain('cost assumptions (us-east-1 list prices');
  for (const domain of ['network', 'storage', 'database', 'api']) {
    expect(tail).toMatch(new RegExp(`^ {2}${domain} +\\d+ resources, .* exempted, cost `, 'm'));
    // Each stack's own summary (prefixed lines) comes before it.
    expect(output.lastIndexOf(`[${domain}] synth staging: running`)).toBeLessThan(summary);
  }
  expect(tail.indexOf('Successfully ran target synth')).toBeGreaterThan(0);
  expect(output).not.toMatch(/were not shown/);
}

describe('npx nx run-many -t synth --env=staging', () => {
  it('ends with the environment summary in a pipe', () => {
    const run = inPipe(['nx', 'run-many', '-t', 'synth', '--env=staging']);
    expect(run.status).toBe(0);
    expectEnvironmentSummaryLast(run.output);
  });

  it('ends with the environment summary in a terminal, where Nx would otherwise show its terminal UI', () => {
    const run = inTerminal('npx nx run-many -t synth --env=staging');
    expect(run.status).toBe(0);
    expectEnvironmentSummaryLast(run.output);
  });
});

describe('the first nx command in a terminal', () => {
  it('asks nothing and writes nothing: the analytics choice is committed in nx.json', () => {
    const nxJson = readFileSync(join(repo.root, 'nx.json'), 'utf8');
    expect(JSON.parse(nxJson)).toEqual(expect.objectContaining({ analytics: false }));
    const run = inTerminal('npx nx show projects', '', 60_000);
    expect(run.status).toBe(0);
    expect(run.output).not.toContain('Share usage data with the Nx team?');
    expect(readFileSync(join(repo.root, 'nx.json'), 'utf8')).toBe(nxJson);
    expect(repo.git('status', '--porcelain', 'nx.json')).toBe('');
  });

  it('would ask without it (the answer would then be written into nx.json: nx analytics-prompt.js)', () => {
    const nxJson = JSON.parse(readFileSync(join(repo.root, 'nx.json'), 'utf8')) as Record<string, unknown>;
    delete nxJson['analytics'];
    writeFileSync(join(repo.root, 'nx.json'), `${JSON.stringify(nxJson, null, 2)}\n`);
    try {
      // The terminal closes once the typed answer is read: the question is what there is to see.
      const run = inTerminal('npx nx show projects', 'n\n', 60_000);
      expect(run.output).toContain('Share usage data with the Nx team?');
    } finally {
      repo.git('checkout', '--', 'nx.json');
    }
  });
});
