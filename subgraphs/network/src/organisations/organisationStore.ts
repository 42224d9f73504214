import DataLoader from 'dataloader';
import type { CountryCode, OrganisationRecord, OrganisationType } from '@nordic/schema';
import { type DataSource, type FindOptionsWhere, In, type Repository } from 'typeorm';
import { compareIds, inKeyOrder } from '../keyOrder';
import { OrganisationRow } from './organisation.entity';
import { organisationFromRow } from './organisation.mapper';

export interface OrganisationFilter {
  country?: CountryCode;
  type?: OrganisationType;
}

/** The directory's organisations, for one request: lookups by id are batched into one query. */
export class OrganisationStore {
  private readonly rows: Repository<OrganisationRow>;
  private readonly byId: DataLoader<string, OrganisationRecord | null>;

  constructor(dataSource: DataSource) {
    this.rows = dataSource.getRepository(OrganisationRow);
    this.byId = new DataLoader(async (ids) => {
      const found = await this.rows.findBy({ id: In([...ids]) });
      return inKeyOrder(ids, found.map(organisationFromRow), (organisation) => organisation.id);
    });
  }

  async organisations(filter: OrganisationFilter): Promise<OrganisationRecord[]> {
    const where: FindOptionsWhere<OrganisationRow> = {};
    if (filter.country) where.country = filter.country;
    if (filter.type) where.type = filter.type;
    const organisations = (await this.rows.findBy(where)).map(organisationFromRow);
    organisations.sort((a, b) => compareIds(a.id, b.id));
    for (const organisation of organisations) this.byId.prime(organisation.id, organisation);
    return organisations;
  }

  organisationsById(ids: readonly string[]): Promise<(OrganisationRecord | null)[]> {
    return Promise.all(ids.map((id) => this.byId.load(id)));
  }
}
