import type { CountryCode, OrganisationRecord, OrganisationType } from '@nordic/schema';
import { OrganisationRow } from './organisation.entity';

export function organisationFromRow(row: OrganisationRow): OrganisationRecord {
  return {
    id: row.id,
    country: row.country as CountryCode,
    name: row.name,
    nameLocal: row.nameLocal,
    type: row.type as OrganisationType,
    parentId: row.parentId,
  };
}

export function organisationToRow(record: OrganisationRecord): OrganisationRow {
  return Object.assign(new OrganisationRow(), {
    id: record.id,
    country: record.country,
    name: record.name,
    nameLocal: record.nameLocal,
    type: record.type,
    parentId: record.parentId,
  });
}
