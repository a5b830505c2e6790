// Writes the peer table into packages/policies/README.md, formatted as the repository's Prettier formats it:
// `npm run readme -w packages/policies`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { policies } from '../policies';
import { peerTable, withPeerTable } from './peer-table';

async function main(): Promise<void> {
  const file = join(__dirname, '..', '..', 'README.md');
  const text = withPeerTable(readFileSync(file, 'utf8'), peerTable(policies));
  const options = (await resolveConfig(file)) ?? {};
  writeFileSync(file, await format(text, { ...options, filepath: file }));
  console.log(`wrote the peer table into ${file}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
