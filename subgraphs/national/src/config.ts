import { join } from 'node:path';
import { type ConnectedCountry, StatSource, isCountryCode } from '@nordic/schema';
import {
  type LimitsOptions,
  NATIONAL_LIMITS,
  type ServerTls,
  describeConfigError,
  loadLimitsOptions,
  parseFlags,
  readPemFile,
} from '@nordic/subgraph-common';
import { z } from 'zod';
import { LEGACY_ACMS_STORE } from './adapters/legacyAcms/acmsStore';
import { type AuditSettings, loadAuditSettings } from './audit/auditSettings';
import { loadLinkageKey } from './matching/linkageKeyConfig';
import { perturbationSettingsProblem } from './statistics/cellKeyPerturbation';
import type { LinkageKey } from './matching/matchTokens';

/** Repository root (…/subgraphs/national/dist → …). */
export const REPO_ROOT = join(__dirname, '..', '..', '..');

/**
 * Default ports of the local network: gateway 4000, network registry 4001, countries 4011–4015. Defaults
 * only: any other member country (docs/operators.md "Adding a member country") is given its port.
 */
export const DEFAULT_PORTS: Readonly<Partial<Record<ConnectedCountry, number>>> = {
  FI: 4011,
  SE: 4012,
  NO: 4013,
  DK: 4014,
  IS: 4015,
};

/** Where each country's case-based figures come from by default. */
const DEFAULT_SOURCES: Readonly<Partial<Record<ConnectedCountry, StatSource>>> = {
  FI: 'ASSISTANCE_SYSTEM',
  SE: 'POLICE',
  NO: 'POLICE',
  DK: 'ASSISTANCE_SYSTEM',
  IS: 'ASSISTANCE_SYSTEM',
};

/**
 * Whether national law opens person-level records to the national rapporteur (DOMAIN §4.2): Finland's
 * Non-Discrimination Ombudsman has broad access rights; elsewhere the rapporteur works from aggregates.
 */
const DEFAULT_RAPPORTEUR_CASE_ACCESS: Readonly<Partial<Record<ConnectedCountry, 'true' | 'false'>>> = {
  FI: 'true',
  SE: 'false',
  NO: 'false',
  DK: 'false',
  IS: 'false',
};

export function defaultDatabaseUrl(country: ConnectedCountry): string {
  return `sqlite:${join(REPO_ROOT, 'data', `${country.toLowerCase()}.sqlite`)}`;
}

const configSchema = z
  .object({
    country: z
      .string()
      .refine(isCountryCode, { message: 'must be an ISO 3166-1 alpha-2 country code' })
      .transform((c) => c as ConnectedCountry),
    host: z.string().min(1),
    port: z.coerce.number().int().min(0).max(65535),
    databaseUrl: z.string().regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, {
      message: 'must be sqlite:<file> or postgres://user@host:port/db',
    }),
    store: z.enum(['reference', LEGACY_ACMS_STORE], {
      message: `must be reference or ${LEGACY_ACMS_STORE}`,
    }),
    suppressionThreshold: z.coerce.number().int().min(2).max(100),
    perturbationMaxDeviation: z.coerce.number().int().min(1).max(20),
    statSource: z.enum(Object.values(StatSource) as [StatSource, ...StatSource[]]),
    seedIfEmpty: z.enum(['true', 'false']).transform((v) => v === 'true'),
    seedYears: z.string().regex(/^\d{4}-\d{4}$/, { message: 'must be a year range like 2019-2025' }),
    seedScale: z.coerce.number().positive().max(1000),
    migrateOnStart: z.enum(['true', 'false']).transform((v) => v === 'true'),
    matchRequestsPerHour: z.coerce.number().int().min(1).max(10_000),
    matchLookupsPerHourPerCountry: z.coerce.number().int().min(1).max(100_000),
    rapporteurCaseAccess: z.enum(['true', 'false']).transform((v) => v === 'true'),
    referralReminderDays: z.coerce.number().int().min(0).max(365),
    referralExpiryWarningHours: z.coerce
      .number()
      .int()
      .min(0)
      .max(24 * 90),
    referralReminderCheckSeconds: z.coerce.number().int().min(1).max(86_400),
    gatewayUrl: z
      .string()
      .regex(/^https?:\/\/.+/, { message: "must be the gateway's http(s) GraphQL URL" })
      .nullable(),
    tlsCertFile: z.string().min(1).nullable(),
    tlsKeyFile: z.string().min(1).nullable(),
    tlsClientCaFile: z.string().min(1).nullable(),
  })
  .refine((c) => c.store === 'reference' || c.databaseUrl.startsWith('postgres'), {
    message: `must be the postgres://… URL of the legacy system's database with STORE=${LEGACY_ACMS_STORE}`,
    path: ['databaseUrl'],
  })
  .refine((c) => (c.tlsCertFile === null) === (c.tlsKeyFile === null), {
    message: 'must be given together with tlsKeyFile (TLS_CERT_FILE and TLS_KEY_FILE)',
    path: ['tlsCertFile'],
  })
  .refine((c) => c.tlsClientCaFile === null || c.tlsCertFile !== null, {
    message: 'needs the service to serve HTTPS (TLS_CERT_FILE and TLS_KEY_FILE)',
    path: ['tlsClientCaFile'],
  });

/**
 * The validated configuration; the linkage key and the audit keys are read separately (they are secrets,
 * see loadLinkageKey and loadAuditSettings).
 */
export type NationalConfig = Omit<
  z.infer<typeof configSchema>,
  | 'tlsCertFile'
  | 'tlsKeyFile'
  | 'tlsClientCaFile'
  | 'store'
  | 'referralReminderDays'
  | 'referralExpiryWarningHours'
  | 'referralReminderCheckSeconds'
> & {
  /** Referral reminders (REFERRAL_REMINDER_DAYS, …; see ReferralReminders); the defaults when absent. */
  referralReminderDays?: number;
  referralExpiryWarningHours?: number;
  referralReminderCheckSeconds?: number;
  /** The store the service reads (`STORE`): the reference store (default) or the example legacy adapter. */
  store?: 'reference' | typeof LEGACY_ACMS_STORE;
  linkageKey: LinkageKey;
  audit: AuditSettings;
  /** The limits of both endpoints (`NATIONAL_MAX_DEPTH`, …); read from the environment when absent. */
  limits?: LimitsOptions;
  /** HTTPS, and mutual TLS when a client CA is given (TLS_CERT_FILE, TLS_KEY_FILE, TLS_CLIENT_CA_FILE); plain HTTP when absent. */
  tls?: ServerTls | null;
};

const HINTS: Record<string, string> = {
  country:
    "pass --country FI (or set COUNTRY) with the ISO 3166-1 alpha-2 code of the country this service answers for, e.g. EE for a member that joined; see docs/operators.md 'Adding a member country'.",
  port: 'pass --port 4011 (or set PORT) with a free TCP port.',
  databaseUrl:
    'pass --database sqlite:./data/fi.sqlite or --database postgres://postgres@127.0.0.1:5432/nordic_fi (or set DATABASE_URL).',
  suppressionThreshold: 'set SUPPRESSION_THRESHOLD to a whole number from 2 to 100 (default 5).',
  perturbationMaxDeviation:
    'set PERTURBATION_MAX_DEVIATION (or pass --perturbation-max-deviation) to a whole number from 1 to 20, at least (SUPPRESSION_THRESHOLD - 1) / 2 (default: 3, or that bound when larger); see docs/disclosure-control.md.',
  statSource: `set STAT_SOURCE to one of ${Object.values(StatSource).join(', ')}.`,
  store: `set STORE (or pass --store) to reference (the reference store, default) or ${LEGACY_ACMS_STORE} (the example adapter over a legacy system's database, docs/national-teams.md).`,
  seedIfEmpty: 'pass --seed-if-empty true or false.',
  seedYears: 'pass --seed-years 2019-2025.',
  seedScale: 'pass --seed-scale 1 (a positive number).',
  migrateOnStart:
    'pass --migrate-on-start true or false (or set MIGRATE_ON_START); the default is true for a SQLite store and false for PostgreSQL, where `npm run migrate` is a deployment step.',
  rapporteurCaseAccess:
    'set RAPPORTEUR_CASE_ACCESS (or pass --rapporteur-case-access) to true where national law gives the national rapporteur access to person-level records, else false (default: true for FI, false elsewhere).',
  matchRequestsPerHour:
    'set MATCH_REQUESTS_PER_HOUR (or pass --match-requests-per-hour) to a whole number from 1 to 10000 (default 20).',
  matchLookupsPerHourPerCountry:
    'set MATCH_LOOKUPS_PER_HOUR_PER_COUNTRY (or pass --match-lookups-per-hour-per-country) to a whole number from 1 to 100000 (default 300): the token lookups this country answers per hour for each asking country.',
  tlsCertFile:
    'set TLS_CERT_FILE and TLS_KEY_FILE (or --tls-cert and --tls-key) to the PEM certificate and key this service serves HTTPS with, or neither for plain HTTP.',
  tlsClientCaFile:
    "set TLS_CLIENT_CA_FILE (or --tls-client-ca) only with TLS_CERT_FILE and TLS_KEY_FILE: it names the CA of the gateway's client certificate.",
  referralReminderDays:
    'set REFERRAL_REMINDER_DAYS (or pass --referral-reminder-days) to a whole number of days from 0 to 365 (default 3; 0: no reminders): a referral still unanswered that long after it was sent is notified again.',
  referralExpiryWarningHours:
    'set REFERRAL_EXPIRY_WARNING_HOURS (or pass --referral-expiry-warning-hours) to a whole number of hours from 0 to 2160 (default 48; 0: no notice): an unanswered referral expiring within that time is notified once.',
  referralReminderCheckSeconds:
    'set REFERRAL_REMINDER_CHECK_SECONDS (or pass --referral-reminder-check-seconds) to a whole number from 1 to 86400 (default 300): how often unanswered referrals are looked at for reminders.',
  gatewayUrl:
    'pass --gateway-url http://127.0.0.1:4000/graphql (or set GATEWAY_URL): the Nordic gateway this country reaches other countries through.',
};

/** Reads the national service's configuration from flags, then environment, then defaults; throws a readable error. */
export function loadNationalConfig(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): NationalConfig {
  const flags = parseFlags(argv);
  const country = (flags.country ?? env.COUNTRY ?? '').toUpperCase();
  const known = isCountryCode(country) ? country : null;
  const raw = {
    country,
    host: flags.host ?? env.HOST ?? '127.0.0.1',
    port: flags.port ?? env.PORT ?? (known ? DEFAULT_PORTS[known] : undefined) ?? 0,
    databaseUrl: flags.database ?? env.DATABASE_URL ?? (known ? defaultDatabaseUrl(known) : ''),
    store: flags.store ?? env.STORE ?? 'reference',
    suppressionThreshold: flags['suppression-threshold'] ?? env.SUPPRESSION_THRESHOLD ?? 5,
    // Default 3, or the least deviation that lets every count below the threshold reach 0 or the
    // threshold (docs/disclosure-control.md).
    perturbationMaxDeviation:
      flags['perturbation-max-deviation'] ??
      env.PERTURBATION_MAX_DEVIATION ??
      Math.max(
        3,
        Math.ceil((Number(flags['suppression-threshold'] ?? env.SUPPRESSION_THRESHOLD ?? 5) - 1) / 2),
      ),
    statSource:
      flags['stat-source'] ??
      env.STAT_SOURCE ??
      (known ? DEFAULT_SOURCES[known] : undefined) ??
      'ASSISTANCE_SYSTEM',
    seedIfEmpty: flags['seed-if-empty'] ?? env.SEED_IF_EMPTY ?? 'false',
    seedYears: flags['seed-years'] ?? env.SEED_YEARS ?? '2019-2025',
    seedScale: flags['seed-scale'] ?? env.SEED_SCALE ?? 1,
    matchRequestsPerHour: flags['match-requests-per-hour'] ?? env.MATCH_REQUESTS_PER_HOUR ?? 20,
    matchLookupsPerHourPerCountry:
      flags['match-lookups-per-hour-per-country'] ?? env.MATCH_LOOKUPS_PER_HOUR_PER_COUNTRY ?? 300,
    referralReminderDays: flags['referral-reminder-days'] ?? env.REFERRAL_REMINDER_DAYS ?? 3,
    referralExpiryWarningHours:
      flags['referral-expiry-warning-hours'] ?? env.REFERRAL_EXPIRY_WARNING_HOURS ?? 48,
    referralReminderCheckSeconds:
      flags['referral-reminder-check-seconds'] ?? env.REFERRAL_REMINDER_CHECK_SECONDS ?? 300,
    gatewayUrl: flags['gateway-url'] ?? env.GATEWAY_URL ?? null,
    rapporteurCaseAccess:
      flags['rapporteur-case-access'] ??
      env.RAPPORTEUR_CASE_ACCESS ??
      (known ? DEFAULT_RAPPORTEUR_CASE_ACCESS[known] : undefined) ??
      'false',
    migrateOnStart: flags['migrate-on-start'] ?? env.MIGRATE_ON_START ?? 'auto',
    tlsCertFile: flags['tls-cert'] ?? (env.TLS_CERT_FILE || null),
    tlsKeyFile: flags['tls-key'] ?? (env.TLS_KEY_FILE || null),
    tlsClientCaFile: flags['tls-client-ca'] ?? (env.TLS_CLIENT_CA_FILE || null),
  };
  // The adapter installs its views at every start, so it brings its side tables up to date too.
  if (raw.migrateOnStart === 'auto')
    raw.migrateOnStart =
      String(raw.databaseUrl).startsWith('sqlite:') || raw.store === LEGACY_ACMS_STORE ? 'true' : 'false';
  const parsed = configSchema
    .superRefine((config, context) => {
      const problem = perturbationSettingsProblem({
        threshold: config.suppressionThreshold,
        maxDeviation: config.perturbationMaxDeviation,
      });
      if (problem) context.addIssue({ code: 'custom', path: ['perturbationMaxDeviation'], message: problem });
    })
    .safeParse(raw);
  if (!parsed.success) throw new Error(describeConfigError(parsed.error, HINTS));
  const { tlsCertFile, tlsKeyFile, tlsClientCaFile } = parsed.data;
  const tls: ServerTls | null =
    tlsCertFile && tlsKeyFile
      ? {
          cert: readPemFile('TLS_CERT_FILE', tlsCertFile),
          key: readPemFile('TLS_KEY_FILE', tlsKeyFile),
          clientCa: tlsClientCaFile ? readPemFile('TLS_CLIENT_CA_FILE', tlsClientCaFile) : null,
        }
      : null;
  return {
    ...parsed.data,
    linkageKey: loadLinkageKey(env),
    audit: loadAuditSettings(parsed.data.country, env),
    limits: loadLimitsOptions(env, NATIONAL_LIMITS),
    tls,
  };
}
