/* eslint-disable @typescript-eslint/no-require-imports */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { loadSettings } from '@payments/config';
import { EXEMPTIONS_CONFIG_SCHEMA, policies, policyPackConfig } from './index';
import { compliantStack, get } from './testing/fixtures';
import type { PolicyInputResource } from './types';

// The real pack, as `pulumi preview --policy-pack packages/policies --policy-pack-config <file>` runs it: the
// package folder loaded in a process of its own the way the policy runtime loads it (Pulumi v3.248.0
// sdk/nodejs/cmd/run-policy-pack/run.ts `require(<pack folder>)`, so package.json `main`; constructing the
// PolicyPack starts the analyzer's gRPC server and prints its port), then the engine's calls over gRPC:
// getAnalyzerInfo, configure with the config file parsed the way the CLI parses it, and analyze.

jest.setTimeout(60_000);

const grpc = require('@grpc/grpc-js') as typeof import('@grpc/grpc-js');
const proto = require('@pulumi/pulumi/proto/analyzer_pb');
const { AnalyzerClient } = require('@pulumi/pulumi/proto/analyzer_grpc_pb');
const { Struct } = require('google-protobuf/google/protobuf/struct_pb');
const { Empty } = require('google-protobuf/google/protobuf/empty_pb');

const ADVISORY = proto.EnforcementLevel.ADVISORY as number;
const MANDATORY = proto.EnforcementLevel.MANDATORY as number;
const LEVELS: Record<string, number> = {
  advisory: ADVISORY,
  mandatory: MANDATORY,
  disabled: proto.EnforcementLevel.DISABLED as number,
};

type Client = Record<
  string,
  (request: unknown, callback: (error: Error | null, response: never) => void) => void
>;

let pack: ChildProcess;
let client: Client;

beforeAll(async () => {
  const root = join(__dirname, '..');
  const load = `require(${JSON.stringify(root)})`;
  pack = spawn(process.execPath, ['-r', require.resolve('@swc-node/register'), '-e', load], {
    cwd: root,
    env: { ...process.env, SWC_NODE_PROJECT: join(root, 'tsconfig.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  pack.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const port = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    pack.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n')[0] ?? '';
      if (stdout.includes('\n') && /^\d+$/.test(line.trim())) resolve(line.trim());
    });
    pack.once('exit', (code) => reject(new Error(`the pack exited (${code}) before serving:\n${stderr}`)));
  });
  client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as Client;
});

afterAll(() => {
  (client as unknown as { close?: () => void })?.close?.();
  pack?.kill();
});

function call<T>(method: string, request: unknown): Promise<T> {
  return new Promise((resolve, reject) =>
    client[method]?.(request, (error, response) => (error ? reject(error) : resolve(response as T))),
  );
}

/**
 * `configure` with a config file's content, parsed as Pulumi v3.248.0 parses `--policy-pack-config`
 * (pkg/resource/analyzer/config.go parsePolicyPackConfig): per policy, a level string or an object whose
 * `enforcementLevel` is taken out and whose other keys are the properties.
 */
async function configure(file: Record<string, unknown>): Promise<void> {
  const request = new proto.ConfigureAnalyzerRequest();
  const map = request.getPolicyconfigMap();
  for (const [name, value] of Object.entries(file)) {
    const config = new proto.PolicyConfig();
    const { enforcementLevel = 'mandatory', ...properties } =
      typeof value === 'string' ? { enforcementLevel: value } : (value as Record<string, unknown>);
    config.setEnforcementlevel(LEVELS[String(enforcementLevel)]);
    config.setProperties(Struct.fromJavaScript(JSON.parse(JSON.stringify(properties))));
    map.set(name, config);
  }
  await call('configure', request);
}

async function analyze(resource: PolicyInputResource) {
  const request = new proto.AnalyzeRequest();
  request.setType(resource.type);
  request.setProperties(Struct.fromJavaScript(resource.inputs));
  request.setUrn(resource.urn);
  request.setName(resource.name);
  const options = new proto.AnalyzerResourceOptions();
  options.setProtect(resource.protect);
  request.setOptions(options);
  const response = await call<{
    getDiagnosticsList(): { getPolicyname(): string; getMessage(): string; getEnforcementlevel(): number }[];
  }>('analyze', request);
  return response.getDiagnosticsList().map((d) => ({
    policy: d.getPolicyname(),
    level: d.getEnforcementlevel(),
    message: d.getMessage(),
  }));
}

function prodClusterWithoutDeletionProtection(): PolicyInputResource {
  const cluster = get(compliantStack('prod'), 'aurora-cluster');
  cluster.inputs.deletionProtection = false;
  return cluster;
}

describe('the real pack and its --policy-pack-config', () => {
  it('declares the config it reads on every policy, so the engine validates a config file', async () => {
    const info = await call<{
      getPoliciesList(): {
        getName(): string;
        getConfigschema(): { getProperties(): { toJavaScript(): unknown } };
      }[];
    }>('getAnalyzerInfo', new Empty());
    const schemas = info
      .getPoliciesList()
      .map((p) => [p.getName(), p.getConfigschema()?.getProperties()?.toJavaScript()]);
    expect(schemas).toHaveLength(policies.length);
    for (const [, schema] of schemas) expect(schema).toEqual(EXEMPTIONS_CONFIG_SCHEMA.properties);
  });

  it('without a config, a prod breach is mandatory (the code defaults of prod exempt nothing)', async () => {
    await configure({});
    expect(await analyze(prodClusterWithoutDeletionProtection())).toEqual([
      expect.objectContaining({ policy: 'rds-deletion-protection-and-final-snapshot', level: MANDATORY }),
    ]);
  });

  it("with the config of a stack whose overrides exempt RDS.7, the same breach is advisory with the stack's reason", async () => {
    const reason = 'a throwaway prod rehearsal cluster';
    const settings = loadSettings('prod', { exemptions: [{ control: 'RDS.7', reason }] });
    // What the executor writes: the exemptions of the stack's resolved settings, for every policy.
    const file = JSON.parse(JSON.stringify(policyPackConfig(policies, settings.exemptions))) as Record<
      string,
      unknown
    >;
    await configure(file);
    const findings = await analyze(prodClusterWithoutDeletionProtection());
    expect(findings).toEqual([
      expect.objectContaining({ policy: 'rds-deletion-protection-and-final-snapshot', level: ADVISORY }),
    ]);
    expect(findings[0]?.message).toContain(`Exempt in prod (${reason}): deletionProtection is not true`);
  });

  it('with a config that exempts nothing, a breach the code defaults exempt in dev is mandatory again', async () => {
    const cluster = get(compliantStack('dev'), 'aurora-cluster');
    cluster.inputs.deletionProtection = false;
    await configure(policyPackConfig(policies, []));
    expect(await analyze(cluster)).toEqual([
      expect.objectContaining({ policy: 'rds-deletion-protection-and-final-snapshot', level: MANDATORY }),
    ]);
  });
});
