import { z } from 'zod';
import { settingsSchema } from './schema';

/**
 * Dotted key paths `Pulumi.<env>.yaml` may set under `payments:overrides`; everything else is an error. Derived
 * from the settings schema: every leaf, where an array (`network.interfaceEndpoints`, `api.currencies`,
 * `alarms.subscriptions`, `exemptions`) is a leaf, replaced whole, not merged.
 * `env` is absent on purpose: the stack is the environment (DESIGN-1).
 *
 * ```yaml
 * config:
 *   payments:overrides:
 *     database:
 *       readers: 1
 *     alarms:
 *       subscriptions:
 *         - protocol: email
 *           endpoint: payments-oncall@yourcompany.com
 * ```
 */
export const OVERRIDABLE_KEYS: readonly string[] = Object.freeze(
  schemaLeaves(settingsSchema, '').filter((key) => key !== 'env'),
);

/** Dotted paths of a schema's leaves, in declaration order: into objects and every option of a union. */
function schemaLeaves(schema: z.ZodType, prefix: string): string[] {
  const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
  const options = inner instanceof z.ZodUnion ? (inner.options as readonly z.ZodType[]) : [inner];
  const objects = options.filter((option): option is z.ZodObject => option instanceof z.ZodObject);
  if (objects.length === 0) return [prefix];
  const paths = objects.flatMap((object) =>
    Object.entries(object.shape).flatMap(([key, child]) =>
      schemaLeaves(child as z.ZodType, prefix ? `${prefix}.${key}` : key),
    ),
  );
  return [...new Set(paths)];
}

/** The keys directly under `parent` ('' for the top level) that overrides may set. */
export function overridableChildren(parent: string): string[] {
  const prefix = parent === '' ? '' : `${parent}.`;
  const children = OVERRIDABLE_KEYS.filter((key) => key.startsWith(prefix)).map(
    (key) => key.slice(prefix.length).split('.')[0] as string,
  );
  return [...new Set(children)];
}
