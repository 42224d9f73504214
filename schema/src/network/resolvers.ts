import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { ContactRole, CountryCode, OrganisationType } from '../codes';
import { ErrorCode, contractError } from '../errors';
import {
  NETWORK_LANGUAGES,
  type ContactPointRecord,
  type CountryRecord,
  type NetworkContext,
  type NetworkLanguage,
  type OrganisationRecord,
} from './port';
import { CodeList, ContactPoint, NetworkCountry, Organisation, PopulationFigure } from './types';

function language(lang: string | undefined): NetworkLanguage {
  const value = lang ?? 'en';
  if (!(NETWORK_LANGUAGES as readonly string[]).includes(value)) {
    throw contractError(
      ErrorCode.BAD_USER_INPUT,
      `lang must be one of ${NETWORK_LANGUAGES.join(', ')}, got "${value}".`,
      {
        argument: 'lang',
      },
    );
  }
  return value as NetworkLanguage;
}

async function organisationOrNull(
  context: NetworkContext,
  id: string | null,
): Promise<OrganisationRecord | null> {
  if (!id) return null;
  const [found] = await context.network.organisationsById([id]);
  return found ?? null;
}

@Resolver(() => NetworkCountry)
export class CountryResolver {
  @Query(() => [NetworkCountry], {
    description: 'The Nordic countries and territories of the network, in network order.',
  })
  async countries(@Ctx() context: NetworkContext): Promise<CountryRecord[]> {
    return context.network.countries();
  }

  @Query(() => NetworkCountry, { nullable: true })
  async country(
    @Arg('code', () => CountryCode) code: CountryCode,
    @Ctx() context: NetworkContext,
  ): Promise<CountryRecord | null> {
    const [found] = await context.network.countriesByCode([code]);
    return found ?? null;
  }

  @FieldResolver(() => Organisation, { nullable: true })
  nationalCoordinator(@Root() root: CountryRecord, @Ctx() context: NetworkContext) {
    return organisationOrNull(context, root.nationalCoordinatorId);
  }

  @FieldResolver(() => Organisation, { nullable: true })
  nationalRapporteur(@Root() root: CountryRecord, @Ctx() context: NetworkContext) {
    return organisationOrNull(context, root.nationalRapporteurId);
  }

  @FieldResolver(() => Organisation, { nullable: true })
  assistanceSystem(@Root() root: CountryRecord, @Ctx() context: NetworkContext) {
    return organisationOrNull(context, root.assistanceSystemId);
  }

  @FieldResolver(() => [ContactPoint])
  contactPoints(
    @Root() root: CountryRecord,
    @Ctx() context: NetworkContext,
    @Arg('role', () => ContactRole, { nullable: true }) role?: ContactRole,
  ): Promise<ContactPointRecord[]> {
    return context.network.contactPoints({ country: root.code, role: role ?? undefined });
  }

  @FieldResolver(() => [PopulationFigure], {
    description:
      'Inhabitants on 1 January of each year the registry holds a figure for, oldest first, with the source: the denominator of rates per 100,000 inhabitants. Empty when the registry holds none.',
  })
  populations(@Root() root: CountryRecord, @Ctx() context: NetworkContext): Promise<PopulationFigure[]> {
    return context.network.populations(root.code);
  }
}

@Resolver(() => Organisation)
export class OrganisationResolver {
  @Query(() => [Organisation], {
    description: 'Organisations of the directory, optionally of one country or type.',
  })
  organisations(
    @Ctx() context: NetworkContext,
    @Arg('country', () => CountryCode, { nullable: true }) country?: CountryCode,
    @Arg('type', () => OrganisationType, { nullable: true }) type?: OrganisationType,
  ): Promise<OrganisationRecord[]> {
    return context.network.organisations({ country: country ?? undefined, type: type ?? undefined });
  }

  @Query(() => Organisation, { nullable: true })
  async organisation(
    @Arg('id', () => ID) id: string,
    @Ctx() context: NetworkContext,
  ): Promise<OrganisationRecord | null> {
    const [found] = await context.network.organisationsById([id]);
    return found ?? null;
  }

  @FieldResolver(() => Organisation, { nullable: true })
  parent(@Root() root: OrganisationRecord, @Ctx() context: NetworkContext) {
    return organisationOrNull(context, root.parentId);
  }
}

@Resolver(() => ContactPoint)
export class ContactPointResolver {
  @Query(() => [ContactPoint], {
    description: 'Functional contact points, e.g. the child-referral focal point of NO.',
  })
  contactPoints(
    @Ctx() context: NetworkContext,
    @Arg('country', () => CountryCode, { nullable: true }) country?: CountryCode,
    @Arg('role', () => ContactRole, { nullable: true }) role?: ContactRole,
  ): Promise<ContactPointRecord[]> {
    return context.network.contactPoints({ country: country ?? undefined, role: role ?? undefined });
  }

  @FieldResolver(() => Organisation)
  async organisation(
    @Root() root: ContactPointRecord,
    @Ctx() context: NetworkContext,
  ): Promise<OrganisationRecord> {
    const found = await organisationOrNull(context, root.organisationId);
    if (!found) throw new Error(`contact point ${root.id} names unknown organisation ${root.organisationId}`);
    return found;
  }
}

@Resolver(() => CodeList)
export class CodeListResolver {
  @Query(() => CodeList, {
    nullable: true,
    description:
      'A code list of the contract (e.g. "ExploitationForm") with labels; null for an unknown name.',
  })
  codeList(
    @Arg('name', () => String) name: string,
    @Ctx() context: NetworkContext,
    @Arg('lang', () => String, { nullable: true, description: 'fi, sv, nb, da, is or en (default en).' })
    lang?: string,
  ): Promise<CodeList | null> {
    return context.network.codeList(name, language(lang));
  }

  @Query(() => [CodeList], { description: 'Every code list of the contract.' })
  async codeLists(
    @Ctx() context: NetworkContext,
    @Arg('lang', () => String, { nullable: true }) lang?: string,
  ): Promise<CodeList[]> {
    const chosen = language(lang);
    const names = await context.network.codeListNames();
    const lists = await Promise.all(names.map((name) => context.network.codeList(name, chosen)));
    return lists.filter((list): list is CodeList => list !== null);
  }
}

export const networkResolvers = [
  CountryResolver,
  OrganisationResolver,
  ContactPointResolver,
  CodeListResolver,
] as const;
