import {
  type CodeList,
  type CodeListDefinition,
  NETWORK_LANGUAGES,
  type NetworkLanguage,
} from '@nordic/schema';

/** Looks up the text of one value in one language; undefined when there is none. */
export type LabelLookup = (code: string, lang: NetworkLanguage) => string | undefined;

/**
 * A code list of the contract with a label for every value in every network language. A missing
 * label falls back to English, then to the code itself, so a value added to the contract before its
 * translations still shows.
 */
export function localiseCodeList(
  definition: CodeListDefinition,
  lang: NetworkLanguage,
  textOf: LabelLookup,
): CodeList {
  return {
    name: definition.name,
    description: definition.description,
    source: definition.source,
    values: definition.values.map((code) => {
      const labels = NETWORK_LANGUAGES.map((each) => ({
        lang: each,
        text: textOf(code, each) ?? textOf(code, 'en') ?? code,
      }));
      const label = labels.find((each) => each.lang === lang)?.text ?? code;
      return { code, label, labels };
    }),
  };
}
