import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { STACK_DOMAINS, parseEnvironment, type Environment } from './environments';
import { ConfigError } from './errors';
import { loadSettings } from './load';
import { nearestKey } from './nearest';
import { isPlainObject } from './objects';
import type { Settings } from './schema';

// The one reader of `Pulumi.<env>.yaml` (DESIGN-13): synth, the cloud targets and rollback all parse a stack
// file here, so a typo is refused the same way everywhere. No Pulumi import: tools load it offline.

/**
 * The top level of a stack file: `config`, and the fields the secrets provider writes (Pulumi v3.248.0,
 * sdk/go/common/workspace/project.go `ProjectStack`). `environment` (ESC) is not used by these stacks.
 */
export const STACK_FILE_FIELDS = ['config', 'secretsprovider', 'encryptedkey', 'encryptionsalt'] as const;

/** `payments:overrides`: the documented per-stack settings (OVERRIDABLE_KEYS), validated by `loadSettings`. */
export const OVERRIDES_KEY = 'payments:overrides';

/**
 * The `aws:` keys a stack file may set, from the provider's configuration (`@pulumi/aws` 7.x `config/vars`).
 * The stacks deploy through one explicit `aws.Provider` (packages/stack `createStackContext`), which Pulumi
 * configures from its arguments only, never from `aws:` config (pulumi/pulumi-aws#1307), so a key is allowed
 * only when it is checked or forwarded: `aws:region` must equal the settings' region (the default provider,
 * used by anything that names no provider, reads it), and the account guards are passed to the explicit one.
 */
export const AWS_CONFIG_KEYS = ['aws:region', 'aws:allowedAccountIds', 'aws:forbiddenAccountIds'] as const;

/**
 * Keys under the project's own namespace (`payments-<domain>:<name>`, or a bare `<name>`): none is documented,
 * every setting lives under `payments:overrides`.
 */
export const PROJECT_CONFIG_KEYS: readonly string[] = [];

/** `aws:` keys a stack file must not set, and why: the explicit provider would silently ignore them. */
const AWS_REFUSED: Readonly<Record<string, string>> = {
  'aws:profile':
    'the stacks deploy through an explicit provider, which never reads aws:profile: set AWS_PROFILE in your shell instead (CI uses OIDC)',
  'aws:accessKey': 'no credential belongs in a stack file (DESIGN-2): use AWS_PROFILE, SSO or OIDC',
  'aws:secretKey': 'no credential belongs in a stack file (DESIGN-2): use AWS_PROFILE, SSO or OIDC',
  'aws:token': 'no credential belongs in a stack file (DESIGN-2): use AWS_PROFILE, SSO or OIDC',
  'aws:defaultTags': 'tags are made only by packages/naming (DESIGN-6): the provider already sets them',
};

/**
 * The secrets providers Pulumi knows (v3.248.0 pkg/secrets/cloud `NewCloudSecretsManager`, gocloud.dev URL schemes;
 * `passphrase`, `service`, `default`): anything else is a typo Pulumi would only report at deploy time.
 */
export const SECRETS_PROVIDER_SCHEMES = [
  'awskms://',
  'gcpkms://',
  'azurekeyvault://',
  'hashivault://',
] as const;
const NAMED_SECRETS_PROVIDERS = ['default', 'passphrase', 'service'];

/** A config value as the stack file holds it: plain (any YAML value) or encrypted by the secrets provider. */
export type StackConfigValue = { secure: false; value: unknown } | { secure: true };

/** What the secrets provider stored at the top of the file. */
export interface StackSecrets {
  /** `secretsprovider`: absent means the backend's default (passphrase on a self-managed backend). */
  provider?: string;
  encryptionSalt?: string;
  encryptedKey?: string;
}

export interface StackFile {
  /** The file as messages name it: relative to the workspace root when one was given. */
  file: string;
  env: Environment;
  /** The Pulumi project (`name` in Pulumi.yaml): bare keys belong to its namespace. */
  project: string;
  /** Every config key with its namespace (`aws:region`, `payments:overrides`), in file order. */
  config: Readonly<Record<string, StackConfigValue>>;
  secrets: StackSecrets;
}

export interface ReadStackFileArgs {
  /** The project folder (absolute, or relative to the current directory). */
  projectDir: string;
  project: string;
  env: string;
  /** When given, messages name the file relative to it. */
  workspaceRoot?: string;
}

function unknownKey(where: string, key: string, candidates: readonly string[]): string {
  const nearest = nearestKey(key, candidates);
  return (
    `${where}'${key}' is not a documented key${nearest ? `: did you mean '${nearest}'?` : ''} ` +
    `(allowed: ${candidates.join(', ')})`
  );
}

function fail(file: string, problems: string[]): never {
  const header =
    problems.length === 1
      ? `${file}: ${problems[0]}`
      : `${file} has ${problems.length} problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`;
  throw new ConfigError(
    header,
    problems.map((p) => `${file}: ${p}`),
  );
}

const ACCOUNT_ID = /^\d{12}$/;

function checkAccountIds(key: string, value: unknown): string | undefined {
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    !value.every((v) => typeof v === 'string' && ACCOUNT_ID.test(v))
  ) {
    return `${key} must be a list of 12-digit AWS account IDs as strings (got ${JSON.stringify(value)})`;
  }
  return undefined;
}

/**
 * Reads and checks `<projectDir>/Pulumi.<env>.yaml`: valid YAML, only the documented top-level fields, only the
 * documented config keys (each unknown one named with the nearest valid key), well-formed `aws:` values. Every
 * problem is reported at once, in one {@link ConfigError} naming the file. The settings under
 * `payments:overrides` are validated by {@link loadStackSettings}.
 */
export function readStackFile(args: ReadStackFileArgs): StackFile {
  const env = parseEnvironment(args.env);
  const absolute = join(args.projectDir, `Pulumi.${env}.yaml`);
  const inWorkspace = args.workspaceRoot === undefined ? undefined : relative(args.workspaceRoot, absolute);
  const file = inWorkspace === undefined || inWorkspace.startsWith('..') ? absolute : inWorkspace;
  if (!existsSync(absolute)) {
    throw new ConfigError(
      `Missing ${file}: every stack needs its Pulumi.${env}.yaml (it may hold only aws:region).`,
    );
  }
  let parsed: unknown;
  try {
    parsed = parse(readFileSync(absolute, 'utf8')) ?? {};
  } catch (error) {
    throw new ConfigError(`${file} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!isPlainObject(parsed)) fail(file, [`expected a map with 'config' (got ${JSON.stringify(parsed)})`]);

  const problems: string[] = [];
  for (const key of Object.keys(parsed)) {
    if (!(STACK_FILE_FIELDS as readonly string[]).includes(key)) {
      problems.push(unknownKey('top-level field ', key, STACK_FILE_FIELDS));
    }
  }
  const secrets: StackSecrets = {};
  for (const [field, name] of [
    ['secretsprovider', 'provider'],
    ['encryptionsalt', 'encryptionSalt'],
    ['encryptedkey', 'encryptedKey'],
  ] as const) {
    const value = parsed[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' || value === '') {
      problems.push(
        `${field} must be the non-empty string the secrets provider wrote (got ${JSON.stringify(value)})`,
      );
    } else if (
      field === 'secretsprovider' &&
      !NAMED_SECRETS_PROVIDERS.includes(value) &&
      !SECRETS_PROVIDER_SCHEMES.some((scheme) => value.startsWith(scheme) && value.length > scheme.length)
    ) {
      problems.push(
        `secretsprovider '${value}' is not a secrets provider Pulumi knows (allowed: ${NAMED_SECRETS_PROVIDERS.join(', ')}, ` +
          `or a key URL starting ${SECRETS_PROVIDER_SCHEMES.join(', ')}; ours is the stack's own awskms://alias/... key)`,
      );
    } else {
      secrets[name] = value;
    }
  }

  const rawConfig = parsed['config'] ?? {};
  const config: Record<string, StackConfigValue> = {};
  if (!isPlainObject(rawConfig)) {
    problems.push(`config must be a map of keys (got ${JSON.stringify(rawConfig)})`);
  } else {
    const allowed = [
      OVERRIDES_KEY,
      ...AWS_CONFIG_KEYS,
      ...PROJECT_CONFIG_KEYS.map((name) => `${args.project}:${name}`),
    ];
    for (const [rawKey, value] of Object.entries(rawConfig)) {
      // A bare key belongs to the project's namespace, as Pulumi reads it.
      const key = rawKey.includes(':') ? rawKey : `${args.project}:${rawKey}`;
      if (rawKey.split(':').length > 2 || rawKey.endsWith(':') || rawKey.startsWith(':')) {
        problems.push(`'${rawKey}' is not a config key of the form <namespace>:<name>`);
        continue;
      }
      const refused = AWS_REFUSED[key];
      if (refused) {
        problems.push(`'${rawKey}' is not allowed: ${refused}`);
        continue;
      }
      if (!allowed.includes(key)) {
        problems.push(unknownKey('config key ', rawKey, allowed));
        continue;
      }
      const secure = isPlainObject(value) && Object.keys(value).length === 1 && 'secure' in value;
      config[key] = secure ? { secure: true } : { secure: false, value };
    }
    const region = config['aws:region'];
    if (region && (region.secure || typeof region.value !== 'string' || region.value === '')) {
      problems.push(`aws:region must be a region code such as us-east-1`);
    }
    for (const key of ['aws:allowedAccountIds', 'aws:forbiddenAccountIds']) {
      const entry = config[key];
      if (!entry) continue;
      const problem = entry.secure ? `${key} must not be a secret` : checkAccountIds(key, entry.value);
      if (problem) problems.push(problem);
    }
    if (config['aws:allowedAccountIds'] && config['aws:forbiddenAccountIds']) {
      problems.push('aws:allowedAccountIds and aws:forbiddenAccountIds conflict: set only one of them');
    }
    const overrides = config[OVERRIDES_KEY];
    if (overrides && (overrides.secure || !isPlainObject(overridesValue(overrides.value)))) {
      problems.push(
        `${OVERRIDES_KEY} must be a map of settings (see OVERRIDABLE_KEYS in packages/config), written as YAML`,
      );
    }
  }
  if (problems.length > 0) fail(file, problems);
  return { file, env, project: args.project, config, secrets };
}

/** `payments:overrides` may be a YAML map or, as `pulumi config set --path` writes it, a JSON string. */
function overridesValue(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** The overrides of a stack file (undefined when it has none). */
export function stackOverrides(stack: StackFile): Record<string, unknown> | undefined {
  const entry = stack.config[OVERRIDES_KEY];
  if (!entry || entry.secure) return undefined;
  return overridesValue(entry.value) as Record<string, unknown>;
}

/**
 * The validated settings of a stack: `loadSettings` with its overrides, every problem prefixed with the file,
 * and `aws:region` (when set) equal to the settings' region.
 */
export function loadStackSettings(stack: StackFile): Settings {
  // `payments-<domain>`: the domain adds the checks only its stack needs (network: prod alarm subscriptions).
  const domain = STACK_DOMAINS.find((d) => stack.project === `payments-${d}`);
  let settings: Settings;
  try {
    settings = loadSettings(stack.env, stackOverrides(stack), domain === undefined ? {} : { domain });
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new ConfigError(
        `${stack.file}: ${error.message}`,
        error.problems.map((p) => `${stack.file}: ${p}`),
      );
    }
    throw error;
  }
  const region = stack.config['aws:region'];
  if (region && !region.secure && region.value !== settings.region) {
    fail(stack.file, [
      `aws:region is ${JSON.stringify(region.value)} but the stack's settings deploy to '${settings.region}' ` +
        `(region, under ${OVERRIDES_KEY}): make them the same`,
    ]);
  }
  return settings;
}

/**
 * The `namespace:key` -> string map the Pulumi runtime reads (`pulumi.runtime.setAllConfig`): objects as JSON,
 * encrypted values as `securePlaceholder` (they cannot be decrypted offline, and must not be).
 */
export function runtimeConfig(stack: StackFile, securePlaceholder: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(stack.config).map(([key, entry]) => [
      key,
      entry.secure
        ? securePlaceholder
        : typeof entry.value === 'string'
          ? entry.value
          : JSON.stringify(entry.value),
    ]),
  );
}

/** Where a stack's state and its secrets provider live, as far as the stack file is concerned. */
export type BackendKind = 'self-managed' | 'pulumi-cloud';

/**
 * Secrets providers that keep their key material in the stack file: the passphrase provider its
 * `encryptionsalt`, the cloud KMS providers (awskms://, gcpkms://, ...) their `encryptedkey`. The Pulumi Cloud
 * default (`service`) keeps nothing there. Pulumi v3.248.0 pkg/cmd/pulumi/stack/secrets.go: a stack file
 * without its key material gets a new one written into it on the next preview or up.
 */
export function missingKeyMaterial(secrets: StackSecrets, backend: BackendKind): string | undefined {
  const provider = secrets.provider;
  if (
    provider !== undefined &&
    provider !== 'default' &&
    provider !== 'passphrase' &&
    provider !== 'service'
  ) {
    return secrets.encryptedKey ? undefined : `encryptedkey (secretsprovider ${provider})`;
  }
  const passphrase =
    provider === 'passphrase' ||
    ((provider === undefined || provider === 'default') && backend === 'self-managed');
  if (passphrase && !secrets.encryptionSalt) return 'encryptionsalt (passphrase secrets provider)';
  return undefined;
}

/** Whether the stack encrypts with the passphrase provider, which needs PULUMI_CONFIG_PASSPHRASE(_FILE). */
export function usesPassphrase(secrets: StackSecrets, backend: BackendKind): boolean {
  if (secrets.provider === 'passphrase') return true;
  if (secrets.provider !== undefined && secrets.provider !== 'default') return false;
  return backend === 'self-managed' || secrets.encryptionSalt !== undefined;
}
