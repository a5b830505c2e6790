/**
 * Prints every figure of the performance table (issue 17; the root README's "Benchmarks"), each the median of
 * several runs, and the CDK peer's `cdk synth` beside ours when the peer is installed. A script, not a test:
 *
 *   npm run bench -w tools/bench -- [--runs N] [--test-runs M] [--cdk DIR] [--only synth,up,test] [--scale S]
 *
 * --runs        runs per synth and deploy figure (default 3); the median is printed with [min-max]
 * --test-runs   runs of `npm test`, cold then cached (default 1: a cold run takes minutes); 0 skips them
 * --cdk         where the CDK peer is installed (default $PEER_CDK_DIR or /tmp/peer-cdk; its bench.sh installs it)
 * --only        a comma-separated subset of synth, up, test
 * --scale       stub seconds per unit of a stack's deploy (default 2: network 6, storage 2, database 24, api 4 s)
 *
 * Needs nothing but the workspace: `pulumi` is the recording stub, synth runs under mocks.
 */
import { arch, cpus, release, totalmem } from 'node:os';
import { DEFAULT_CDK_DIR, cdkMissing, cdkPeer } from './cdk';
import { median, spread } from './measure';
import { benchSynth } from './synth';
import { benchTests } from './tests';
import { benchUp, upSeconds, type UpFigures } from './up-makespan';

const PARTS = ['synth', 'up', 'test'] as const;
type Part = (typeof PARTS)[number];

interface Options {
  runs: number;
  testRuns: number;
  cdk: string;
  only: Set<Part>;
  scale: number;
}

function usage(problem: string): never {
  process.stderr.write(
    `bench: ${problem}\nusage: npm run bench -w tools/bench -- [--runs N] [--test-runs M] [--cdk DIR] [--only synth,up,test] [--scale S]\n`,
  );
  process.exit(2);
}

function parseArgs(argv: string[]): Options {
  const options: Options = { runs: 3, testRuns: 1, cdk: DEFAULT_CDK_DIR, only: new Set(PARTS), scale: 2 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i] ?? usage(`${flag} needs a value`);
    const count = (min: number) => {
      const v = value();
      const n = Number(v);
      if (!Number.isInteger(n) || n < min) usage(`${flag} must be a whole number >= ${min}, got '${v}'`);
      return n;
    };
    if (flag === '--runs') options.runs = count(1);
    else if (flag === '--test-runs') options.testRuns = count(0);
    else if (flag === '--cdk') options.cdk = value();
    else if (flag === '--scale') {
      const v = value();
      options.scale = Number(v);
      if (!(options.scale > 0)) usage(`--scale must be a positive number, got '${v}'`);
    } else if (flag === '--only') {
      const parts = value().split(',');
      const unknown = parts.filter((p) => !(PARTS as readonly string[]).includes(p));
      if (unknown.length > 0) usage(`--only takes ${PARTS.join(', ')}; got ${unknown.join(', ')}`);
      options.only = new Set(parts as Part[]);
    } else usage(`unknown option '${argv[i]}'`);
  }
  return options;
}

const s = (n: number, digits = 2) => `${n.toFixed(digits)} s`;
const row = (figure: string, value: string, goal: string) =>
  console.log(`| ${figure.padEnd(58)} | ${value.padEnd(46)} | ${goal.padEnd(22)} |`);
const ratio = (ours: number[], theirs: number[]) =>
  theirs.length === 0 ? 'n/a' : `${(median(ours) / median(theirs)).toFixed(2)}x`;

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  console.log(
    `date ${new Date().toISOString()}; machine ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ` +
      `Linux ${release()} ${arch()}; node ${process.version}; NX_DAEMON=false; medians of ${options.runs} run(s) [min-max]`,
  );
  const missing = cdkMissing(options.cdk);
  if (options.only.has('synth')) {
    console.log(
      missing
        ? `CDK comparison skipped: ${missing} (install it with: bash <peers>/cdk/bench.sh, or pass --cdk DIR)`
        : `CDK peer: ${options.cdk}, npx cdk synth -c env=staging --quiet, cold, alternating with ours`,
    );
  }
  const synth = options.only.has('synth')
    ? benchSynth(options.runs, missing ? undefined : cdkPeer(options.cdk, 'staging'))
    : undefined;

  const up: UpFigures[] = [];
  const upBuilt: UpFigures[] = [];
  const seconds = upSeconds(options.scale);
  if (options.only.has('up')) {
    for (let i = 0; i < options.runs; i++) {
      up.push(benchUp(seconds));
      upBuilt.push(benchUp(seconds, true));
    }
  }
  const tests = options.only.has('test') && options.testRuns > 0 ? benchTests(options.testRuns) : undefined;

  console.log('');
  row('figure', 'now', 'goal');
  row('-'.repeat(58), '-'.repeat(46), '-'.repeat(22));
  if (synth) {
    const cold = synth.cold.map((r) => r.seconds);
    const cdk = synth.cdk.map((r) => r.seconds);
    row('nx run-many -t synth --env=staging --skip-nx-cache', spread(cold), '');
    row('cdk synth -c env=staging (CDK peer)', missing ? `skipped: ${missing}` : spread(cdk), '');
    row('  cold synth / cdk synth', ratio(cold, cdk), '<= 0.5x');
    const cached = synth.cached.map((r) => r.seconds);
    row('the same, cached', spread(cached), '');
    row('  cached synth / cdk synth', ratio(cached, cdk), '<= 0.25x');
    row(
      'every stack of dev, staging and prod, cold (3 commands)',
      spread(synth.all.map((r) => r.seconds)),
      '<= 6 s',
    );
    const ours = [...synth.cold, ...synth.cached, ...synth.all];
    row(
      'synth peak memory (largest process)',
      `${Math.max(...ours.map((r) => r.peakMiB)).toFixed(0)} MiB`,
      '<= 256 MiB',
    );
    if (synth.cdk.length > 0) {
      row(
        '  cdk synth peak memory (largest process)',
        `${Math.max(...synth.cdk.map((r) => r.peakMiB)).toFixed(0)} MiB`,
        '',
      );
    }
  }
  if (up.length > 0) {
    const critical = up[0]!.criticalPath;
    const stages = Object.entries(seconds)
      .map(([d, n]) => `${d} ${n}`)
      .join(', ');
    row(`nx run-many -t up --env=staging, stub (${stages} s)`, spread(up.map((u) => u.wall)), '');
    row(
      `  whole command / critical path (${s(critical, 0)})`,
      `${(median(up.map((u) => u.wall)) / critical).toFixed(3)}`,
      '<= 1.05',
    );
    row(
      "  the same, the apps' build from the cache (as after a CI build step)",
      `${(median(upBuilt.map((u) => u.wall)) / critical).toFixed(3)} (${spread(upBuilt.map((u) => u.wall))})`,
      '<= 1.05',
    );
    row(
      '  makespan (first pulumi up start -> last end) / critical',
      `${(median(up.map((u) => u.makespan)) / critical).toFixed(3)}`,
      '',
    );
    const handOffs = up.flatMap((u) => u.handOffs);
    row(
      'hand-off between dependent stacks (upstream end -> first pulumi call)',
      spread(handOffs),
      '<= 0.1 s',
    );
    row('  then: pulumi stack select (a CLI call), start to end', spread(up.flatMap((u) => u.select)), '');
    row('  upstream end -> own pulumi up start (select included)', spread(up.flatMap((u) => u.toUp)), '');
  }
  if (tests) {
    row(
      `npm test cold (NX_SKIP_NX_CACHE=true), ${options.testRuns} run(s)`,
      spread(
        tests.cold.map((r) => r.seconds),
        1,
      ),
      '<= 180 s',
    );
    row(
      `npm test cached, ${options.testRuns} run(s)`,
      spread(
        tests.cached.map((r) => r.seconds),
        1,
      ),
      '<= 5 s',
    );
  } else if (options.only.has('test')) {
    row('npm test cold / cached', 'skipped (--test-runs 0)', '');
  }
}

main();
