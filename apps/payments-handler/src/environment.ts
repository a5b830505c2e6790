// The functions' contract with the api stack (infra/api), owned here: which functions there are, the variables
// each reads and how they are made from the stack's values. Plain data: importing it loads no driver and no SDK.
import { PAYMENTS_DB_USER } from './routes';

/** The Lambda functions: the request handler, the schema migration runner and the audit outbox relay. */
export const HANDLER_KINDS = ['payments', 'migrations', 'relay'] as const;

export type HandlerKind = (typeof HANDLER_KINDS)[number];

/**
 * The environment variables each function reads (`src/config.ts`), and nothing else. The payments handler talks to
 * the database as `payments_app` with IAM tokens (no secret), maps app clients to merchants and writes audit
 * records; migrations only needs the writer, as the master user with the RDS-managed master secret.
 */
export const HANDLER_ENVIRONMENT_KEYS = {
  payments: [
    'DB_HOST',
    'DB_READER_HOST',
    'DB_PORT',
    'DB_NAME',
    'DB_USER',
    'MERCHANT_CLIENTS',
    'AUDIT_BUCKET',
    'AUDIT_KMS_KEY_ARN',
    'CURRENCY_LIMITS',
    'NODE_OPTIONS',
  ],
  migrations: ['DB_SECRET_ARN', 'DB_HOST', 'DB_PORT', 'DB_NAME', 'DB_USER', 'NODE_OPTIONS'],
  // The relay writes the audit records the payments function left in the outbox: the writer as payments_app.
  relay: ['DB_HOST', 'DB_PORT', 'DB_NAME', 'DB_USER', 'AUDIT_BUCKET', 'AUDIT_KMS_KEY_ARN', 'NODE_OPTIONS'],
} as const satisfies Record<HandlerKind, readonly string[]>;

export type HandlerEnvironmentKey<K extends HandlerKind> = (typeof HANDLER_ENVIRONMENT_KEYS)[K][number];

/** The variables of one function, exactly its keys. */
export type HandlerEnvironment<K extends HandlerKind> = Record<HandlerEnvironmentKey<K>, string>;

/** Plain values the variables are made from (the stack resolves them from its upstreams and settings). */
export interface HandlerEnvironmentValues {
  /**
   * ARN of the RDS-managed master secret: the migrations function's only. Only the ARN: it fetches the password
   * from Secrets Manager at run time, so no credential ever sits in a function's configuration.
   */
  dbSecretArn: string;
  dbWriterHost: string;
  dbReaderHost: string;
  dbPort: number;
  dbName: string;
  /** The master user name: the migrations function's. The payments and relay functions are PAYMENTS_DB_USER. */
  dbMasterUser: string;
  /** App client ID -> merchant ID, from the identity stack (client IDs are not secrets). */
  merchantClients: Readonly<Record<string, string>>;
  auditBucketName: string;
  /** Key the audit bucket encrypts with: the handler names it in its SSE-KMS PutObject requests. */
  auditKmsKeyArn: string;
  /**
   * The ISO 4217 currencies the handler accepts, each with its minor-unit exponent and largest single payment in
   * minor units (packages/config `api.currencies`, converted by the api stack).
   */
  currencyLimits: Readonly<Record<string, { exponent: number; maxMinor: number }>>;
}

/**
 * Lambda's limit on a function's environment: 4 KB for all variables together
 * (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html), counted here as the bytes of every key
 * and value.
 */
export const LAMBDA_ENVIRONMENT_LIMIT_BYTES = 4096;

export class HandlerEnvironmentError extends Error {
  override readonly name = 'HandlerEnvironmentError';
}

/** The environment of the `kind` function: the one mapping both the stack and the handler's tests use. */
export function handlerEnvironment<K extends HandlerKind>(
  kind: K,
  values: HandlerEnvironmentValues,
): HandlerEnvironment<K> {
  const byClient = Object.fromEntries(
    Object.entries(values.merchantClients).sort(([a], [b]) => a.localeCompare(b)),
  );
  const all: Record<HandlerEnvironmentKey<HandlerKind>, string> = {
    DB_SECRET_ARN: values.dbSecretArn,
    DB_HOST: values.dbWriterHost,
    DB_READER_HOST: values.dbReaderHost,
    DB_PORT: String(values.dbPort),
    DB_NAME: values.dbName,
    DB_USER: kind === 'migrations' ? values.dbMasterUser : PAYMENTS_DB_USER,
    MERCHANT_CLIENTS: JSON.stringify(byClient),
    AUDIT_BUCKET: values.auditBucketName,
    AUDIT_KMS_KEY_ARN: values.auditKmsKeyArn,
    CURRENCY_LIMITS: JSON.stringify(values.currencyLimits),
    // Stack traces point at the TypeScript sources of the bundled handler.
    NODE_OPTIONS: '--enable-source-maps',
  };
  const keys: readonly HandlerEnvironmentKey<HandlerKind>[] = HANDLER_ENVIRONMENT_KEYS[kind];
  const environment = Object.fromEntries(keys.map((key) => [key, all[key]])) as HandlerEnvironment<K>;
  const bytes = Object.entries(environment).reduce(
    (sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value as string),
    0,
  );
  if (bytes > LAMBDA_ENVIRONMENT_LIMIT_BYTES) {
    throw new HandlerEnvironmentError(
      `the ${kind} function's environment is ${bytes} bytes, over Lambda's ${LAMBDA_ENVIRONMENT_LIMIT_BYTES}: ` +
        `MERCHANT_CLIENTS holds ${Object.keys(byClient).length} merchants; remove merchants from ` +
        'identity.merchants (infra/identity/Pulumi.<env>.yaml) or shorten their IDs',
    );
  }
  return environment;
}
