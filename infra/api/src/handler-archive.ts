import * as pulumi from '@pulumi/pulumi';
import type { HandlerKind } from './handler-environment';

// PLACEHOLDER: the real handlers (request handling, audit writes, schema migrations) come with the handler
// issue, which replaces this file's archive with the bundled build output. Until then every function runs
// the small sources below, so the infrastructure around them can be deployed and reviewed on its own.

/** Module and export Lambda invokes in the archive. */
export const HANDLER_ENTRYPOINT = 'index.handler';

const PLACEHOLDER_SOURCES: Record<HandlerKind, string> = {
  payments: `'use strict';
// Placeholder until the payments handler is deployed: every route answers 503.
exports.handler = async () => ({
  statusCode: 503,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ error: 'not implemented' }),
});
`,
  migrations: `'use strict';
// Placeholder until the schema migrations are deployed: applies nothing.
exports.handler = async () => ({ applied: [] });
`,
};

/** The JavaScript source of a placeholder function (exported for its tests). */
export function placeholderSource(kind: HandlerKind): string {
  return PLACEHOLDER_SOURCES[kind];
}

/** The code artifact of a function; the one place the handler issue changes to ship the real handlers. */
export function handlerArchive(kind: HandlerKind): pulumi.asset.Archive {
  return new pulumi.asset.AssetArchive({ 'index.js': new pulumi.asset.StringAsset(placeholderSource(kind)) });
}
