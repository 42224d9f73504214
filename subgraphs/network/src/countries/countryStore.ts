import DataLoader from 'dataloader';
import { type CountryRecord, inNetworkOrder } from '@nordic/schema';
import { type DataSource, In, type Repository } from 'typeorm';
import { inKeyOrder } from '../keyOrder';
import { CountryRow } from './country.entity';
import { countryFromRow } from './country.mapper';

/** The directory's countries, for one request: lookups by code are batched into one query. */
export class CountryStore {
  private readonly rows: Repository<CountryRow>;
  private readonly byCode: DataLoader<string, CountryRecord | null>;

  constructor(dataSource: DataSource) {
    this.rows = dataSource.getRepository(CountryRow);
    this.byCode = new DataLoader(async (codes) => {
      const found = await this.rows.findBy({ code: In([...codes]) });
      return inKeyOrder(codes, found.map(countryFromRow), (country) => country.code);
    });
  }

  async countries(): Promise<CountryRecord[]> {
    // FI, SE, NO, DK, IS, AX, FO, GL, then any member that joined later: the network's order.
    const found = new Map((await this.rows.find()).map((row) => [row.code, countryFromRow(row)]));
    const countries = inNetworkOrder(found.keys()).map((code) => found.get(code) as CountryRecord);
    for (const country of countries) this.byCode.prime(country.code, country);
    return countries;
  }

  countriesByCode(codes: readonly string[]): Promise<(CountryRecord | null)[]> {
    return Promise.all(codes.map((code) => this.byCode.load(code)));
  }
}
