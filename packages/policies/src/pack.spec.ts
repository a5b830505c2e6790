/* eslint-disable @typescript-eslint/no-require-imports */
import { defaultExemptions, withExemptions } from './exemptions';
import { policies } from './policies';
import { compliantStack, get, remove, urnOf } from './testing/fixtures';
import type { PaymentsPolicy, PolicyInputResource } from './types';

// Runs the pack as `pulumi preview --policy-pack` does, through @pulumi/policy's own analyzer handlers (the ones
// its gRPC server registers), without starting the server: the same policies and the real exemption path.

type Callback = (error: Error | null, response?: { getDiagnosticsList(): Diagnostic[] }) => void;
type Handler = (call: { request: unknown }, callback: Callback) => void;
interface Diagnostic {
  getPolicyname(): string;
  getMessage(): string;
  getEnforcementlevel(): number;
  getUrn(): string;
}

const server = require('@pulumi/policy/server') as {
  makeAnalyzeRpcFun(name: string, version: string, level: string, policies: PaymentsPolicy[]): Handler;
  makeAnalyzeStackRpcFun(name: string, version: string, level: string, policies: PaymentsPolicy[]): Handler;
};
const proto = require('@pulumi/pulumi/proto/analyzer_pb');
const { Struct } = require('google-protobuf/google/protobuf/struct_pb');
const { unknownStringValue } = require('@pulumi/policy/proxy') as { unknownStringValue: string };

const ADVISORY = proto.EnforcementLevel.ADVISORY as number;
const MANDATORY = proto.EnforcementLevel.MANDATORY as number;

const pack = withExemptions(policies, defaultExemptions);

function options(resource: PolicyInputResource) {
  const opts = new proto.AnalyzerResourceOptions();
  opts.setProtect(resource.protect);
  return opts;
}

function call(handler: Handler, request: unknown) {
  return new Promise<{ policy: string; message: string; level: number; urn: string }[]>((resolve, reject) =>
    handler({ request }, (error, response) => {
      if (error || !response) return reject(error);
      resolve(
        response.getDiagnosticsList().map((d) => ({
          policy: d.getPolicyname(),
          message: d.getMessage(),
          level: d.getEnforcementlevel(),
          urn: d.getUrn(),
        })),
      );
    }),
  );
}

/** `analyze`: one resource, with its inputs, as the engine sends it before creating or updating it. */
function analyze(resource: PolicyInputResource) {
  const request = new proto.AnalyzeRequest();
  request.setType(resource.type);
  request.setProperties(Struct.fromJavaScript(resource.inputs));
  request.setUrn(resource.urn);
  request.setName(resource.name);
  request.setOptions(options(resource));
  return call(server.makeAnalyzeRpcFun('payments-baseline', '0.0.0', 'mandatory', pack), request);
}

/** `analyzeStack`: every resource of the stack, with its root, at the end of a preview or update. */
function analyzeStack(env: string, resources: PolicyInputResource[]) {
  const root = urnOf(env, 'pulumi:pulumi:Stack', `payments-fixture-${env}`);
  const list = [
    { urn: root, type: 'pulumi:pulumi:Stack', name: 'payments-fixture', inputs: {} },
    ...resources,
  ].map((r) => {
    const resource = new proto.AnalyzerResource();
    resource.setType(r.type);
    resource.setProperties(Struct.fromJavaScript(r.inputs));
    resource.setUrn(r.urn);
    resource.setName(r.name);
    resource.setOptions(options({ protect: false, ...r } as PolicyInputResource));
    resource.setDependenciesList('dependsOn' in r ? r.dependsOn : []);
    if (r.urn !== root) resource.setParent(root);
    return resource;
  });
  const request = new proto.AnalyzeStackRequest();
  request.setResourcesList(list);
  return call(server.makeAnalyzeStackRpcFun('payments-baseline', '0.0.0', 'mandatory', pack), request);
}

function withoutDeletionProtection(env: 'dev' | 'prod'): PolicyInputResource {
  const cluster = get(compliantStack(env), 'aurora-cluster');
  cluster.inputs.deletionProtection = false;
  return cluster;
}

const RDS7 = policies.find((p) => p.name === 'rds-deletion-protection-and-final-snapshot');

describe('the real pack (analyzer handlers of @pulumi/policy)', () => {
  it('fails a prod breach as mandatory, with the description and the message', async () => {
    const cluster = withoutDeletionProtection('prod');
    expect(await analyze(cluster)).toEqual([
      {
        policy: 'rds-deletion-protection-and-final-snapshot',
        message: `${RDS7?.description}\ndeletionProtection is not true: set deletionProtection: true (database.deletionProtection) so the cluster cannot be deleted by accident.`,
        level: MANDATORY,
        // The engine attaches the resource to resource-level findings.
        urn: '',
      },
    ]);
  });

  it("shows a breach that dev's config exempts as advisory, with the exemption's reason", async () => {
    const cluster = withoutDeletionProtection('dev');
    const [reason] = defaultExemptions('dev')
      .filter((e) => e.control === 'RDS.7')
      .map((e) => e.reason);
    expect(await analyze(cluster)).toEqual([
      {
        policy: 'rds-deletion-protection-and-final-snapshot',
        message: `${RDS7?.description}\nExempt in dev (${reason}): deletionProtection is not true: set deletionProtection: true (database.deletionProtection) so the cluster cannot be deleted by accident.`,
        level: ADVISORY,
        urn: '',
      },
    ]);
  });

  it('runs the stack policies: staging without WAF is shown as exempt, prod without WAF fails', async () => {
    const staging = compliantStack('staging');
    remove(staging, 'waf-association', 'waf-web-acl');
    const stagingFindings = await analyzeStack('staging', Object.values(staging));
    expect(stagingFindings).toEqual([
      expect.objectContaining({
        policy: 'apigateway-stage-waf',
        level: ADVISORY,
        urn: get(staging, 'rest-api-stage').urn,
      }),
    ]);
    expect(stagingFindings[0]?.message).toContain('Exempt in staging (WAF runs in prod only');

    const prod = compliantStack('prod');
    remove(prod, 'waf-association', 'waf-web-acl');
    expect(await analyzeStack('prod', Object.values(prod))).toEqual([
      expect.objectContaining({ policy: 'apigateway-stage-waf', level: MANDATORY }),
    ]);
  });

  it('shows dev without an alarm subscription as advisory and fails prod without one (DESIGN-12)', async () => {
    const dev = compliantStack('dev');
    remove(dev, 'alarm-topic-email');
    expect(await analyzeStack('dev', Object.values(dev))).toEqual([
      expect.objectContaining({
        policy: 'alarm-topic-reaches-someone',
        level: ADVISORY,
        urn: get(dev, 'alarm-topic-topic').urn,
        message: expect.stringContaining("SNS topic 'payments-dev-alarms' has no subscription"),
      }),
    ]);
    const prod = compliantStack('prod');
    remove(prod, 'alarm-topic-email');
    expect(await analyzeStack('prod', Object.values(prod))).toEqual([
      expect.objectContaining({ policy: 'alarm-topic-reaches-someone', level: MANDATORY }),
    ]);
  });

  it('finds nothing on compliant stacks, resource by resource and as a stack', async () => {
    for (const env of ['dev', 'staging', 'prod'] as const) {
      const resources = Object.values(compliantStack(env));
      for (const resource of resources) expect(await analyze(resource)).toEqual([]);
      expect(await analyzeStack(env, resources)).toEqual([]);
    }
  });

  it('turns a value not known during preview into an advisory notice instead of a crash', async () => {
    const cluster = get(compliantStack('prod'), 'aurora-cluster');
    cluster.inputs.engineVersion = unknownStringValue;
    const findings = await analyze(cluster);
    expect(findings).toEqual([
      expect.objectContaining({ policy: 'aurora-engine-version-floor', level: ADVISORY }),
    ]);
    expect(findings[0]?.message).toContain("can't run policy 'aurora-engine-version-floor'");
  });
});
