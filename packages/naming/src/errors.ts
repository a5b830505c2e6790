/**
 * Thrown for any name, tag or stack path that breaks a rule. The message names the kind (or what was being
 * named), the offending value, the rule and its limit or allowed set, so it can be fixed without the docs.
 */
export class NamingError extends Error {
  override readonly name = 'NamingError';
}
