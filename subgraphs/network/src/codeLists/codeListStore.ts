import DataLoader from 'dataloader';
import { allCodeLists, type CodeList, findCodeList, type NetworkLanguage } from '@nordic/schema';
import { type DataSource, In, type Repository } from 'typeorm';
import { CodeListLabelRow } from './codeListLabel.entity';
import { codeListLabelFromRow } from './codeListLabel.mapper';
import { countryName } from './countryNames';
import { localiseCodeList } from './localiseCodeList';

/** Country names come from ICU, not from the label table. */
const COUNTRY_CODE_LIST = 'CountryCode';

const countryCodeLists = new Map<NetworkLanguage, CodeList>();

function countryCodeList(lang: NetworkLanguage): CodeList | null {
  const definition = findCodeList(COUNTRY_CODE_LIST);
  if (!definition) return null;
  let list = countryCodeLists.get(lang);
  if (!list) {
    list = localiseCodeList(definition, lang, countryName);
    countryCodeLists.set(lang, list);
  }
  return list;
}

/**
 * The contract's code lists (names, descriptions, sources and values from `@nordic/schema`) with
 * labels from the store, for one request: the labels of several lists come from one query.
 */
export class CodeListStore {
  private readonly rows: Repository<CodeListLabelRow>;
  /** Per list: code → lang → text. */
  private readonly labelsOf: DataLoader<string, Map<string, Map<string, string>>>;

  constructor(dataSource: DataSource) {
    this.rows = dataSource.getRepository(CodeListLabelRow);
    this.labelsOf = new DataLoader(async (listNames) => {
      const byList = new Map(listNames.map((name) => [name, new Map<string, Map<string, string>>()]));
      for (const label of (await this.rows.findBy({ listName: In([...listNames]) })).map(
        codeListLabelFromRow,
      )) {
        const byCode = byList.get(label.listName) as Map<string, Map<string, string>>;
        const texts = byCode.get(label.code) ?? new Map<string, string>();
        texts.set(label.lang, label.text);
        byCode.set(label.code, texts);
      }
      return listNames.map((name) => byList.get(name) as Map<string, Map<string, string>>);
    });
  }

  async codeList(name: string, lang: NetworkLanguage): Promise<CodeList | null> {
    if (name === COUNTRY_CODE_LIST) return countryCodeList(lang);
    const definition = findCodeList(name);
    if (!definition) return null;
    const labels = await this.labelsOf.load(name);
    return localiseCodeList(definition, lang, (code, each) => labels.get(code)?.get(each));
  }

  async codeListNames(): Promise<string[]> {
    return allCodeLists().map((list) => list.name);
  }
}
