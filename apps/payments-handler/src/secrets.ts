import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** The database password, read from Secrets Manager once per container and kept in memory only. */
export interface PasswordSource {
  /** The cached password; the first call (or the first after `invalidate`) fetches it. */
  password(): Promise<string>;
  /**
   * Forgets the cached password, so the next connection fetches it again: called when the server rejects
   * it, because RDS rotates the managed master secret.
   */
  invalidate(): void;
  /** How many times the secret was fetched (for logs and tests). */
  readonly fetches: number;
}

export class SecretError extends Error {
  override readonly name = 'SecretError';
}

/** The password of an RDS-managed master secret (`{"username": ..., "password": ...}`). */
export function parseDatabaseSecret(secretArn: string, secretString: string | undefined): string {
  if (secretString === undefined) throw new SecretError(`secret ${secretArn} has no SecretString`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    // The parser's message would quote the secret text.
    throw new SecretError(`secret ${secretArn} is not JSON`);
  }
  const password = (parsed as { password?: unknown } | null)?.password;
  if (typeof password !== 'string' || password === '') {
    throw new SecretError(`secret ${secretArn} has no "password" field`);
  }
  return password;
}

export function createPasswordSource(client: SecretsManagerClient, secretArn: string): PasswordSource {
  let cached: Promise<string> | undefined;
  let fetches = 0;

  const fetch = async (): Promise<string> => {
    fetches += 1;
    const result = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    return parseDatabaseSecret(secretArn, result.SecretString);
  };

  return {
    password() {
      // Concurrent first calls share one request; a failed fetch is not cached.
      if (!cached) {
        const pending = fetch();
        cached = pending;
        pending.catch(() => {
          if (cached === pending) cached = undefined;
        });
      }
      return cached;
    },
    invalidate() {
      cached = undefined;
    },
    get fetches() {
      return fetches;
    },
  };
}
