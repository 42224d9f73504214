import type { DataSource, EntityManager } from 'typeorm';
import { runWriteTransaction } from '../audit/writeTransaction';
import { splitCodes } from '../codeListColumns';
import { type LinkageKey, matchTokensOf } from './matchTokens';
import { MatchTokenRow } from './matchToken.entity';

/** Persons read per batch (keyset on case seq), so memory stays flat at a million cases. */
const BATCH = 2000;
/** Rows per INSERT: well under both databases' bound-parameter limits. */
const INSERT_CHUNK = 400;

export interface TokenRefresh {
  /** Tokens of another key version that were dropped. */
  removed: number;
  /** Tokens computed for persons that had none of the current version. */
  computed: number;
}

interface PersonRow {
  case_seq: number;
  family_name: string;
  given_names: string;
  birth_year_month: string | null;
  travel_document_number: string | null;
  citizenship: string;
}

/**
 * Brings the match tokens up to the configured key: drops tokens of any other key version (rotation)
 * and computes tokens for every person that has none of this version (a fresh seed, new cases, or the
 * rotation just done). One write transaction, so a reader sees the old tokens or the new, never a mix.
 * Persons without the fields a token needs are looked at again on the next start; that is cheap.
 */
export function refreshMatchTokens(dataSource: DataSource, key: LinkageKey): Promise<TokenRefresh> {
  return runWriteTransaction(dataSource, async (manager) => {
    const postgres = dataSource.options.type === 'postgres';
    const p = (n: number) => (postgres ? `$${n}` : '?');
    const deleted = (await manager
      .createQueryBuilder()
      .delete()
      .from(MatchTokenRow)
      .where('keyVersion <> :version', { version: key.version })
      .execute()) as { affected?: number | null };
    let computed = 0;
    let last = 0;
    for (;;) {
      const persons = (await manager.query(
        `SELECT p.case_seq, p.family_name, p.given_names, p.birth_year_month, p.travel_document_number, c.citizenship
           FROM person_identities p JOIN cases c ON c.seq = p.case_seq
          WHERE p.case_seq > ${p(1)}
            AND NOT EXISTS (SELECT 1 FROM match_tokens t WHERE t.case_seq = p.case_seq)
          ORDER BY p.case_seq LIMIT ${BATCH}`,
        [last],
      )) as PersonRow[];
      if (persons.length === 0) break;
      const rows: MatchTokenRow[] = [];
      for (const person of persons) {
        const caseSeq = Number(person.case_seq);
        const tokens = matchTokensOf(
          {
            familyName: person.family_name,
            givenNames: person.given_names,
            birthYearMonth: person.birth_year_month,
            travelDocumentNumber: person.travel_document_number,
            citizenship: splitCodes(person.citizenship),
          },
          key,
        );
        for (const token of tokens) rows.push({ caseSeq, ...token });
        last = caseSeq;
      }
      await insertTokens(manager, rows);
      computed += rows.length;
    }
    return { removed: deleted.affected ?? 0, computed };
  });
}

async function insertTokens(manager: EntityManager, rows: MatchTokenRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await manager
      .createQueryBuilder()
      .insert()
      .into(MatchTokenRow)
      .values(rows.slice(i, i + INSERT_CHUNK))
      .execute();
  }
}
