import { CodeListLabelRow } from '../codeLists/codeListLabel.entity';
import { ContactPointRow } from '../contactPoints/contactPoint.entity';
import { CountryRow } from '../countries/country.entity';
import { OrganisationRow } from '../organisations/organisation.entity';

export const networkEntities = [CountryRow, OrganisationRow, ContactPointRow, CodeListLabelRow];
