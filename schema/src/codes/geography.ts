import { codeList } from './codeList';

/** ISO 3166-1 alpha-2, officially assigned codes. */
const ISO_3166_1_ALPHA_2 = [
  'AD', 'AE', 'AF', 'AG', 'AI', 'AL', 'AM', 'AO', 'AQ', 'AR', 'AS', 'AT', 'AU', 'AW', 'AX', 'AZ',
  'BA', 'BB', 'BD', 'BE', 'BF', 'BG', 'BH', 'BI', 'BJ', 'BL', 'BM', 'BN', 'BO', 'BQ', 'BR', 'BS',
  'BT', 'BV', 'BW', 'BY', 'BZ', 'CA', 'CC', 'CD', 'CF', 'CG', 'CH', 'CI', 'CK', 'CL', 'CM', 'CN',
  'CO', 'CR', 'CU', 'CV', 'CW', 'CX', 'CY', 'CZ', 'DE', 'DJ', 'DK', 'DM', 'DO', 'DZ', 'EC', 'EE',
  'EG', 'EH', 'ER', 'ES', 'ET', 'FI', 'FJ', 'FK', 'FM', 'FO', 'FR', 'GA', 'GB', 'GD', 'GE', 'GF',
  'GG', 'GH', 'GI', 'GL', 'GM', 'GN', 'GP', 'GQ', 'GR', 'GS', 'GT', 'GU', 'GW', 'GY', 'HK', 'HM',
  'HN', 'HR', 'HT', 'HU', 'ID', 'IE', 'IL', 'IM', 'IN', 'IO', 'IQ', 'IR', 'IS', 'IT', 'JE', 'JM',
  'JO', 'JP', 'KE', 'KG', 'KH', 'KI', 'KM', 'KN', 'KP', 'KR', 'KW', 'KY', 'KZ', 'LA', 'LB', 'LC',
  'LI', 'LK', 'LR', 'LS', 'LT', 'LU', 'LV', 'LY', 'MA', 'MC', 'MD', 'ME', 'MF', 'MG', 'MH', 'MK',
  'ML', 'MM', 'MN', 'MO', 'MP', 'MQ', 'MR', 'MS', 'MT', 'MU', 'MV', 'MW', 'MX', 'MY', 'MZ', 'NA',
  'NC', 'NE', 'NF', 'NG', 'NI', 'NL', 'NO', 'NP', 'NR', 'NU', 'NZ', 'OM', 'PA', 'PE', 'PF', 'PG',
  'PH', 'PK', 'PL', 'PM', 'PN', 'PR', 'PS', 'PT', 'PW', 'PY', 'QA', 'RE', 'RO', 'RS', 'RU', 'RW',
  'SA', 'SB', 'SC', 'SD', 'SE', 'SG', 'SH', 'SI', 'SJ', 'SK', 'SL', 'SM', 'SN', 'SO', 'SR', 'SS',
  'ST', 'SV', 'SX', 'SY', 'SZ', 'TC', 'TD', 'TF', 'TG', 'TH', 'TJ', 'TK', 'TL', 'TM', 'TN', 'TO',
  'TR', 'TT', 'TV', 'TW', 'TZ', 'UA', 'UG', 'UM', 'US', 'UY', 'UZ', 'VA', 'VC', 'VE', 'VG', 'VI',
  'VN', 'VU', 'WF', 'WS', 'YE', 'YT', 'ZA', 'ZM', 'ZW',
] as const;

export const CountryCode = codeList('CountryCode', ISO_3166_1_ALPHA_2, {
  description:
    'A country or territory. The network members are FI, SE, NO, DK and IS; AX, FO and GL are directory entries; every other code appears as citizenship or as the place of a trafficking event.',
  source: 'ISO 3166-1 alpha-2 (as used by HTCDS prs_Citizenship)',
});
export type CountryCode = (typeof CountryCode)[keyof typeof CountryCode];

/** The eight Nordic directory entries, in the network's stable order. */
export const NORDIC_COUNTRIES = ['FI', 'SE', 'NO', 'DK', 'IS', 'AX', 'FO', 'GL'] as const;
export type NordicCountry = (typeof NORDIC_COUNTRIES)[number];

/** The countries that run a national service of their own (AX, FO and GL are directory entries only). */
export const CONNECTED_COUNTRIES = ['FI', 'SE', 'NO', 'DK', 'IS'] as const;
export type ConnectedCountry = (typeof CONNECTED_COUNTRIES)[number];

/** EU member states (2026), for Eurostat's citizenship grouping. */
export const EU_MEMBER_STATES: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV',
  'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'AX',
]);

export function isCountryCode(value: string): value is CountryCode {
  return Object.prototype.hasOwnProperty.call(CountryCode, value);
}

export function isNordicCountry(value: string): value is NordicCountry {
  return (NORDIC_COUNTRIES as readonly string[]).includes(value);
}

export function isConnectedCountry(value: string): value is ConnectedCountry {
  return (CONNECTED_COUNTRIES as readonly string[]).includes(value);
}
