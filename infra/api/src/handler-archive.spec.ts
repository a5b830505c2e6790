import * as pulumi from '@pulumi/pulumi';
import { runInNewContext } from 'node:vm';
import { HANDLER_ENTRYPOINT, handlerArchive, placeholderSource } from './handler-archive';
import type { HandlerKind } from './handler-environment';

type Handler = (event: unknown) => Promise<unknown>;

/** Loads a placeholder the way Lambda's Node.js runtime does: a CommonJS module exporting `handler`. */
function load(kind: HandlerKind): Handler {
  const module = { exports: {} as Record<string, Handler> };
  runInNewContext(placeholderSource(kind), { module, exports: module.exports, JSON });
  const handler = module.exports[HANDLER_ENTRYPOINT.split('.')[1] as string];
  if (!handler) throw new Error(`${kind} placeholder exports no handler`);
  return handler;
}

describe('handler placeholders', () => {
  it('answers every payments request with 503 not implemented', async () => {
    const response = (await load('payments')({ httpMethod: 'POST', path: '/payments' })) as {
      statusCode: number;
      headers: Record<string, string>;
      body: string;
    };
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toBe('application/json');
    expect(JSON.parse(response.body)).toEqual({ error: 'not implemented' });
  });

  it('applies no migration', async () => {
    expect(await load('migrations')({})).toEqual({ applied: [] });
  });

  it('packages the placeholder as index.js, the module the entrypoint names', async () => {
    const archive = handlerArchive('payments') as pulumi.asset.AssetArchive;
    const assets = await archive.assets;
    expect(Object.keys(assets)).toEqual([`${HANDLER_ENTRYPOINT.split('.')[0]}.js`]);
    expect(await (assets['index.js'] as pulumi.asset.StringAsset).text).toBe(placeholderSource('payments'));
  });
});
