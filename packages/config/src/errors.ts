/**
 * The one error type of this package. Its message lists every problem on its own line as
 * `<key.path>: <problem> (got <value>; allowed <what>)`, so a bad `Pulumi.<env>.yaml` is fixed in one pass.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    message: string,
    /** Each problem as one line, without the header; tools can print or count them. */
    readonly problems: readonly string[] = [message],
  ) {
    super(message);
  }
}
