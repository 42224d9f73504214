import 'reflect-metadata';
import { buildContractSubgraph, type CallerIdentity, type NationalContext } from '@nordic/schema';
import {
  BearerVerifier,
  NATIONAL_LIMITS,
  ServiceMetrics,
  loadLimitsOptions,
  observeDatabasePool,
  type IncomingCall,
  type LimitsOptions,
  type RunningService,
  auditCheckpointRoutes,
  loadAuthSettings,
  loadServiceKeys,
  serveSubgraphs,
} from '@nordic/subgraph-common';
import type { DataSource, Logger } from 'typeorm';
import type { NationalConfig } from './config';
import { createDataSource } from './database/dataSource';
import { applyMigrations, migrateCommand, pendingMigrations } from './database/migrations/schemaState';
import { createNationalContext } from './nationalContext';
import {
  LEGACY_ACMS_STORE,
  NETWORK_SCHEMA,
  createNetworkSchema,
  installAcmsViews,
} from './adapters/legacyAcms/acmsStore';
import { acmsNationalPort } from './adapters/legacyAcms/acmsPort';
import { seedCountry } from './seed/writeSeed';
import { SEED_COUNTRIES, isSeedCountry } from './seed/seedCountries';
import { CaseRow } from './cases/case.entity';
import { RequestAuditTrail, declaredPurpose } from './audit/accessRecorder';
import { accessPolicyFor } from './policy/accessPolicy';
import { Perturbation } from './statistics/cellKeyPerturbation';
import { dataVersionPlugin } from './statistics/dataVersionPlugin';
import { auditBeforeAnswer } from './audit/auditBeforeAnswer';
import { useAuditChainKey } from './audit/auditLog';
import { CheckpointPublisher } from './audit/checkpointPublisher';
import { GatewayClient } from './crossborder/gatewayClient';
import { refreshMatchTokens } from './matching/refreshMatchTokens';
import { referralEventsOf } from './notifications/referralEventHub';
import { referralEventStream } from './notifications/referralEventStream';
import { readsAsCaller } from './notifications/readAsCaller';
import { ReferralReminders } from './notifications/referralReminders';

export interface NationalService extends RunningService {
  dataSource: DataSource;
}

/**
 * Starts one country's national service: migrations, optional first-start seeding, then the
 * `national` subgraph at /graphql and the `crossborder` subgraph at /crossborder/graphql.
 */
export async function startNationalService(
  config: NationalConfig,
  options: { logger?: Logger } = {},
): Promise<NationalService> {
  // The service's own signing key and the members' service keys: a bad one stops the start, named.
  const serviceKeys = await loadServiceKeys(config.country);
  // The example adapter keeps the network's tables in a schema of their own beside the legacy system's.
  const legacy = config.store === LEGACY_ACMS_STORE;
  const dataSource = createDataSource({
    url: config.databaseUrl,
    logger: options.logger,
    ...(legacy ? { schema: NETWORK_SCHEMA } : {}),
  });
  await dataSource.initialize();
  // Every audit event is hashed with the chain key, which the database does not hold.
  useAuditChainKey(dataSource, config.audit.chainKey);
  let publisher: CheckpointPublisher | null = null;
  let reminders: ReferralReminders | null = null;
  try {
    if (legacy) await createNetworkSchema(dataSource);
    if (config.migrateOnStart) {
      await applyMigrations(dataSource);
    } else {
      const pending = await pendingMigrations(dataSource);
      if (pending.length > 0) {
        throw new Error(
          `the ${config.country} store's schema is behind this release (pending: ${pending.join(', ')}); bring it up to date with: ${migrateCommand(config.country, config.databaseUrl)}${legacy ? ` --store ${LEGACY_ACMS_STORE}` : ''}`,
        );
      }
    }
    // Over a legacy system the cases are its own: served through views, never seeded.
    if (legacy) await installAcmsViews(dataSource, config.country);
    else if (config.seedIfEmpty && (await dataSource.getRepository(CaseRow).count()) === 0) {
      const [yearFrom, yearTo] = config.seedYears.split('-').map(Number) as [number, number];
      if (isSeedCountry(config.country))
        await seedCountry(dataSource, config.country, { yearFrom, yearTo, scale: config.seedScale });
      else
        console.log(
          `${config.country} has no synthetic-data profile (the generator has ${SEED_COUNTRIES.join(', ')}): it starts with an empty store`,
        );
    }
    // Match tokens for a fresh seed or new persons, and all of them again after a key rotation.
    const tokens = await refreshMatchTokens(dataSource, config.linkageKey);
    if (tokens.removed > 0 || tokens.computed > 0) {
      console.log(
        `${config.country} match tokens: ${tokens.computed} computed with linkage-key version ${config.linkageKey.version}${tokens.removed > 0 ? `, ${tokens.removed} of another version removed` : ''}`,
      );
    }
    const [national, crossborder] = await Promise.all([
      buildContractSubgraph('national'),
      buildContractSubgraph('crossborder'),
    ]);
    const statistics = {
      source: config.statSource,
      perturbation: new Perturbation({
        threshold: config.suppressionThreshold,
        maxDeviation: config.perturbationMaxDeviation,
      }),
    };
    const gateway = new GatewayClient(config.gatewayUrl);
    const matching = {
      key: config.linkageKey,
      requestsPerHour: config.matchRequestsPerHour,
      lookupsPerHourPerCountry: config.matchLookupsPerHourPerCountry,
      serviceKeys,
    };
    const context = async (caller: CallerIdentity | null, call: IncomingCall): Promise<NationalContext> => {
      const trail = new RequestAuditTrail(config.country, caller, call);
      const purpose = declaredPurpose(call.headers);
      const built = createNationalContext(
        dataSource,
        config.country,
        statistics,
        caller,
        trail,
        accessPolicyFor(config.country, caller, purpose, {
          rapporteurCaseAccess: config.rapporteurCaseAccess,
        }),
        { gateway, call },
        { ...matching, purpose, traceId: trail.traceId },
      );
      return legacy ? { ...built, national: acmsNationalPort(built.national, config.country) } : built;
    };
    const store = `${config.country}'s case database`;
    // Over a legacy system the data changes where no trigger sees it: no data version, nothing cached.
    const plugins = [
      auditBeforeAnswer(dataSource, store),
      ...(legacy ? [] : [dataVersionPlugin(dataSource)]),
    ];
    const metrics = new ServiceMetrics('national', { country: config.country });
    observeDatabasePool(metrics, dataSource);
    const verifier = await BearerVerifier.start(loadAuthSettings());
    // Referral notifications: each event read again as each subscriber, by the same policy as a read.
    const hub = referralEventsOf(dataSource);
    const events = referralEventStream({
      country: config.country,
      hub,
      verifier,
      ...readsAsCaller(national, context, dataSource),
    });
    const running = await serveSubgraphs(
      [
        { path: '/graphql', schema: national, context, plugins },
        { path: '/crossborder/graphql', schema: crossborder, context, plugins },
      ],
      {
        host: config.host,
        port: config.port,
        health: () => ({ country: config.country }),
        verifier,
        metrics,
        logFields: { service: 'national', country: config.country },
        storeName: store,
        // This country as a witness of the others' audit logs (and nobody's as its own).
        routes: [
          events.router,
          auditCheckpointRoutes({
            dataSource,
            keys: config.audit.serviceKeys,
            witness: config.audit.signingKey,
          }),
        ],
        tls: config.tls ?? null,
        limits: withCountryKeys(
          config.limits ?? loadLimitsOptions(process.env, NATIONAL_LIMITS),
          config.country,
        ),
      },
    );
    // Signed checkpoints of this country's audit-log head, at the cadence, to the registry and witnesses.
    publisher = new CheckpointPublisher(dataSource, config.audit, (level, message) =>
      console[level === 'info' ? 'log' : level](`${config.country} ${message}`),
    );
    if (!publisher.configured)
      console.warn(
        `${config.country} audit checkpoints are not published (set AUDIT_CHECKPOINT_REGISTRY_URL and AUDIT_CHECKPOINT_WITNESSES): a cut audit log could not be detected`,
      );
    publisher.start();
    reminders = new ReferralReminders(dataSource, hub, {
      reminderDays: config.referralReminderDays ?? 3,
      expiryWarningHours: config.referralExpiryWarningHours ?? 48,
      checkSeconds: config.referralReminderCheckSeconds ?? 300,
    });
    reminders.start();
    const started = publisher;
    const reminding = reminders;
    return {
      ...running,
      dataSource,
      async close() {
        await reminding.close();
        events.close();
        await started.close();
        await running.close();
        await dataSource.destroy();
      },
    };
  } catch (error) {
    await reminders?.close();
    await publisher?.close();
    await dataSource.destroy();
    throw error;
  }
}

/** A country's rate-limit counts are its own, also when it shares a Redis with other services. */
function withCountryKeys(limits: LimitsOptions, country: string): LimitsOptions {
  return { ...limits, rateLimit: { ...limits.rateLimit, keyPrefix: `nordic-national-${country}:rate` } };
}
