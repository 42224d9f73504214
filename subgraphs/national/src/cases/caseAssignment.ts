import type { Case, ConnectedCountry, Idempotency } from '@nordic/schema';
import type { DataSource } from 'typeorm';
import { runWriteTransaction } from '../audit/writeTransaction';
import { priorResult, recordResult, requestHashOf } from '../crossborder/idempotency';
import { assertListedOrganisation } from '../crossborder/organisationDirectory';
import type { CrossBorderCalls } from '../crossborder/remoteStep';
import { CaseRow } from './case.entity';
import { CaseStore } from './caseStore';

/**
 * Makes an organisation responsible for a case (the contract's `assignCase`), in one transaction with
 * its idempotency key: a retry with the same key changes nothing more. Null when there is no such case.
 * The organisation must be one the network directory lists for this country.
 */
export async function assignCase(
  dataSource: DataSource,
  country: ConnectedCountry,
  crossBorder: CrossBorderCalls,
  caseId: string,
  organisationId: string,
  idempotency: Idempotency,
): Promise<Case | null> {
  const operation = 'assignCase';
  const hash = requestHashOf({ caseId, organisationId });
  if (!(await priorResult(dataSource, operation, idempotency, hash)))
    await assertListedOrganisation(crossBorder, organisationId, country, 'organisationId');
  const done = await runWriteTransaction(dataSource, async (manager) => {
    if (await priorResult(manager, operation, idempotency, hash)) return true;
    const updated = await manager
      .getRepository(CaseRow)
      .update({ id: caseId }, { responsibleOrgId: organisationId });
    if (!updated.affected) return false;
    await recordResult(manager, operation, idempotency, hash, caseId);
    return true;
  });
  if (!done) return null;
  const [found] = await new CaseStore(dataSource, country).findCases([caseId]);
  return found ?? null;
}
