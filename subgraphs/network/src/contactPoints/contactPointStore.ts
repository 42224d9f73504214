import DataLoader from 'dataloader';
import type { ContactPointRecord, ContactRole, CountryCode } from '@nordic/schema';
import { type DataSource, In, type Repository } from 'typeorm';
import { compareIds, inKeyOrder } from '../keyOrder';
import { OrganisationRow } from '../organisations/organisation.entity';
import { ContactPointRow } from './contactPoint.entity';
import { contactPointFromRow } from './contactPoint.mapper';

export interface ContactPointFilter {
  country?: CountryCode;
  role?: ContactRole;
}

type Located = { record: ContactPointRecord; country: string };

function distinct<T>(values: (T | undefined)[]): T[] | null {
  // One filter without the field means the batch needs every value of it.
  if (values.some((value) => value === undefined)) return null;
  return [...new Set(values as T[])];
}

/**
 * The directory's contact points, for one request. A contact point's country is its organisation's.
 * Lookups by id are batched into one query, and so are lists by filter: `countries { contactPoints }`
 * asks for eight countries' lists and gets them from one query.
 */
export class ContactPointStore {
  private readonly rows: Repository<ContactPointRow>;
  private readonly byId: DataLoader<string, ContactPointRecord | null>;
  private readonly byFilter: DataLoader<ContactPointFilter, ContactPointRecord[], string>;

  constructor(dataSource: DataSource) {
    this.rows = dataSource.getRepository(ContactPointRow);
    this.byId = new DataLoader(async (ids) => {
      const found = await this.rows.findBy({ id: In([...ids]) });
      return inKeyOrder(ids, found.map(contactPointFromRow), (contactPoint) => contactPoint.id);
    });
    this.byFilter = new DataLoader((filters) => this.loadFiltered(filters), {
      cacheKeyFn: (filter) => `${filter.country ?? '*'}/${filter.role ?? '*'}`,
    });
  }

  private async loadFiltered(filters: readonly ContactPointFilter[]): Promise<ContactPointRecord[][]> {
    const countries = distinct(filters.map((filter) => filter.country));
    const roles = distinct(filters.map((filter) => filter.role));
    const query = this.rows
      .createQueryBuilder('cp')
      .innerJoin(OrganisationRow, 'o', 'o.id = cp.organisationId')
      .addSelect('o.country', 'organisation_country');
    if (countries) query.andWhere('o.country IN (:...countries)', { countries });
    if (roles) query.andWhere('cp.role IN (:...roles)', { roles });
    const { entities, raw } = await query.getRawAndEntities<{
      cp_id: string;
      organisation_country: string;
    }>();
    const countryOf = new Map(raw.map((row) => [row.cp_id, row.organisation_country]));
    const located: Located[] = entities
      .map((row) => ({ record: contactPointFromRow(row), country: countryOf.get(row.id) as string }))
      .sort((a, b) => compareIds(a.record.id, b.record.id));
    for (const { record } of located) this.byId.prime(record.id, record);
    return filters.map((filter) =>
      located
        .filter(
          ({ record, country }) =>
            (!filter.country || country === filter.country) && (!filter.role || record.role === filter.role),
        )
        .map(({ record }) => record),
    );
  }

  contactPoints(filter: ContactPointFilter): Promise<ContactPointRecord[]> {
    return this.byFilter.load({ country: filter.country, role: filter.role });
  }

  contactPointsById(ids: readonly string[]): Promise<(ContactPointRecord | null)[]> {
    return Promise.all(ids.map((id) => this.byId.load(id)));
  }
}
