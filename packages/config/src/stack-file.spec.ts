import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError } from './errors';
import { editDistance, nearestKey } from './nearest';
import {
  AWS_CONFIG_KEYS,
  loadStackSettings,
  missingKeyMaterial,
  readStackFile,
  runtimeConfig,
  usesPassphrase,
} from './stack-file';

let root: string;
const FILE = 'infra/network/Pulumi.staging.yaml';

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'config-stack-file-'));
  mkdirSync(join(root, 'infra/network'), { recursive: true });
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(yaml: string, env = 'staging'): void {
  writeFileSync(join(root, 'infra/network', `Pulumi.${env}.yaml`), yaml);
}

const read = (env = 'staging') =>
  readStackFile({
    projectDir: join(root, 'infra/network'),
    project: 'payments-network',
    env,
    workspaceRoot: root,
  });

/** The ConfigError `run` throws; fails the test when it throws none. */
function errorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('the nearest valid key', () => {
  it('is the one fewest edits away', () => {
    expect(editDistance('overides', 'overrides')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(nearestKey('payments:overides', ['aws:region', 'payments:overrides'])).toBe('payments:overrides');
    expect(nearestKey('aws:regoin', ['aws:region', 'payments:overrides'])).toBe('aws:region');
  });

  it('matches the name in another namespace: a bare key finds its namespaced form', () => {
    expect(nearestKey('payments-network:overrides', ['aws:region', 'payments:overrides'])).toBe(
      'payments:overrides',
    );
    expect(nearestKey('region', ['payments:overrides', 'aws:region'])).toBe('aws:region');
  });
});

describe('readStackFile', () => {
  it('reads every key with its namespace, and what the secrets provider stored', () => {
    write(
      [
        'encryptionsalt: v1:c2FsdHNhbHQ=:v1:bm9uY2U=:Y2lwaGVy',
        'config:',
        '  aws:region: us-east-1',
        '  aws:allowedAccountIds: ["123456789012"]',
        '  payments:overrides:',
        '    database:',
        '      readers: 1',
      ].join('\n'),
    );
    const stack = read();
    expect(stack.file).toBe(FILE);
    expect(stack.secrets).toEqual({ encryptionSalt: 'v1:c2FsdHNhbHQ=:v1:bm9uY2U=:Y2lwaGVy' });
    expect(stack.config).toEqual({
      'aws:region': { secure: false, value: 'us-east-1' },
      'aws:allowedAccountIds': { secure: false, value: ['123456789012'] },
      'payments:overrides': { secure: false, value: { database: { readers: 1 } } },
    });
    expect(runtimeConfig(stack, '[secret]')).toEqual({
      'aws:region': 'us-east-1',
      'aws:allowedAccountIds': '["123456789012"]',
      'payments:overrides': '{"database":{"readers":1}}',
    });
  });

  it("refuses 'payments:overides' (one r), naming the file, the key and the nearest valid key", () => {
    write('config:\n  aws:region: us-east-1\n  payments:overides:\n    database:\n      readers: 1\n');
    const error = errorOf(read);
    expect(error.message).toBe(
      `${FILE}: config key 'payments:overides' is not a documented key: did you mean 'payments:overrides'? ` +
        `(allowed: payments:overrides, ${AWS_CONFIG_KEYS.join(', ')})`,
    );
  });

  it('refuses a key under the project namespace, bare or not, and points at payments:overrides', () => {
    write('config:\n  overrides:\n    org: acme\n  payments-network:flowLogs: true\n');
    const error = errorOf(read);
    expect(error.problems).toEqual([
      expect.stringContaining(
        `${FILE}: config key 'overrides' is not a documented key: did you mean 'payments:overrides'?`,
      ),
      expect.stringContaining(`${FILE}: config key 'payments-network:flowLogs' is not a documented key`),
    ]);
    expect(error.message.split('\n')[0]).toBe(`${FILE} has 2 problems:`);
  });

  it('refuses an unknown top-level field, with the nearest one, and keeps the secrets provider fields', () => {
    write('encryptionSalt: abc\nconfig:\n  aws:region: us-east-1\n');
    expect(errorOf(read).message).toBe(
      `${FILE}: top-level field 'encryptionSalt' is not a documented key: did you mean 'encryptionsalt'? ` +
        '(allowed: config, secretsprovider, encryptedkey, encryptionsalt)',
    );
    write(
      'secretsprovider: awskms://alias/payments?region=us-east-1\nencryptedkey: ZW5jcnlwdGVk\nconfig: {}\n',
    );
    expect(read().secrets).toEqual({
      provider: 'awskms://alias/payments?region=us-east-1',
      encryptedKey: 'ZW5jcnlwdGVk',
    });
  });

  it.each([
    ['aws:profile', 'prod-admin', 'never reads aws:profile: set AWS_PROFILE in your shell instead'],
    ['aws:secretKey', 'x', 'no credential belongs in a stack file (DESIGN-2)'],
    ['aws:defaultTags', '{}', 'tags are made only by packages/naming (DESIGN-6)'],
  ])('refuses %s, saying why', (key, value, why) => {
    write(`config:\n  ${key}: ${value}\n`);
    const message = errorOf(read).message;
    expect(message.startsWith(`${FILE}: '${key}' is not allowed: `)).toBe(true);
    expect(message).toContain(why);
  });

  it.each([
    [
      'aws:allowedAccountIds: "123456789012"',
      'aws:allowedAccountIds must be a list of 12-digit AWS account IDs',
    ],
    ['aws:forbiddenAccountIds: [123456789012]', 'aws:forbiddenAccountIds must be a list of 12-digit'],
    ['aws:region: 42', 'aws:region must be a region code such as us-east-1'],
    ['payments:overrides: 3', 'payments:overrides must be a map of settings'],
    ['payments:overrides: "{not json"', 'payments:overrides must be a map of settings'],
  ])('refuses a malformed value: %s', (line, message) => {
    write(`config:\n  ${line}\n`);
    expect(errorOf(read).message).toContain(message);
  });

  it('refuses both account guards at once', () => {
    write(
      'config:\n  aws:allowedAccountIds: ["123456789012"]\n  aws:forbiddenAccountIds: ["210987654321"]\n',
    );
    expect(errorOf(read).message).toContain('aws:allowedAccountIds and aws:forbiddenAccountIds conflict');
  });

  it('accepts overrides written as a JSON string, as `pulumi config set --path` leaves them', () => {
    write(`config:\n  payments:overrides: '{"org":"acme"}'\n`);
    expect(loadStackSettings(read()).org).toBe('acme');
  });

  it('refuses an encrypted value where a documented key expects a plain one', () => {
    write('config:\n  aws:region:\n    secure: AAABAC==\n');
    expect(errorOf(read).message).toContain('aws:region must be a region code such as us-east-1');
  });

  it('names a missing file and a file that is not YAML', () => {
    expect(errorOf(() => read('prod')).message).toBe(
      'Missing infra/network/Pulumi.prod.yaml: every stack needs its Pulumi.prod.yaml (it may hold only aws:region).',
    );
    write('config:\n  aws:region: [us-east-1\n');
    expect(errorOf(read).message).toMatch(/^infra\/network\/Pulumi\.staging\.yaml is not valid YAML: /);
  });
});

describe('loadStackSettings', () => {
  it('validates the overrides with the file named on every problem', () => {
    write('config:\n  payments:overrides:\n    database:\n      reader: 1\n');
    const error = errorOf(() => loadStackSettings(read()));
    expect(error.problems).toEqual([
      expect.stringMatching(
        /^infra\/network\/Pulumi\.staging\.yaml: database\.reader: unknown key, did you mean 'readers'\? /,
      ),
    ]);
  });

  it('refuses an aws:region that is not the region the stack deploys to', () => {
    write('config:\n  aws:region: eu-west-1\n');
    expect(errorOf(() => loadStackSettings(read())).message).toBe(
      `${FILE}: aws:region is "eu-west-1" but the stack's settings deploy to 'us-east-1' (region, under ` +
        'payments:overrides): make them the same',
    );
    write('config:\n  aws:region: eu-west-1\n  payments:overrides:\n    region: eu-west-1\n');
    expect(loadStackSettings(read()).region).toBe('eu-west-1');
  });
});

describe('key material', () => {
  it('is the salt for the passphrase provider, the default on a self-managed backend', () => {
    expect(missingKeyMaterial({}, 'self-managed')).toBe('encryptionsalt (passphrase secrets provider)');
    expect(missingKeyMaterial({ encryptionSalt: 'v1:x' }, 'self-managed')).toBeUndefined();
    expect(missingKeyMaterial({ provider: 'passphrase' }, 'pulumi-cloud')).toBe(
      'encryptionsalt (passphrase secrets provider)',
    );
    expect(usesPassphrase({}, 'self-managed')).toBe(true);
    expect(usesPassphrase({}, 'pulumi-cloud')).toBe(false);
  });

  it('is the encrypted key for a cloud KMS provider, on any backend', () => {
    const kms = { provider: 'awskms://alias/payments?region=us-east-1' };
    expect(missingKeyMaterial(kms, 'self-managed')).toBe(
      'encryptedkey (secretsprovider awskms://alias/payments?region=us-east-1)',
    );
    expect(missingKeyMaterial({ ...kms, encryptedKey: 'ZW5j' }, 'pulumi-cloud')).toBeUndefined();
    expect(usesPassphrase(kms, 'self-managed')).toBe(false);
  });

  it("refuses a secrets provider Pulumi does not know, such as a mistyped scheme, in the reader's one error", () => {
    write(
      'secretsprovider: awkms://alias/payments-staging-secrets-network?region=us-east-1\nconfig:\n  aws:region: us-east-1\n',
    );
    expect(errorOf(() => read()).message).toBe(
      `${FILE}: secretsprovider 'awkms://alias/payments-staging-secrets-network?region=us-east-1' is not a secrets ` +
        'provider Pulumi knows (allowed: default, passphrase, service, or a key URL starting awskms://, gcpkms://, ' +
        "azurekeyvault://, hashivault://; ours is the stack's own awskms://alias/... key)",
    );
    write(
      'secretsprovider: awskms://alias/payments-staging-secrets-network?region=us-east-1\nconfig:\n  aws:region: us-east-1\n',
    );
    expect(read().secrets).toEqual({
      provider: 'awskms://alias/payments-staging-secrets-network?region=us-east-1',
    });
  });

  it('is nothing for the Pulumi Cloud default provider', () => {
    expect(missingKeyMaterial({}, 'pulumi-cloud')).toBeUndefined();
  });
});

describe('the stack files of this workspace', () => {
  const infra = resolve(__dirname, '../../../infra');
  const files = readdirSync(infra).flatMap((domain) =>
    readdirSync(join(infra, domain))
      .filter((file) => /^Pulumi\.[a-z]+\.yaml$/.test(file))
      .map((file) => [domain, file.split('.')[1] as string] as const),
  );

  it.each(files)('%s %s: holds only documented keys and valid settings', (domain, env) => {
    const project = /^name:\s*(\S+)/m.exec(readFileSync(join(infra, domain, 'Pulumi.yaml'), 'utf8'))?.[1];
    const stack = readStackFile({ projectDir: join(infra, domain), project: project ?? '', env });
    expect(loadStackSettings(stack).env).toBe(env);
    // Each platform stack encrypts with its own KMS key (made by infra/bootstrap): no passphrase in CI. The
    // bootstrap stack itself keeps the passphrase of its administrators.
    if (domain === 'bootstrap') expect(stack.secrets.provider).toBeUndefined();
    else
      expect(stack.secrets.provider).toBe(
        `awskms://alias/payments-${env}-secrets-${domain}?region=us-east-1`,
      );
  });
});
