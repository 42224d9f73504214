import type { CountryCode, CountryRecord } from '@nordic/schema';
import { CountryRow } from './country.entity';

export function countryFromRow(row: CountryRow): CountryRecord {
  return {
    code: row.code as CountryCode,
    name: row.name,
    nameLocal: row.nameLocal,
    euMember: row.euMember,
    boundByDirective2011_36: row.boundByDirective2011_36,
    coeConventionParty: row.coeConventionParty,
    connected: row.connected,
    nationalCoordinatorId: row.nationalCoordinatorId,
    nationalRapporteurId: row.nationalRapporteurId,
    assistanceSystemId: row.assistanceSystemId,
  };
}

export function countryToRow(record: CountryRecord): CountryRow {
  return Object.assign(new CountryRow(), {
    code: record.code,
    name: record.name,
    nameLocal: record.nameLocal,
    euMember: record.euMember,
    boundByDirective2011_36: record.boundByDirective2011_36,
    coeConventionParty: record.coeConventionParty,
    connected: record.connected,
    nationalCoordinatorId: record.nationalCoordinatorId,
    nationalRapporteurId: record.nationalRapporteurId,
    assistanceSystemId: record.assistanceSystemId,
  });
}
