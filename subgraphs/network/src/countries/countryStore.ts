import DataLoader from 'dataloader';
import { type CountryRecord, NORDIC_COUNTRIES } from '@nordic/schema';
import { type DataSource, In, type Repository } from 'typeorm';
import { compareIds, inKeyOrder } from '../keyOrder';
import { CountryRow } from './country.entity';
import { countryFromRow } from './country.mapper';

function networkPosition(code: string): number {
  const position = (NORDIC_COUNTRIES as readonly string[]).indexOf(code);
  return position === -1 ? NORDIC_COUNTRIES.length : position;
}

/** FI, SE, NO, DK, IS, AX, FO, GL: the network's order, not the alphabet's. */
function inNetworkOrder(a: CountryRecord, b: CountryRecord): number {
  return networkPosition(a.code) - networkPosition(b.code) || compareIds(a.code, b.code);
}

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
    const countries = (await this.rows.find()).map(countryFromRow).sort(inNetworkOrder);
    for (const country of countries) this.byCode.prime(country.code, country);
    return countries;
  }

  countriesByCode(codes: readonly string[]): Promise<(CountryRecord | null)[]> {
    return Promise.all(codes.map((code) => this.byCode.load(code)));
  }
}
