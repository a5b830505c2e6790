import { githubRepositoryProblem } from './bootstrap';
import { ConfigError } from './errors';
import { loadSettings } from './load';

const errorOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('githubRepositoryProblem', () => {
  it.each([
    'acme/payments-infra',
    'a/b',
    'Acme-Corp/payments.infra_2',
    `${'a'.repeat(39)}/${'r'.repeat(100)}`,
  ])('accepts %s', (repo) => expect(githubRepositoryProblem(repo)).toBeUndefined());

  it.each([
    ['acme', "not of the form '<owner>/<repo>'"],
    ['acme/payments/infra', "not of the form '<owner>/<repo>'"],
    // A wildcard would let any repository of the owner (or any owner) assume the role.
    ['acme/*', "repo '*' is not a GitHub repository name"],
    ['*/payments', "owner '*' is not a GitHub account name"],
    ['-acme/payments', "owner '-acme' is not a GitHub account name"],
    ['ac--me/payments', "owner 'ac--me' is not a GitHub account name"],
    [`${'a'.repeat(40)}/payments`, 'is not a GitHub account name'],
    ['acme/..', "repo '..' is not a GitHub repository name"],
    ['acme/pay ments', "repo 'pay ments' is not a GitHub repository name"],
  ])('refuses %s', (repo, why) => expect(githubRepositoryProblem(repo)).toContain(why));
});

describe('bootstrap settings', () => {
  it('defaults: the GitHub environments of each stage, prod previews only from its main-only environment', () => {
    expect(loadSettings('staging').bootstrap).toEqual({
      github: {
        deployEnvironment: 'staging',
        previewEnvironment: 'staging-preview',
        previewOnPullRequests: true,
      },
      stateBucket: { noncurrentVersionExpirationDays: 90 },
      deploySessionHours: 3,
    });
    expect(loadSettings('prod').bootstrap.github).toEqual({
      deployEnvironment: 'prod',
      previewEnvironment: 'prod-preview',
      previewOnPullRequests: false,
    });
  });

  it('requires the repository of the bootstrap stack only, naming the key and the file', () => {
    expect(() => loadSettings('prod', undefined, { domain: 'network' })).toThrow(/alarms\.subscriptions/);
    expect(() => loadSettings('dev', undefined, { domain: 'api' })).not.toThrow();
    const message = errorOf(() => loadSettings('dev', undefined, { domain: 'bootstrap' }));
    expect(message).toContain('bootstrap.github.repository: the bootstrap stack needs the repository');
    expect(message).toContain('infra/bootstrap/Pulumi.dev.yaml');
    expect(
      loadSettings(
        'dev',
        { bootstrap: { github: { repository: 'acme/payments-infra' } } },
        { domain: 'bootstrap' },
      ).bootstrap.github.repository,
    ).toBe('acme/payments-infra');
  });

  it('refuses a wildcard repository, a bad expiry and an unknown key, each by its path', () => {
    const message = errorOf(() =>
      loadSettings('dev', {
        bootstrap: {
          github: { repository: 'acme/*' },
          stateBucket: { noncurrentVersionExpirationDays: 0 },
          deploySessionHour: 3,
        },
      }),
    );
    expect(message).toContain("bootstrap.github.repository: repo '*' is not a GitHub repository name");
    expect(message).toContain('bootstrap.stateBucket.noncurrentVersionExpirationDays');
    expect(message).toContain("did you mean 'deploySessionHours'");
  });
});
