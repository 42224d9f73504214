import type { ContactPointRecord, ContactRole, SecureChannel } from '@nordic/schema';
import { ContactPointRow } from './contactPoint.entity';

export function contactPointFromRow(row: ContactPointRow): ContactPointRecord {
  return {
    id: row.id,
    organisationId: row.organisationId,
    role: row.role as ContactRole,
    functionalEmail: row.functionalEmail,
    phone: row.phone,
    languages: row.languages === '' ? [] : row.languages.split(','),
    availability: row.availability,
    secureChannel: row.secureChannel as SecureChannel,
  };
}

export function contactPointToRow(record: ContactPointRecord): ContactPointRow {
  return Object.assign(new ContactPointRow(), {
    id: record.id,
    organisationId: record.organisationId,
    role: record.role,
    functionalEmail: record.functionalEmail,
    phone: record.phone,
    languages: record.languages.join(','),
    availability: record.availability,
    secureChannel: record.secureChannel,
  });
}
