/**
 * `npm run schema`: writes the contract SDL of each subgraph and the composed supergraph into
 * `schema/`. With `--check`, writes nothing and exits 1 when a checked-in file is stale.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { composeContract } from '../composition';
import { SUBGRAPH_NAMES, contractSdl } from '../subgraphs';

export const SCHEMA_DIR = join(__dirname, '..', '..');

export async function expectedSchemaFiles(): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of SUBGRAPH_NAMES) files[`${name}.graphql`] = await contractSdl(name);
  files['supergraph.graphql'] = (await composeContract()).supergraphSdl;
  return files;
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const stale: string[] = [];
  for (const [file, content] of Object.entries(await expectedSchemaFiles())) {
    const path = join(SCHEMA_DIR, file);
    const current = await readFile(path, 'utf8').catch(() => null);
    if (current === content) continue;
    if (check) stale.push(file);
    else {
      await writeFile(path, content);
      console.log(`wrote schema/${file}`);
    }
  }
  if (check && stale.length > 0) {
    console.error(
      `stale: ${stale.map((f) => `schema/${f}`).join(', ')}; run \`npm run schema\` and commit the result.`,
    );
    process.exit(1);
  }
  if (check) console.log('schema files are up to date');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
