import { join } from 'node:path';
import madge from 'madge';

/*
 * No module imports itself through others (issue 15: the contract once imported in a loop, resolvers →
 * referral mutations → cross-border steps → resolvers). A loop makes load order matter and hides what
 * a module really depends on; type-only imports count too, since they still tie the modules' meaning.
 */
const root = join(__dirname, '..', '..');
const sources = [
  'schema/src',
  'subgraphs/common/src',
  'subgraphs/national/src',
  'subgraphs/network/src',
  'gateway/src',
  'conformance/src',
];

describe('the module graph', () => {
  it('has no import cycle in any workspace', async () => {
    const graph = await madge(
      sources.map((dir) => join(root, dir)),
      {
        baseDir: root,
        fileExtensions: ['ts'],
        tsConfig: join(root, 'tsconfig.json'),
        detectiveOptions: { ts: { skipTypeImports: false } },
      },
    );
    expect(graph.circular()).toEqual([]);
  });
});
