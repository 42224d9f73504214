import { registerEnumType } from 'type-graphql';

/** A controlled vocabulary of the Nordic contract, registered as a GraphQL enum. */
export interface CodeListDefinition {
  /** GraphQL enum name, e.g. `ExploitationForm`. */
  readonly name: string;
  /** What the list classifies. */
  readonly description: string;
  /** The standard the values come from (HTCDS, CTDC, Eurostat, Directive 2011/36, …). */
  readonly source: string;
  readonly values: readonly string[];
}

const registry = new Map<string, CodeListDefinition>();

/**
 * Declares a code list: returns an enum-like object (`Sex.FEMALE === 'FEMALE'`) and registers it
 * with type-graphql, with a description that names its source standard.
 */
export function codeList<const V extends readonly string[]>(
  name: string,
  values: V,
  meta: { description: string; source: string },
): { readonly [K in V[number]]: K } {
  if (registry.has(name)) throw new Error(`code list ${name} is declared twice`);
  const object = Object.fromEntries(values.map((v) => [v, v])) as { [K in V[number]]: K };
  registerEnumType(object, { name, description: `${meta.description} Source: ${meta.source}.` });
  registry.set(name, { name, description: meta.description, source: meta.source, values });
  return Object.freeze(object);
}

/** Every code list of the contract, in declaration order. */
export function allCodeLists(): CodeListDefinition[] {
  return [...registry.values()];
}

export function findCodeList(name: string): CodeListDefinition | undefined {
  return registry.get(name);
}
