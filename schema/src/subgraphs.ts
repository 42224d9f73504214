import 'reflect-metadata';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { type GraphQLSchema, defaultFieldResolver, isObjectType, parse } from 'graphql';
import { buildSchema, createResolversMap } from 'type-graphql';
import {
  crossborderResolvers,
  readCaseLink,
  readCrossBorderCase,
  readCrossBorderReferral,
} from './crossborder/resolvers';
import { CaseLink } from './crossborder/types';
import type { NationalContext } from './national/context';
import { assertOwnCountry } from './national/ownership';
import { isPersonLevelType, isReleased, refuseUnreleased } from './national/enforcement';
import { fieldScopeChecker } from './national/fieldScope';
import { nationalResolvers, readCase, readReferral } from './national/resolvers';
import { NationalCountry } from './national/country.types';
import type { NetworkContext } from './network/port';
import { networkResolvers } from './network/resolvers';
import { MatchLookupResolver } from './matching/matchLookupResolver';
import { MatchPersonResolver } from './matching/matchPersonResolver';
import { MatchReviewResolver } from './matching/matchReviewResolver';
import { CaseAssignmentResolver } from './national/caseAssignment';
import { CaseWriteResolver } from './national/caseWrites';
import { partitionDirective } from './partition';
import { DateTimeScalar } from './scalars/dateTime';

/** The three logical subgraphs of the supergraph. `national` and `crossborder` are partitioned by country. */
export const SUBGRAPH_NAMES = ['network', 'national', 'crossborder'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];
export const PARTITIONED_SUBGRAPHS: readonly SubgraphName[] = ['national', 'crossborder'];

const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@external", "@requires"])';

async function typeGraphqlSchema(name: SubgraphName): Promise<GraphQLSchema> {
  switch (name) {
    case 'network':
      return buildSchema({
        resolvers: [...networkResolvers],
        // type-graphql asks for a checker whenever any contract field is scoped; the network's fields
        // are not, so a scoped field reaching it would be a mistake: fail closed.
        authChecker: () => false,
        scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
        validate: false,
      });
    case 'national':
      return buildSchema({
        resolvers: [
          ...nationalResolvers,
          CaseAssignmentResolver,
          CaseWriteResolver,
          MatchPersonResolver,
          MatchReviewResolver,
        ],
        orphanedTypes: [NationalCountry],
        authChecker: fieldScopeChecker,
        scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
        directives: [partitionDirective],
        validate: false,
      });
    case 'crossborder':
      return buildSchema({
        resolvers: [...crossborderResolvers, MatchLookupResolver],
        orphanedTypes: [CaseLink],
        authChecker: fieldScopeChecker,
        scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
        directives: [partitionDirective],
        validate: false,
      });
  }
}

const cache = new Map<SubgraphName, Promise<{ sdl: string; schema: GraphQLSchema }>>();

function contract(name: SubgraphName): Promise<{ sdl: string; schema: GraphQLSchema }> {
  let entry = cache.get(name);
  if (!entry) {
    entry = typeGraphqlSchema(name).then((schema) => ({
      schema,
      sdl: `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(schema)}\n`,
    }));
    cache.set(name, entry);
  }
  return entry;
}

/** The contract SDL of a subgraph, exactly as `npm run schema` writes it to `schema/<name>.graphql`. */
export async function contractSdl(name: SubgraphName): Promise<string> {
  return (await contract(name)).sdl;
}

type Representation = Record<string, unknown> & { __typename: string };

// Every reference resolver is async: @apollo/subgraph maps representations synchronously, so a
// synchronous throw would fail the whole _entities list instead of just that representation.

function referenceResolvers(name: SubgraphName): GraphQLResolverMap<unknown> {
  switch (name) {
    case 'national':
      return {
        Case: {
          __resolveReference(ref: Representation, context: NationalContext) {
            return readCase(context, String(ref.id));
          },
        },
        Referral: {
          __resolveReference(ref: Representation, context: NationalContext) {
            return readReferral(context, String(ref.id));
          },
        },
        Country: {
          async __resolveReference(ref: Representation, context: NationalContext) {
            assertOwnCountry(context, String(ref.code), 'Country');
            return { code: ref.code };
          },
        },
      };
    case 'crossborder':
      return {
        // The same enforcement point as on /graphql: the record's relation to the caller, then audit.
        Case: {
          __resolveReference(ref: Representation, context: NationalContext) {
            return readCrossBorderCase(context, String(ref.id));
          },
        },
        Referral: {
          __resolveReference(ref: Representation, context: NationalContext) {
            return readCrossBorderReferral(context, String(ref.id));
          },
        },
        CaseLink: {
          __resolveReference(ref: Representation, context: NationalContext) {
            return readCaseLink(context, String(ref.id));
          },
        },
      };
    case 'network':
      return {
        Country: {
          async __resolveReference(ref: Representation, context: NetworkContext) {
            const [found] = await context.network.countriesByCode([String(ref.code)]);
            return found;
          },
        },
        Organisation: {
          async __resolveReference(ref: Representation, context: NetworkContext) {
            const [found] = await context.network.organisationsById([String(ref.id)]);
            return found;
          },
        },
        ContactPoint: {
          async __resolveReference(ref: Representation, context: NetworkContext) {
            const [found] = await context.network.contactPointsById([String(ref.id)]);
            return found;
          },
        },
      };
  }
}

/**
 * An executable Federation 2 subgraph schema serving the contract: the contract's resolvers over the
 * port the service puts in its context. Its `_service { sdl }` is the contract SDL.
 */
export async function buildContractSubgraph(name: SubgraphName): Promise<GraphQLSchema> {
  const { schema, sdl } = await contract(name);
  const resolvers = { ...(createResolversMap(schema) as GraphQLResolverMap<unknown>) };
  for (const [typeName, extra] of Object.entries(referenceResolvers(name))) {
    resolvers[typeName] = {
      ...(resolvers[typeName] as object),
      ...(extra as object),
    } as GraphQLResolverMap<unknown>[string];
  }
  const subgraph = buildSubgraphSchema({ typeDefs: parse(sdl), resolvers });
  if (name !== 'network') guardPersonLevelTypes(subgraph);
  return subgraph;
}

/**
 * The fail-closed net under the enforcement point (national/enforcement.ts): every field of every
 * person-level type (Case, Referral, CaseLink, MatchReview, AuditEvent) answers only for an object the
 * enforcement point released in this request — whichever root field, entity reference, nested field or
 * mutation produced it. A new field or entry path that skips the policy check gets FORBIDDEN, audited.
 */
export function guardPersonLevelTypes(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || !isPersonLevelType(type.name)) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context: NationalContext, info) => {
        if (!isReleased(context, source)) refuseUnreleased(context, type.name, field.name, source);
        return resolve(source, args, context, info);
      };
    }
  }
}
