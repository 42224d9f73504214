import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { ReferralRow } from '../referrals/referral.entity';
import type { ReferralEventHub } from './referralEventHub';

export interface ReminderSettings {
  /** A REMINDER when a referral is still unanswered this many days after it was sent; 0: never. */
  reminderDays: number;
  /** An EXPIRING notice when an unanswered referral expires within this many hours; 0: never. */
  expiryWarningHours: number;
  /** How often open referrals are looked at (seconds). */
  checkSeconds: number;
}

const OPEN = ['SENT', 'RECEIVED'];
const HOUR_MS = 3600 * 1000;

/**
 * Reminders about this country's unanswered referrals, published on the referral event hub once per
 * referral each (the row records it, so a restart or a second replica does not send them again): a
 * REMINDER after `reminderDays`, an EXPIRING notice `expiryWarningHours` before the referral expires.
 * Every subscriber who may read the referral is told (the receiving country's, and the sender's own).
 */
export class ReferralReminders {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly hub: ReferralEventHub,
    private readonly settings: ReminderSettings,
    private readonly log: (message: string) => void = console.error,
  ) {}

  start(): void {
    if (this.settings.reminderDays === 0 && this.settings.expiryWarningHours === 0) return;
    this.timer = setInterval(() => {
      this.running = this.running.then(async () => {
        await this.check().catch((error: unknown) => this.log(`referral reminders: ${String(error)}`));
      });
    }, this.settings.checkSeconds * 1000);
    this.timer.unref();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One look at the open referrals; returns how many reminders and notices were sent. */
  async check(now: Date = new Date()): Promise<number> {
    let sent = 0;
    const { reminderDays, expiryWarningHours } = this.settings;
    if (reminderDays > 0) {
      const sentBefore = new Date(now.getTime() - reminderDays * 24 * HOUR_MS).toISOString();
      sent += await this.remind('REMINDER', 'reminded_at', now, (query) =>
        query.andWhere('r.sent_at <= :sentBefore', { sentBefore }),
      );
    }
    if (expiryWarningHours > 0) {
      const expiresBefore = new Date(now.getTime() + expiryWarningHours * HOUR_MS).toISOString();
      sent += await this.remind('EXPIRING', 'expiry_warned_at', now, (query) =>
        query.andWhere('r.expires_at <= :expiresBefore', { expiresBefore }),
      );
    }
    return sent;
  }

  private async remind(
    kind: 'REMINDER' | 'EXPIRING',
    column: 'reminded_at' | 'expiry_warned_at',
    now: Date,
    narrow: (query: SelectQueryBuilder<ReferralRow>) => SelectQueryBuilder<ReferralRow>,
  ): Promise<number> {
    const at = now.toISOString();
    const repository = this.dataSource.getRepository(ReferralRow);
    const due = await narrow(
      repository
        .createQueryBuilder('r')
        .select(['r.id'])
        .where('r.status IN (:...open)', { open: OPEN })
        .andWhere('r.expires_at > :at', { at })
        .andWhere(`r.${column} IS NULL`),
    ).getMany();
    let sent = 0;
    for (const { id } of due) {
      // Only the replica (or the run) that marks it sends it.
      const marked = await repository
        .createQueryBuilder()
        .update(ReferralRow)
        .set(column === 'reminded_at' ? { remindedAt: at } : { expiryWarnedAt: at })
        .where('id = :id', { id })
        .andWhere(`${column} IS NULL`)
        .execute();
      if (marked.affected === 0) continue;
      this.hub.publish(kind, id, now);
      sent += 1;
    }
    return sent;
  }
}
