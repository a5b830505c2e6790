/**
 * Access paths (issue 12): ACCESS_PATHS evaluated against the synthesized policies of every environment with the IAM
 * evaluator of packages/mocks (policy evaluation logic within one account; KMS key policies as KMS reads them).
 */
import { ENVIRONMENTS, type Domain, type Environment } from '@payments/config';
import { authorize, type IamPolicyDocument, type IamPrincipal } from '@payments/mocks';
import type { SynthDocument } from '../document';
import { ACCESS_PATHS, documentFrom, type AccessContext, type AccessPath, type Target } from './access-paths';
import { documentOf } from './synthesized';

const REGION = 'us-east-1';

function resourceInput(document: SynthDocument, name: string, input: string): unknown {
  const found = document.resources.find((r) => r.name === name);
  if (!found) throw new Error(`${document.domain} has no resource '${name}'`);
  return found.inputs[input];
}

const outputs = (env: Environment, domain: Domain) =>
  documentOf(env, domain).outputs as Record<string, string>;

function contextOf(env: Environment): AccessContext {
  const storage = outputs(env, 'storage');
  const database = outputs(env, 'database');
  const other = ENVIRONMENTS.find((e) => e !== env) as Environment;
  const api = documentOf(env, 'api');
  const account = /^arn:aws:s3:::payments-[a-z]+-audit-(\d{12})-/.exec(storage.auditBucketArn ?? '')?.[1];
  if (!account) throw new Error(`no account in ${storage.auditBucketArn}`);
  return {
    env,
    account,
    region: REGION,
    other: {
      env: other,
      auditBucketArn: outputs(other, 'storage').auditBucketArn!,
      kmsKeyArn: outputs(other, 'storage').kmsKeyArn!,
    },
    storage: {
      kmsKeyArn: storage.kmsKeyArn!,
      auditBucketArn: storage.auditBucketArn!,
      // Not a contract output (nothing downstream reads it): the bucket as the storage plan names it.
      accessLogBucketArn: `arn:aws:s3:::${String(resourceInput(documentOf(env, 'storage'), 'access-logs-bucket', 'bucket'))}`,
      paymentsLogGroupArn: storage.paymentsLogGroupArn!,
    },
    database: {
      kmsKeyArn: database.kmsKeyArn!,
      masterSecretArn: database.masterSecretArn!,
      clusterResourceId: database.clusterResourceId!,
    },
    network: { alarmTopicArn: outputs(env, 'network').alarmTopicArn! },
    roleArn: (fn) => `arn:aws:iam::${account}:role/${String(resourceInput(api, `${fn}-role-role`, 'name'))}`,
  };
}

/** The resource policy a target names, from the synthesized plans. */
function resourcePolicyOf(env: Environment, policy: Target['policy']): IamPolicyDocument | undefined {
  switch (policy) {
    case undefined:
      return undefined;
    case 'storage-key':
      return documentFrom(resourceInput(documentOf(env, 'storage'), 'storage-key', 'policy'));
    case 'database-key':
      return documentFrom(resourceInput(documentOf(env, 'database'), 'database-key-key', 'policy'));
    case 'network-key':
      return documentFrom(resourceInput(documentOf(env, 'network'), 'network-key-key', 'policy'));
    case 'audit-bucket':
      return documentFrom(resourceInput(documentOf(env, 'storage'), 'audit-policy', 'policy'));
    case 'access-log-bucket':
      return documentFrom(resourceInput(documentOf(env, 'storage'), 'access-logs-policy', 'policy'));
    case 'alarm-topic':
      return documentFrom(resourceInput(documentOf(env, 'network'), 'alarm-topic-policy', 'policy'));
  }
}

function decisionOf(env: Environment, context: AccessContext, path: AccessPath): string {
  const target = path.on(context);
  const principal: IamPrincipal =
    typeof path.who === 'string'
      ? { kind: 'role', arn: context.roleArn(path.who) }
      : { kind: 'service', service: path.who.service.replace('REGION', REGION) };
  const identity =
    typeof path.who === 'string'
      ? [documentFrom(resourceInput(documentOf(env, 'api'), `${path.who}-role-policy`, 'policy'))]
      : [];
  return authorize({
    kind: target.policy?.endsWith('-key') ? 'kms' : 'resource',
    principal,
    action: path.action,
    resource: target.resource,
    keys: target.keys,
    identity,
    resourcePolicy: resourcePolicyOf(env, target.policy),
  });
}

const label = (p: AccessPath) =>
  `${typeof p.who === 'string' ? p.who : p.who.service} ${p.expect === 'allow' ? 'may' : 'may not'} ${p.action}: ${p.why}`;

describe.each(ENVIRONMENTS)('access paths in %s', (env) => {
  const context = () => contextOf(env);

  it.each(ACCESS_PATHS.map((p) => [label(p), p] as const))('%s', (_label, path) => {
    const decision = decisionOf(env, context(), path);
    if (path.expect === 'allow') expect(decision).toBe('allow');
    else expect(decision).not.toBe('allow');
  });

  it('list both what must work and what must not', () => {
    expect(ACCESS_PATHS.filter((p) => p.expect === 'allow').length).toBeGreaterThan(5);
    expect(ACCESS_PATHS.filter((p) => p.expect === 'deny').length).toBeGreaterThan(10);
  });
});
