import { DirectiveLocation, GraphQLDirective, GraphQLNonNull, GraphQLString } from 'graphql';

/**
 * How the gateway's partition router sends a root field of a partitioned subgraph to countries.
 * Declared in the contract SDL with `@partition(route: …, argument: "…")`; the gateway reads it from
 * `schema/national.graphql` and `schema/crossborder.graphql`.
 */
export const PartitionRoute = {
  /** To the one country named by a `CountryCode!` argument. */
  ONE_COUNTRY: 'ONE_COUNTRY',
  /** To the country that owns the global id in an `ID!` argument. */
  OWNER_OF_ID: 'OWNER_OF_ID',
  /** To every country listed in a `[CountryCode!]` argument (all routed countries when absent); list results concatenated in network order. */
  SCATTER: 'SCATTER',
} as const;
export type PartitionRoute = (typeof PartitionRoute)[keyof typeof PartitionRoute];

export const partitionDirective = new GraphQLDirective({
  name: 'partition',
  description:
    'Routing of a root field of a partitioned subgraph: to one country (argument names a CountryCode), to the owner of an id (argument names an ID), or scattered over a list of countries.',
  locations: [DirectiveLocation.FIELD_DEFINITION],
  args: {
    route: {
      type: new GraphQLNonNull(GraphQLString),
      description:
        'ONE_COUNTRY, OWNER_OF_ID or SCATTER (a string, so that no routing type leaks into the composed API).',
    },
    argument: {
      type: new GraphQLNonNull(GraphQLString),
      description: 'The argument that names the country, id or countries.',
    },
  },
});

/** The directive usage for a type-graphql `@Directive(...)`. */
export function partition(route: PartitionRoute, argument: string): string {
  return `@partition(route: "${route}", argument: "${argument}")`;
}

export function isPartitionRoute(value: unknown): value is PartitionRoute {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(PartitionRoute, value);
}
