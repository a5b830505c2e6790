import { defaultSettings } from './defaults';
import { parseEnvironment, type StackDomain } from './environments';
import { ConfigError } from './errors';
import { formatIssues } from './issues';
import { deepFreeze, deepMerge, isPlainObject } from './objects';
import { type Settings, settingsSchema, stackProblems } from './schema';

export interface LoadOptions {
  /**
   * The stack loading the settings. Adds the checks only that stack needs (the alarm topic's subscriptions in
   * prod, for network); without it, only what every stack needs is checked.
   */
  domain?: StackDomain;
}

function invalid(env: string, problems: string[]): ConfigError {
  const header = `Invalid settings for environment '${env}' (${problems.length} problem${problems.length === 1 ? '' : 's'}):`;
  return new ConfigError([header, ...problems.map((p) => `  - ${p}`)].join('\n'), problems);
}

/**
 * The one loader: checks `env`, deep-merges `overrides` (a partial settings object; arrays replace)
 * over the code defaults, validates the result (and what `options.domain`'s stack needs), and returns it
 * frozen. Throws one {@link ConfigError} listing every problem found.
 */
export function loadSettings(env: string, overrides?: unknown, options: LoadOptions = {}): Settings {
  const environment = parseEnvironment(env);
  if (overrides !== undefined && overrides !== null && !isPlainObject(overrides)) {
    throw invalid(environment, [
      `overrides: expected an object of settings (got ${JSON.stringify(overrides)})`,
    ]);
  }
  // The stack is the environment (DESIGN-1): overrides may repeat it but never change it.
  if (isPlainObject(overrides) && overrides.env !== undefined && overrides.env !== environment) {
    throw invalid(environment, [
      `env: cannot be overridden (got ${JSON.stringify(overrides.env)}; allowed '${environment}', the stack's environment)`,
    ]);
  }

  const merged = deepMerge(defaultSettings(environment), overrides ?? undefined);
  const result = settingsSchema.safeParse(merged);
  if (!result.success) throw invalid(environment, formatIssues(settingsSchema, merged, result.error.issues));
  const problems = options.domain === undefined ? [] : stackProblems(result.data, options.domain);
  if (problems.length > 0) throw invalid(environment, problems);
  // zod returns fresh objects, so freezing never reaches into the caller's overrides.
  return deepFreeze(result.data);
}
