import { Signer } from '@aws-sdk/rds-signer';
import type { PasswordSource } from './secrets';

/**
 * The payments function's database password: an IAM authentication token for its role, signed with the
 * function's own credentials (SigV4, no network call). A token is valid for 15 minutes and is only checked when a
 * connection is opened ("Connecting to your DB cluster using IAM authentication",
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/UsingWithRDS.IAMDBAuth.Connecting.html), so one is
 * reused for new connections while it has at least 5 minutes left, and signed again after.
 */
export const TOKEN_REUSE_MS = 10 * 60_000;

export interface IamTokenConfig {
  host: string;
  port: number;
  user: string;
  /** Unset: the SDK's region (Lambda's AWS_REGION). */
  region?: string;
}

/** Signs one token; the real one is the AWS SDK's, tests may count or fail it. */
export type TokenSigner = (config: IamTokenConfig) => Promise<string>;

export const sdkTokenSigner: TokenSigner = (config) =>
  new Signer({
    hostname: config.host,
    port: config.port,
    username: config.user,
    region: config.region,
  }).getAuthToken();

export function createIamTokenSource(
  config: IamTokenConfig,
  sign: TokenSigner = sdkTokenSigner,
  now: () => number = Date.now,
): PasswordSource {
  let cached: { token: Promise<string>; signedAt: number } | undefined;
  let fetches = 0;
  return {
    password() {
      if (!cached || now() - cached.signedAt >= TOKEN_REUSE_MS) {
        fetches += 1;
        const pending = { token: sign(config), signedAt: now() };
        cached = pending;
        // Concurrent first connections share one token; a failed signing is not kept.
        pending.token.catch(() => {
          if (cached === pending) cached = undefined;
        });
      }
      return cached.token;
    },
    invalidate() {
      cached = undefined;
    },
    get fetches() {
      return fetches;
    },
  };
}
