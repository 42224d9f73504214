import { t } from './i18n';

/** Errors that mean "this country did not answer" (the gateway names the country). */
export const COUNTRY_ERRORS = ['COUNTRY_UNAVAILABLE', 'COUNTRY_TIMEOUT', 'COUNTRY_SCHEMA_MISMATCH'];

/** Why a country did not answer, in words of the page's language (never the gateway's error code). */
export function reasonInWords(code: string): string {
  switch (code) {
    case 'COUNTRY_TIMEOUT':
      return t('reason.timeout');
    case 'COUNTRY_SCHEMA_MISMATCH':
      return t('reason.schemaMismatch');
    case 'COUNTRY_UNAVAILABLE':
      return t('reason.unavailable');
    default:
      return t('cell.noAnswer');
  }
}

/** One sentence per country that did not answer, said once above the views. */
export function downNotice(
  failed: ReadonlyMap<string, string>,
  selected: readonly string[],
  countryName: (code: string) => string,
): string {
  return [...failed.entries()]
    .filter(([code]) => selected.includes(code))
    .map(([code, reason]) => t('notice.down', { country: countryName(code), reason: reasonInWords(reason) }))
    .join(' ');
}
