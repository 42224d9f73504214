import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { caseRecordSchema } from '../caseRecords/caseRecordSchema';
import { REPO_ROOT } from '../config';

/** Where the docs publish the interchange format's JSON Schema. */
export const CASE_RECORD_SCHEMA_FILE = join(REPO_ROOT, 'docs', 'case-record.schema.json');

/**
 * The JSON Schema of one case record (a JSON Lines line; a CSV row once mapped), generated from the zod
 * schema the API and the import validate with, so the docs cannot drift from the code.
 */
export function caseRecordJsonSchema(): string {
  const schema = z.toJSONSchema(caseRecordSchema, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify(
    {
      ...schema,
      $id: 'https://nordic-thb.example/schemas/case-record.schema.json',
      title: 'Case record (interchange format of the Nordic anti-trafficking network)',
      description:
        'One case of a national import file, or its deletion ({"sourceReference": …, "deleted": true}). Field names follow HTCDS where it has them; see docs/national-teams.md "Importing your cases".',
    },
    null,
    2,
  )}\n`;
}

// `node subgraphs/national/dist/import/caseRecordJsonSchema.js` rewrites the docs' copy.
if (require.main === module) {
  writeFileSync(CASE_RECORD_SCHEMA_FILE, caseRecordJsonSchema());
  console.log(`wrote ${CASE_RECORD_SCHEMA_FILE}`);
}
