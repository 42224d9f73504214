import type { QueryRunner } from 'typeorm';

/** Runs a migration's statements for the store's dialect, in order. */
export async function runDialectStatements(
  queryRunner: QueryRunner,
  statements: { sqlite: readonly string[]; postgres: readonly string[] },
): Promise<void> {
  const list = queryRunner.connection.options.type === 'postgres' ? statements.postgres : statements.sqlite;
  for (const statement of list) await queryRunner.query(statement);
}
