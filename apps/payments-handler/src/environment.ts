// The functions' contract with the api stack (infra/api), owned here: which functions there are, the variables
// each reads and how they are made from the stack's values. Plain data: importing it loads no driver and no SDK.

/** The Lambda functions: the request handler and the schema migration runner. */
export const HANDLER_KINDS = ['payments', 'migrations'] as const;

export type HandlerKind = (typeof HANDLER_KINDS)[number];

/**
 * The environment variables each function reads (`src/config.ts`), and nothing else. The payments handler talks to the
 * database and writes audit records; migrations only needs the writer.
 */
export const HANDLER_ENVIRONMENT_KEYS = {
  payments: [
    'DB_SECRET_ARN',
    'DB_HOST',
    'DB_READER_HOST',
    'DB_PORT',
    'DB_NAME',
    'DB_USER',
    'AUDIT_BUCKET',
    'AUDIT_KMS_KEY_ARN',
    'MAX_AMOUNT_MINOR',
    'CURRENCIES',
    'NODE_OPTIONS',
  ],
  migrations: ['DB_SECRET_ARN', 'DB_HOST', 'DB_PORT', 'DB_NAME', 'DB_USER', 'NODE_OPTIONS'],
} as const satisfies Record<HandlerKind, readonly string[]>;

export type HandlerEnvironmentKey<K extends HandlerKind> = (typeof HANDLER_ENVIRONMENT_KEYS)[K][number];

/** The variables of one function, exactly its keys. */
export type HandlerEnvironment<K extends HandlerKind> = Record<HandlerEnvironmentKey<K>, string>;

/** Plain values the variables are made from (the stack resolves them from its upstreams and settings). */
export interface HandlerEnvironmentValues {
  /**
   * ARN of the RDS-managed master secret. Only the ARN: the handler fetches the password from Secrets
   * Manager at run time, so no credential ever sits in the function configuration.
   */
  dbSecretArn: string;
  dbWriterHost: string;
  dbReaderHost: string;
  dbPort: number;
  dbName: string;
  dbUser: string;
  auditBucketName: string;
  /** Key the audit bucket encrypts with: the handler names it in its SSE-KMS PutObject requests. */
  auditKmsKeyArn: string;
  /** Largest single payment in minor units (cents). */
  maxAmountMinor: number;
  /** ISO 4217 codes the handler accepts. */
  currencies: readonly string[];
}

/** The environment of the `kind` function: the one mapping both the stack and the handler's tests use. */
export function handlerEnvironment<K extends HandlerKind>(
  kind: K,
  values: HandlerEnvironmentValues,
): HandlerEnvironment<K> {
  const all: HandlerEnvironment<'payments'> = {
    DB_SECRET_ARN: values.dbSecretArn,
    DB_HOST: values.dbWriterHost,
    DB_READER_HOST: values.dbReaderHost,
    DB_PORT: String(values.dbPort),
    DB_NAME: values.dbName,
    DB_USER: values.dbUser,
    AUDIT_BUCKET: values.auditBucketName,
    AUDIT_KMS_KEY_ARN: values.auditKmsKeyArn,
    MAX_AMOUNT_MINOR: String(values.maxAmountMinor),
    CURRENCIES: values.currencies.join(','),
    // Stack traces point at the TypeScript sources of the bundled handler.
    NODE_OPTIONS: '--enable-source-maps',
  };
  const keys: readonly HandlerEnvironmentKey<'payments'>[] = HANDLER_ENVIRONMENT_KEYS[kind];
  return Object.fromEntries(keys.map((key) => [key, all[key]])) as HandlerEnvironment<K>;
}
