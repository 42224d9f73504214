import type { NetworkLanguage } from '@nordic/schema';

const displayNames = new Map<NetworkLanguage, Intl.DisplayNames>();

/** A country's name in a network language, from ICU's CLDR data (Node ships full ICU); the code if unknown. */
export function countryName(code: string, lang: NetworkLanguage): string {
  let names = displayNames.get(lang);
  if (!names) {
    names = new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' });
    displayNames.set(lang, names);
  }
  return names.of(code) ?? code;
}
