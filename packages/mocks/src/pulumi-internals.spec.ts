import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import {
  PULUMI_VERSION_WRITTEN_FOR,
  PULUMI_BOOKKEEPING_FRAMES,
  STACK_REFERENCE_READERS,
  recordStackReferenceReads,
} from './pulumi-internals';
import { runStack } from './run-stack';

// The Pulumi internals the mocks and synth's harness patch (src/pulumi-internals.ts). When an upgrade of
// @pulumi/pulumi changes one, these fail first, saying which, instead of synth quietly losing parents,
// dependencies, protect or the outputs a stack reads.

// eslint-disable-next-line @typescript-eslint/no-require-imports
const installed = (require('@pulumi/pulumi/package.json') as { version: string }).version;
const upgrade = `(written for @pulumi/pulumi ${PULUMI_VERSION_WRITTEN_FOR}, installed ${installed}: update src/pulumi-internals.ts)`;

describe(`the Pulumi internals ${upgrade}`, () => {
  it('runtime/settings still has getMonitor and waitForRPCs', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const settings = require('@pulumi/pulumi/runtime/settings') as Record<string, unknown>;
    expect({ getMonitor: typeof settings.getMonitor, waitForRPCs: typeof settings.waitForRPCs }).toEqual({
      getMonitor: 'function',
      waitForRPCs: 'function',
    });
  });

  it('the mock monitor still registers resources through registerResource', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const settings = require('@pulumi/pulumi/runtime/settings') as {
      getMonitor(): Record<string, unknown> | undefined;
    };
    await pulumi.runtime.setMocks(
      { newResource: () => ({ id: 'x', state: {} }), call: () => ({}) },
      'payments-test',
      'dev',
      false,
    );
    expect(typeof settings.getMonitor()?.registerResource).toBe('function');
  });

  it('StackReference still reads outputs through the methods synth records', () => {
    const proto = pulumi.StackReference.prototype as unknown as Record<string, unknown>;
    expect(Object.fromEntries(STACK_REFERENCE_READERS.map((m) => [m, typeof proto[m]]))).toEqual(
      Object.fromEntries(STACK_REFERENCE_READERS.map((m) => [m, 'function'])),
    );
  });

  it('hand over the parent, dependencies and options of every registration, and the outputs read', async () => {
    const reads = recordStackReferenceReads();
    const run = await runStack({
      project: 'payments-test',
      stack: 'dev',
      stackOutputs: { 'organization/payments-network/dev': { vpcId: 'vpc-1', subnetIds: ['a'] } },
      program: () => {
        const network = new pulumi.StackReference('organization/payments-network/dev');
        const parent = new pulumi.ComponentResource('test:index:Parent', 'parent');
        const first = new aws.kms.Key('first', {}, { parent, protect: true });
        new aws.kms.Alias(
          'second',
          { name: 'alias/second', targetKeyId: first.keyId },
          { parent, dependsOn: [first], ignoreChanges: ['name'], deleteBeforeReplace: true },
        );
        return { vpcId: network.requireOutput('vpcId') };
      },
    });
    const key = run.resources.find((r) => r.name === 'first');
    const alias = run.resources.find((r) => r.name === 'second');
    const parentUrn = 'urn:pulumi:dev::payments-test::test:index:Parent::parent';
    expect({
      key: { parent: key?.parent, protect: key?.protect },
      alias: {
        parent: alias?.parent,
        dependsOn: alias?.dependsOn,
        protect: alias?.protect,
        ignoreChanges: alias?.ignoreChanges,
        deleteBeforeReplace: alias?.deleteBeforeReplace,
      },
      reads: Object.fromEntries([...reads].map(([stack, names]) => [stack, [...names]])),
    }).toEqual({
      key: { parent: parentUrn, protect: true },
      alias: {
        parent: parentUrn,
        dependsOn: [`urn:pulumi:dev::payments-test::test:index:Parent$aws:kms/key:Key::first`],
        protect: false,
        ignoreChanges: ['name'],
        deleteBeforeReplace: true,
      },
      reads: { 'organization/payments-network/dev': ['vpcId'] },
    });
    expect(run.outputs).toEqual({ vpcId: 'vpc-1' });
  });

  it('still captures its bookkeeping stack traces in the functions synth leaves unmapped', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const debuggable = require('@pulumi/pulumi/runtime/debuggable') as {
      debuggablePromise(p: Promise<unknown>, ctx: string): Promise<unknown>;
    };
    const resource = pulumi.Resource as unknown as Record<string, unknown>;
    expect({
      debuggablePromise: debuggable.debuggablePromise.name,
      callsites: (resource.callsites as () => void).name,
    }).toEqual({ debuggablePromise: 'debuggablePromise', callsites: 'callsites' });
    expect([...PULUMI_BOOKKEEPING_FRAMES]).toEqual(['debuggablePromise', 'callsites']);

    // A stand-in for the TypeScript loader's source-map hook: which traces reach it during a run.
    const mapped: string[] = [];
    const previous = Error.prepareStackTrace;
    const sourceMapHook = (error: Error, frames: NodeJS.CallSite[]) => {
      mapped.push(frames[0]?.getFunctionName() ?? '<anonymous>');
      return `mapped: ${String(error)}`;
    };
    Error.prepareStackTrace = sourceMapHook;
    try {
      const seen = { programError: '', bookkeeping: '' };
      await runStack({
        project: 'payments-test',
        stack: 'dev',
        program: () => {
          new aws.kms.Key('key', { description: 'k' });
          seen.programError = new Error('from the program').stack ?? '';
          // The runtime writes the trace onto the promise it is given.
          const tracked: Promise<unknown> & { _debugStackTrace?: string } = Promise.resolve();
          void debuggable.debuggablePromise(tracked, 'test');
          seen.bookkeeping = tracked._debugStackTrace ?? '';
          return Promise.resolve({});
        },
      });
      expect({
        programError: seen.programError,
        bookkeeping: seen.bookkeeping
          .split('\n')
          .slice(0, 2)
          .join(' | ')
          .replace(/\(.*\)/, '(…)'),
        mappedBookkeeping: mapped.filter((name) =>
          (PULUMI_BOOKKEEPING_FRAMES as readonly string[]).includes(name),
        ),
        restored: Error.prepareStackTrace === sourceMapHook,
      }).toEqual({
        programError: 'mapped: Error: from the program',
        bookkeeping: 'Error |     at Object.debuggablePromise (…)',
        mappedBookkeeping: [],
        restored: true,
      });
    } finally {
      Error.prepareStackTrace = previous;
    }
  });
});
