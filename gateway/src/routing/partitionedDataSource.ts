import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { type GraphQLFormattedError, valueFromASTUntyped } from 'graphql';
import { GatewayErrorCode } from '../errors';
import {
  CountryClient,
  CountryFailure,
  type GraphqlBody,
  type GraphqlResult,
  type PartitionedSubgraph,
} from '../countries/countryClient';
import type { CountryRegistry, Refusal } from '../countries/countryRegistry';
import {
  type AnalysedOperation,
  analyseOperation,
  restrictToRootFields,
  type RootField,
} from './analyseOperation';
import type { CountryFetch, FetchHandler, IncomingHeaders } from '../transport/countryFetch';
import { representationOwner } from './representationOwner';
import type { FieldRoute, RouteTable } from './routeTable';
import type { Principal } from '@nordic/subgraph-common';

type Variables = Record<string, unknown>;

/** What every country call of one planner fetch shares. */
interface FetchCall {
  incoming: IncomingHeaders | undefined;
  /** When the client stops waiting (its `x-time-budget-ms`), or null: no country call outlasts it. */
  deadline: number | null;
  requestingCountry: string | null;
  /** The verified caller (null for a data-free operation). */
  caller: Principal | null;
}
type FormattedError = GraphQLFormattedError & { extensions?: Record<string, unknown> };

function refusalError(
  country: string,
  refusal: Refusal | CountryFailure,
  path?: (string | number)[],
): FormattedError {
  return { message: refusal.message, ...(path ? { path } : {}), extensions: { code: refusal.code, country } };
}

/** A country's own error, kept as it said it, with `extensions.country` and its path moved to the merged position. */
function countryError(
  country: string,
  error: NonNullable<GraphqlResult['errors']>[number],
  path?: (string | number)[],
): FormattedError {
  return {
    message: error.message,
    ...((path ?? error.path) ? { path: path ?? error.path } : {}),
    extensions: {
      ...(error.extensions ?? {}),
      code: error.extensions?.code ?? 'INTERNAL_SERVER_ERROR',
      country,
    },
  };
}

/**
 * The data source of a partitioned subgraph (`national` or `crossborder`) under the stock Apollo query
 * planner. The planner plans as if there were one subgraph; this sends each fetch to the countries
 * that own the data and puts their answers back together:
 * - entity fetches: each representation to its owner, one request per country, results in the
 *   original order;
 * - root fields: as the contract's `@partition` declares (one country, owner of an id, or scatter);
 * - a failed, slow or excluded country costs only its own part, with one error naming it.
 */
export class PartitionedDataSource implements GraphQLDataSource<Record<string, unknown>> {
  constructor(
    private readonly subgraph: PartitionedSubgraph,
    private readonly routes: RouteTable,
    private readonly countries: CountryRegistry,
    /** How a country fetch is made (gateway/src/transport): headers, budget, breaker, tracing, logs. */
    private readonly transport: FetchHandler,
    /** Hears, per entity fetch, how many representations the planner sent and how many distinct ones went on. */
    private readonly onRepresentations: (
      subgraph: PartitionedSubgraph,
      planned: number,
      sent: number,
    ) => void = () => undefined,
  ) {}

  /** One country fetch through the transport; a refused country (not connected, out of routing) is logged there too. */
  private send(
    country: string,
    client: CountryClient | Refusal,
    body: GraphqlBody,
    call: FetchCall,
    isMutation: boolean,
    route: CountryFetch['route'],
  ): Promise<GraphqlResult> {
    return this.transport({
      client,
      country,
      subgraph: this.subgraph,
      body,
      isMutation,
      caller: call.caller,
      incoming: call.incoming,
      deadline: call.deadline,
      route,
      headers: {},
      timeoutMs: client instanceof CountryClient ? client.endpoints.timeoutMs : 0,
      byBudget: false,
    });
  }

  async process(
    options: GraphQLDataSourceProcessOptions<Record<string, unknown>>,
  ): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    const query = request.query;
    if (!query) return { errors: [{ message: 'empty fetch from the query planner' }] };
    const planned = 'document' in options ? options.document : undefined;
    const analysed = analyseOperation(query, request.operationName, planned);
    const incoming =
      'incomingRequestContext' in options
        ? options.incomingRequestContext?.request?.http?.headers
        : undefined;
    const context = options.context as { caller?: Principal | null; deadline?: number | null };
    const call: FetchCall = {
      incoming,
      deadline: context.deadline ?? null,
      requestingCountry: context.caller?.country ?? null,
      caller: context.caller ?? null,
    };
    const variables = (request.variables ?? {}) as Variables;
    if (analysed.isEntities) return this.entities(analysed, query, variables, request.operationName, call);
    return this.rootFields(analysed, variables, request.operationName, call);
  }

  private async entities(
    analysed: AnalysedOperation,
    query: string,
    variables: Variables,
    operationName: string | null | undefined,
    call: FetchCall,
  ): Promise<GatewayGraphQLResponse> {
    const representations = (variables.representations ?? []) as Record<string, unknown>[];
    const results: unknown[] = new Array(representations.length).fill(null);
    const errors: FormattedError[] = [];

    // Deduplicate (the planner repeats keys), then group the distinct ones by owner.
    const distinct = new Map<string, { representation: Record<string, unknown>; positions: number[] }>();
    representations.forEach((representation, position) => {
      const key = JSON.stringify(representation);
      const entry = distinct.get(key);
      if (entry) entry.positions.push(position);
      else distinct.set(key, { representation, positions: [position] });
    });
    this.onRepresentations(this.subgraph, representations.length, distinct.size);
    const byCountry = new Map<string, { representation: Record<string, unknown>; positions: number[] }[]>();
    for (const entry of distinct.values()) {
      const owner = representationOwner(entry.representation);
      if (!owner) {
        errors.push({
          message: `Cannot route ${String(entry.representation.__typename)} ${JSON.stringify(entry.representation.id ?? entry.representation.code)}: its key names no country.`,
          path: ['_entities', entry.positions[0] as number],
          extensions: { code: GatewayErrorCode.UNROUTABLE },
        });
        continue;
      }
      const list = byCountry.get(owner) ?? [];
      list.push(entry);
      byCountry.set(owner, list);
    }

    await Promise.all(
      [...byCountry.entries()].map(async ([country, entries]) => {
        const firstPath = ['_entities', entries[0]?.positions[0] as number];
        const client = this.countries.client(country);
        try {
          const answer = await this.send(
            country,
            client,
            {
              query,
              operationName,
              variables: { ...variables, representations: entries.map((e) => e.representation) },
            },
            call,
            false,
            {
              kind: 'entities',
              fields: [],
              representations: entries.length,
              requestingCountry: call.requestingCountry,
            },
          );
          const entities = (answer.data?._entities ?? []) as unknown[];
          entries.forEach((entry, i) => {
            for (const position of entry.positions) results[position] = entities[i] ?? null;
          });
          for (const error of answer.errors ?? []) {
            const [head, index, ...rest] = error.path ?? [];
            const entry = head === '_entities' && typeof index === 'number' ? entries[index] : undefined;
            if (entry)
              for (const position of entry.positions)
                errors.push(countryError(country, error, ['_entities', position, ...rest]));
            else errors.push(countryError(country, error));
          }
        } catch (failure) {
          if (!(failure instanceof CountryFailure)) throw failure;
          errors.push(refusalError(country, failure, firstPath));
        }
      }),
    );
    const data: Record<string, unknown> = { _entities: results };
    for (const field of analysed.rootFields)
      if (field.fieldName === '__typename') data[field.responseKey] = 'Query';
    return errors.length > 0 ? { data, errors } : { data };
  }

  /** Which countries a root field goes to, from its declared route and its arguments. */
  private targets(
    field: RootField,
    route: FieldRoute,
    variables: Variables,
  ): { countries: string[]; problem?: string } {
    const argument = field.node.arguments?.find((a) => a.name.value === route.argument);
    const value = argument ? valueFromASTUntyped(argument.value, variables) : undefined;
    switch (route.route) {
      case 'SCATTER':
        if (value === undefined || value === null) return { countries: this.countries.codes };
        return { countries: orderCountries([...new Set(value as string[])], this.countries.codes) };
      case 'ONE_COUNTRY':
        return typeof value === 'string'
          ? { countries: [value] }
          : { countries: [], problem: `needs ${route.argument}` };
      case 'OWNER_OF_ID': {
        const owner = typeof value === 'string' ? representationOwner({ id: value }) : null;
        return owner
          ? { countries: [owner] }
          : {
              countries: [],
              problem: `"${String(value)}" is not a global id that names its country (e.g. "FI:Case:2025-000042")`,
            };
      }
    }
  }

  private async rootFields(
    analysed: AnalysedOperation,
    variables: Variables,
    operationName: string | null | undefined,
    call: FetchCall,
  ): Promise<GatewayGraphQLResponse> {
    const isMutation = analysed.operation.operation === 'mutation';
    const table = isMutation ? this.routes.mutation : this.routes.query;
    const data: Record<string, unknown> = {};
    const errors: FormattedError[] = [];
    const fieldsByCountry = new Map<string, Set<string>>();
    const plan: { field: RootField; route: FieldRoute; countries: string[] }[] = [];

    for (const field of analysed.rootFields) {
      if (field.fieldName === '__typename') {
        data[field.responseKey] = isMutation ? 'Mutation' : 'Query';
        continue;
      }
      const route = table.get(field.fieldName);
      if (!route) {
        errors.push({
          message: `${this.subgraph}.${field.fieldName} has no routing declared in the contract.`,
          path: [field.responseKey],
          extensions: { code: GatewayErrorCode.UNROUTABLE },
        });
        data[field.responseKey] = null;
        continue;
      }
      const { countries, problem } = this.targets(field, route, variables);
      if (problem || (isMutation && countries.length !== 1)) {
        errors.push({
          message: `Cannot route ${field.fieldName}: ${problem ?? 'a mutation changes records of exactly one country'}.`,
          path: [field.responseKey],
          extensions: {
            code: problem?.includes('global id') ? 'INVALID_GLOBAL_ID' : GatewayErrorCode.UNROUTABLE,
          },
        });
        data[field.responseKey] = null;
        continue;
      }
      plan.push({ field, route, countries });
      for (const country of countries) {
        const set = fieldsByCountry.get(country) ?? new Set<string>();
        set.add(field.responseKey);
        fieldsByCountry.set(country, set);
      }
    }

    const answers = new Map<string, GraphqlResult | null>();
    await Promise.all(
      [...fieldsByCountry.entries()].map(async ([country, keys]) => {
        // A failed country gets one error; it points at the field when the country was asked for just one
        // single-country field (whose value is then null), and at nothing in particular for scattered lists.
        const [onlyKey] = keys.size === 1 ? [...keys] : [];
        const onlyPlan = plan.find((p) => p.field.responseKey === onlyKey);
        const path = onlyPlan && onlyPlan.route.route !== 'SCATTER' ? [onlyKey as string] : undefined;
        const fieldNames = plan.filter((p) => keys.has(p.field.responseKey)).map((p) => p.field.fieldName);
        const client = this.countries.client(country);
        try {
          const query = restrictToRootFields(analysed, keys);
          const answer = await this.send(
            country,
            client,
            { query, variables, operationName },
            call,
            isMutation,
            {
              kind: 'root',
              fields: fieldNames,
              representations: 0,
              requestingCountry: call.requestingCountry,
            },
          );
          answers.set(country, answer);
        } catch (failure) {
          if (!(failure instanceof CountryFailure)) throw failure;
          errors.push(refusalError(country, failure, path));
          answers.set(country, null);
        }
      }),
    );

    for (const { field, route, countries } of plan) {
      const key = field.responseKey;
      if (route.route === 'SCATTER') {
        // Each country returns a list; concatenate in network order and shift error paths by the offset.
        const merged: unknown[] = [];
        for (const country of countries) {
          const answer = answers.get(country);
          const part = answer?.data?.[key];
          const offset = merged.length;
          if (Array.isArray(part)) merged.push(...part);
          for (const error of answer?.errors ?? []) {
            if (error.path?.[0] !== key) continue;
            const [, index, ...rest] = error.path;
            errors.push(
              countryError(
                country,
                error,
                typeof index === 'number' ? [key, index + offset, ...rest] : [key],
              ),
            );
          }
        }
        data[key] = merged;
      } else {
        const country = countries[0] as string;
        const answer = answers.get(country);
        data[key] = answer?.data?.[key] ?? null;
        for (const error of answer?.errors ?? [])
          if (error.path?.[0] === key) errors.push(countryError(country, error));
      }
    }
    // Errors a country gave without a path (e.g. validation) belong to the whole fetch.
    for (const [country, answer] of answers) {
      for (const error of answer?.errors ?? []) if (!error.path) errors.push(countryError(country, error));
    }
    return errors.length > 0 ? { data, errors } : { data };
  }
}

function orderCountries(requested: string[], networkOrder: string[]): string[] {
  const rank = (c: string) => (networkOrder.includes(c) ? networkOrder.indexOf(c) : networkOrder.length);
  return [...requested].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
