import { upstreamsInOrder } from '@payments/contracts';
import { downstreamRefusal, pathsReadFromCheckout } from './plan';

const outputs = {
  clusterIdentifier: 'payments-prod-aurora',
  clusterArn: 'arn:aws:rds:us-east-1:123456789012:cluster:payments-prod-aurora',
  clusterResourceId: 'cluster-ABC',
  writerEndpoint: 'w.example',
  readerEndpoint: 'r.example',
  port: 5432,
  databaseName: 'payments',
  masterUsername: 'dbadmin',
  masterSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster',
  kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1',
  proxyEndpoint: 'payments-prod-aurora.proxy-abc.us-east-1.rds.amazonaws.com',
  proxyResourceId: 'prx-0123456789abcdef0',
};
const args = {
  domain: 'database',
  env: 'prod',
  org: 'organization',
  project: 'database',
  label: 'version 3 (1a2b3c4)',
} as const;

describe('the stacks a rollback synthesizes first', () => {
  it('are the upstreams, transitively, upstream first', () => {
    expect(upstreamsInOrder('network')).toEqual([]);
    expect(upstreamsInOrder('database')).toEqual(['network']);
    expect(upstreamsInOrder('api')).toEqual(['network', 'database', 'storage', 'identity']);
  });

  it('and what must be committed: the lock file, the packages, synth and those upstreams', () => {
    expect(pathsReadFromCheckout(['infra/network'])).toEqual([
      'package-lock.json',
      'packages',
      'tools/synth',
      'infra/network',
    ]);
  });
});

describe('the downstream check', () => {
  it('passes an old program that still exports everything its readers read', () => {
    expect(downstreamRefusal({ ...args, outputs })).toBeUndefined();
    expect(downstreamRefusal({ ...args, outputs: { ...outputs, extra: 'fine' } })).toBeUndefined();
  });

  it('refuses a missing output or one of another kind, naming it and the stack that reads it', () => {
    const { masterSecretArn: _gone, ...rest } = outputs;
    expect(downstreamRefusal({ ...args, outputs: { ...rest, port: '5432' } })).toBe(
      'Refusing to roll back database (prod) to version 3 (1a2b3c4): its program no longer provides what api ' +
        '(organization/payments-api/prod) reads from it: output \'port\' should be number, got "5432"; missing ' +
        "output 'masterSecretArn' (string). Nothing was deployed.",
    );
  });

  it('has nothing to check on a stack nobody reads', () => {
    expect(downstreamRefusal({ ...args, domain: 'api', outputs: {} })).toBeUndefined();
  });
});
