import { AUDIT_CHECKPOINTS_PATH, signCheckpoint } from '@nordic/subgraph-common';
import type { DataSource } from 'typeorm';
import { AuditEventRow } from './auditEvent.entity';
import { GENESIS_HASH } from './auditLog';
import type { AuditSettings } from './auditSettings';

/** What one round of publishing did, per receiver (`registry`, or the witness's country code). */
export interface PublishRound {
  seq: number;
  head: string;
  at: string;
  /** Receiver → HTTP status, or the error when it could not be reached. */
  answers: Record<string, number | string>;
}

/** How long one receiver is given to take a checkpoint. */
const SEND_TIMEOUT_MS = 5_000;

/**
 * Publishes signed checkpoints of this country's audit-log head, every `checkpointIntervalMs`, to the
 * network registry and to the witness countries, straight to their URLs (not through the gateway: the
 * gateway routes users' GraphQL operations with users' tokens, while a checkpoint is the service's own
 * statement, authenticated by its signature; and the anchor must not depend on the party in between).
 * A receiver that is down misses that round only: the next round's checkpoint covers everything before it.
 */
export class CheckpointPublisher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: AuditSettings,
    private readonly log: (level: 'warn' | 'error' | 'info', message: string) => void = () => undefined,
  ) {}

  /** Whether there is anywhere to publish to. */
  get configured(): boolean {
    return this.settings.registryUrl !== null || this.settings.witnesses.length > 0;
  }

  /** Publishes now, then at the cadence until `close()`. */
  start(): void {
    if (!this.configured || this.timer || this.stopped) return;
    const tick = () => {
      this.running = this.publishOnce()
        .catch((error: unknown) =>
          this.log('warn', `audit checkpoint not published: ${(error as Error).message}`),
        )
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.settings.checkpointIntervalMs);
        });
    };
    tick();
  }

  /** Signs the current head and sends it to every receiver. */
  async publishOnce(): Promise<PublishRound> {
    const [head] = await this.dataSource.getRepository(AuditEventRow).find({
      select: { seq: true, hash: true },
      order: { seq: 'DESC' },
      take: 1,
    });
    const checkpoint = {
      seq: head?.seq ?? 0,
      head: head?.hash ?? GENESIS_HASH,
      at: new Date().toISOString(),
    };
    const jws = await signCheckpoint(this.settings.signingKey, checkpoint);
    const receivers = [
      ...(this.settings.registryUrl ? [{ name: 'registry', url: this.settings.registryUrl }] : []),
      ...this.settings.witnesses.map((w) => ({ name: w.country, url: w.url })),
    ];
    const answers: Record<string, number | string> = {};
    await Promise.all(
      receivers.map(async ({ name, url }) => {
        try {
          const response = await fetch(`${url}${AUDIT_CHECKPOINTS_PATH}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ checkpoint: jws }),
            signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
          });
          answers[name] = response.status;
          if (response.status !== 201) {
            const body = (await response.json().catch(() => null)) as {
              errors?: { message?: string; extensions?: { code?: string } }[];
            } | null;
            const error = body?.errors?.[0];
            this.log(
              response.status === 409 ? 'error' : 'warn',
              `audit checkpoint seq ${checkpoint.seq} refused by ${name} (${response.status} ${error?.extensions?.code ?? ''}): ${error?.message ?? ''}`,
            );
          }
        } catch (error) {
          answers[name] = (error as Error).message;
          this.log(
            'warn',
            `audit checkpoint seq ${checkpoint.seq} not delivered to ${name}: ${(error as Error).message}`,
          );
        }
      }),
    );
    return { ...checkpoint, answers };
  }

  /** Stops the cadence and waits for a round under way. */
  async close(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
