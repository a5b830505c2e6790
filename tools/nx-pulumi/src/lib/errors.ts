import { ConfigError } from '@payments/config';
import { NamingError } from '@payments/naming';
import { CommandFailedError, CommandNotFoundError, InterruptedError } from '@payments/processes';

/** A failure the user can fix from its one-line message: printed without a stack trace. */
export class NxPulumiError extends Error {
  override readonly name = 'NxPulumiError';
}

/**
 * Errors whose message is the whole story (bad input, bad config, a missing program, an interruption); anything
 * else is a bug and keeps its stack.
 */
export function isUserError(error: unknown): error is Error {
  return (
    error instanceof NxPulumiError ||
    error instanceof ConfigError ||
    error instanceof NamingError ||
    error instanceof CommandNotFoundError ||
    error instanceof CommandFailedError ||
    error instanceof InterruptedError
  );
}
