import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { AggregateCreateNodesError, type CreateNodesContextV2, type CreateNodesResult } from '@nx/devkit';
import { DOMAINS } from '@payments/config';
import { CONTRACTS, downstreamsOf } from '@payments/contracts';
import { BOOTSTRAP_TARGETS, createNodesV2, EXECUTORS, ROLLBACK_EXECUTOR } from './plugin';

let root: string;

function write(file: string, content: string): void {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), content);
}

/** A stack project as infra/* has it: Pulumi.yaml beside a package.json whose nx.name is the domain. */
function stackProject(domain: string, folder = `infra/${domain}`): string {
  write(`${folder}/Pulumi.yaml`, `name: payments-${domain}\nruntime: nodejs\nmain: src/index.ts\n`);
  write(
    `${folder}/package.json`,
    JSON.stringify({ name: `@payments/infra-${domain}`, nx: { name: domain } }),
  );
  return `${folder}/Pulumi.yaml`;
}

const context = (): CreateNodesContextV2 => ({
  workspaceRoot: root,
  nxJsonConfiguration: { namedInputs: { default: ['{projectRoot}/**/*'], production: ['default'] } },
});

async function infer(files: string[]): Promise<Record<string, CreateNodesResult>> {
  const results = await createNodesV2[1](files, undefined, context());
  return Object.fromEntries(results.map(([file, result]) => [file, result]));
}

async function inferAll(): Promise<Record<string, NonNullable<CreateNodesResult['projects']>[string]>> {
  const results = await infer(DOMAINS.map((domain) => stackProject(domain)));
  return Object.fromEntries(
    DOMAINS.map((domain) => [
      domain,
      results[`infra/${domain}/Pulumi.yaml`]?.projects?.[`infra/${domain}`] ?? {},
    ]),
  );
}

/** The per-file errors of a failed inference, as [file, message]. */
async function inferErrors(files: string[]): Promise<[string, string][]> {
  try {
    await infer(files);
  } catch (error) {
    if (!(error instanceof AggregateCreateNodesError)) throw error;
    return error.errors.map(([file, cause]) => [file ?? '', (cause as Error).message]);
  }
  throw new Error('expected the inference to fail');
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'nx-pulumi-plugin-'));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('the Pulumi plugin', () => {
  it('claims every Pulumi.yaml', () => {
    expect(createNodesV2[0]).toBe('**/Pulumi.yaml');
  });

  it('runs the executors of this package, and rollback the one of tools/rollback', () => {
    const manifest = (root: string) =>
      JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; executors: string };
    expect(EXECUTORS).toBe(manifest(join(__dirname, '..')).name);
    const rollback = join(__dirname, '../../rollback');
    const [pkg, executor] = ROLLBACK_EXECUTOR.split(':');
    expect(pkg).toBe(manifest(rollback).name);
    const { executors } = JSON.parse(readFileSync(join(rollback, manifest(rollback).executors), 'utf8')) as {
      executors: Record<string, unknown>;
    };
    expect(Object.keys(executors)).toEqual([executor]);
  });

  it('infers the nine targets of a stack project, upstream first and cached only for synth', async () => {
    const { api } = await inferAll();
    expect(api).toMatchInlineSnapshot(`
     {
       "implicitDependencies": [
         "network",
         "database",
         "storage",
         "identity",
       ],
       "targets": {
         "destroy": {
           "cache": false,
           "executor": "@payments/nx-pulumi:pulumi",
           "metadata": {
             "description": "pulumi destroy of the <env> stack after the stacks that read it; prod needs --force-prod.",
             "technologies": [
               "pulumi",
             ],
           },
           "options": {
             "command": "destroy",
           },
         },
         "drift": {
           "cache": false,
           "executor": "@payments/nx-pulumi:pulumi",
           "metadata": {
             "description": "Read-only: pulumi refresh --preview-only of the <env> stack; what changed outside the code, in dist/drift/<env>/<project>.json.",
             "technologies": [
               "pulumi",
             ],
           },
           "options": {
             "command": "drift",
           },
         },
         "history": {
           "cache": false,
           "executor": "@payments/nx-pulumi:pulumi",
           "metadata": {
             "description": "The updates of the <env> stack with the version numbers rollback --to takes.",
             "technologies": [
               "pulumi",
             ],
           },
           "options": {
             "command": "history",
           },
         },
         "init": {
           "cache": false,
           "executor": "@payments/nx-pulumi:pulumi",
           "metadata": {
             "description": "Day zero: create the <env> stack on the state backend; commit the key material it writes into Pulumi.<env>.yaml.",
             "technologies": [
               "pulumi",
             ],
           },
           "options": {
             "command": "init",
           },
         },
         "preview": {
           "cache": false,
           "dependsOn": [
             {
               "dependencies": true,
               "params": "forward",
               "target": "preview",
             },
             {
               "projects": [
                 "tag:type:app",
               ],
               "target": "build",
             },
           ],
           "executor": "@payments/nx-pulumi:pulumi",
           "metadata": {
             "description": "pulumi preview --diff of the <env> stack, upstream stacks first.",
             "technologies": [
               "pulumi",
             ],
           },
           "options": {
             "command": "preview",
           },
         },
         "refresh": {
           "cache": false,
           "dependsOn": [
             {
               "dependencies": true,
               "params": "forward",
               "target": "refresh",
             },
           ],
           "executor": "@payments/nx-pulumi:pulumi",
           "metadata": {
             "description": "pulumi refresh of the <env> stack, upstream stacks first.",
             "technologies": [
               "pulumi",
             ],
           },
           "options": {
             "command": "refresh",
           },
         },
         "rollback": {
           "cache": false,
           "executor": "@payments/rollback:rollback",
           "metadata": {
             "description": "Re-deploy this stack alone from the source of an earlier stack version or git sha: downstream check, preview, then up.",
             "technologies": [
               "pulumi",
             ],
           },
           "options": {},
         },
         "synth": {
           "cache": true,
           "dependsOn": [
             {
               "dependencies": true,
               "params": "forward",
               "target": "synth",
             },
           ],
           "executor": "@payments/nx-pulumi:synth",
           "inputs": [
             "production",
             "^production",
             "{workspaceRoot}/packages/**/*",
             "!{workspaceRoot}/packages/**/*.spec.ts",
             "!{workspaceRoot}/packages/**/*.md",
             "{workspaceRoot}/tools/synth/src/**/*",
             "!{workspaceRoot}/tools/synth/src/**/*.spec.ts",
             "!{workspaceRoot}/tools/synth/src/**/*.e2e.ts",
             "{workspaceRoot}/packages/policies/**/*",
             "!{workspaceRoot}/packages/policies/**/*.spec.ts",
           ],
           "metadata": {
             "description": "Offline: run the program under Pulumi mocks and write dist/synth/<env>/<project>.json.",
             "technologies": [
               "pulumi",
             ],
           },
           "options": {},
           "outputs": [
             "{workspaceRoot}/dist/synth/{options.env}/{projectName}.json",
           ],
         },
         "up": {
           "cache": false,
           "dependsOn": [
             {
               "dependencies": true,
               "params": "forward",
               "target": "up",
             },
             {
               "projects": [
                 "tag:type:app",
               ],
               "target": "build",
             },
           ],
           "executor": "@payments/nx-pulumi:pulumi",
           "metadata": {
             "description": "pulumi up of the <env> stack, upstream stacks first.",
             "technologies": [
               "pulumi",
             ],
           },
           "options": {
             "command": "up",
           },
         },
       },
     }
    `);
  });

  it('makes each stack depend on the upstreams its contract declares, and nothing else', async () => {
    const projects = await inferAll();
    for (const domain of DOMAINS) {
      expect(projects[domain]?.implicitDependencies).toEqual([...CONTRACTS[domain].upstreams]);
    }
    expect(Object.fromEntries(DOMAINS.map((d) => [d, projects[d]?.implicitDependencies])))
      .toMatchInlineSnapshot(`
     {
       "api": [
         "network",
         "database",
         "storage",
         "identity",
       ],
       "database": [
         "network",
       ],
       "identity": [],
       "network": [],
       "storage": [],
     }
    `);
  });

  it('destroys a stack only after every stack that reads it', async () => {
    const projects = await inferAll();
    for (const domain of DOMAINS) {
      const readers = downstreamsOf(domain);
      expect(projects[domain]?.targets?.['destroy']?.dependsOn).toEqual(
        readers.length > 0 ? [{ projects: readers, target: 'destroy', params: 'forward' }] : undefined,
      );
    }
    expect(Object.fromEntries(DOMAINS.map((d) => [d, projects[d]?.targets?.['destroy']?.dependsOn])))
      .toMatchInlineSnapshot(`
     {
       "api": undefined,
       "database": [
         {
           "params": "forward",
           "projects": [
             "api",
           ],
           "target": "destroy",
         },
       ],
       "identity": [
         {
           "params": "forward",
           "projects": [
             "api",
           ],
           "target": "destroy",
         },
       ],
       "network": [
         {
           "params": "forward",
           "projects": [
             "database",
             "api",
           ],
           "target": "destroy",
         },
       ],
       "storage": [
         {
           "params": "forward",
           "projects": [
             "api",
           ],
           "target": "destroy",
         },
       ],
     }
    `);
  });

  it('gives infra/bootstrap no up, refresh, destroy or rollback: run-many -t up never reaches it', async () => {
    const files = [...DOMAINS.map((domain) => stackProject(domain)), stackProject('bootstrap')];
    const results = await infer(files);
    const bootstrap = results['infra/bootstrap/Pulumi.yaml']?.projects?.['infra/bootstrap'];
    expect(Object.keys(bootstrap?.targets ?? {}).sort()).toEqual([...BOOTSTRAP_TARGETS].sort());
    for (const target of ['up', 'refresh', 'destroy', 'rollback']) {
      expect(bootstrap?.targets?.[target]).toBeUndefined();
    }
    expect(bootstrap?.targets?.['bootstrap-up']).toEqual(
      expect.objectContaining({
        executor: `${EXECUTORS}:pulumi`,
        options: { command: 'bootstrap-up' },
        cache: false,
      }),
    );
    expect(bootstrap?.targets?.['bootstrap-up']?.dependsOn).toBeUndefined();
    // No stack reads it, and it reads none: no edge in the graph, so no platform target pulls it in.
    expect(bootstrap?.implicitDependencies).toEqual([]);
    for (const domain of DOMAINS) {
      const project = results[`infra/${domain}/Pulumi.yaml`]?.projects?.[`infra/${domain}`];
      expect(project?.implicitDependencies).not.toContain('bootstrap');
      expect(JSON.stringify(project?.targets)).not.toContain('bootstrap');
    }
  });

  it('never caches a target that reaches the cloud', async () => {
    const { network } = await inferAll();
    const cached = Object.entries(network?.targets ?? {}).filter(([, target]) => target.cache !== false);
    expect(cached.map(([name]) => name)).toEqual(['synth']);
  });

  it('names dependencies by the Nx project names, wherever the stacks live', async () => {
    const files = DOMAINS.map((domain) => stackProject(domain, `stacks/${domain}-stack`));
    write('stacks/network-stack/project.json', JSON.stringify({ name: 'vpc' }));
    const results = await infer(files);
    expect(
      results['stacks/database-stack/Pulumi.yaml']?.projects?.['stacks/database-stack']?.implicitDependencies,
    ).toEqual(['vpc']);
    expect(
      results['stacks/network-stack/Pulumi.yaml']?.projects?.['stacks/network-stack']?.targets?.['destroy']
        ?.dependsOn,
    ).toEqual([{ projects: ['database', 'api'], target: 'destroy', params: 'forward' }]);
  });

  it('uses the default inputs when the workspace has no production named input', async () => {
    const files = DOMAINS.map((domain) => stackProject(domain));
    const results = await createNodesV2[1](files, undefined, {
      workspaceRoot: root,
      nxJsonConfiguration: {},
    });
    const synth = results[0]?.[1].projects?.['infra/network']?.targets?.['synth'];
    expect(synth?.inputs?.slice(0, 2)).toEqual(['default', '^default']);
  });

  it('leaves alone a Pulumi.yaml that is not in a project', async () => {
    write('tools/synth/src/__fixtures__/broken/Pulumi.yaml', 'name: payments-api\nruntime: nodejs\n');
    const results = await infer(['tools/synth/src/__fixtures__/broken/Pulumi.yaml']);
    expect(results['tools/synth/src/__fixtures__/broken/Pulumi.yaml']).toEqual({});
  });

  it('refuses a Pulumi project that is not a declared domain, saying where to declare it', async () => {
    stackProject('network');
    const file = stackProject('billing');
    await expect(infer(['infra/network/Pulumi.yaml', file])).rejects.toThrow(
      'infra/billing/Pulumi.yaml names the Pulumi project "payments-billing", expected one of payments-network, payments-storage, payments-identity, payments-database, payments-api, payments-bootstrap; a new stack needs its domain in DOMAINS (packages/config) and its upstreams in CONTRACTS (packages/contracts).',
    );
  });

  it('refuses a stack whose upstream has no project', async () => {
    expect(await inferErrors([stackProject('database')])).toEqual([
      [
        'infra/database/Pulumi.yaml',
        'infra/database: the database stack is linked to network in CONTRACTS (packages/contracts), ' +
          'but no project has a Pulumi.yaml for network.',
      ],
    ]);
  });

  it('refuses two projects for the same stack', async () => {
    const files = [stackProject('network'), stackProject('network', 'old/network')];
    await expect(infer(files)).rejects.toThrow(
      'Two projects implement the network stack: infra/network and old/network.',
    );
  });
});
