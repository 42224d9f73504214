import { EventEmitter } from 'node:events';
import type { ReferralChangeKind } from '@nordic/schema';
import type { DataSource } from 'typeorm';

/** A change of one of this country's referrals, published once its transaction has committed. */
export interface ReferralChange {
  kind: ReferralChangeKind;
  referralId: string;
  occurredAt: string;
}

/**
 * The referral changes of one store, for the event streams of this process (`referralEventStream`).
 * In-process: every replica of a national service sees the changes its own requests make (and its
 * reminders); a deployment of several replicas pins a subscriber's stream to one replica per country
 * or accepts that changes made on another replica reach that replica's subscribers only
 * (docs/operators.md "Referral notifications").
 */
export class ReferralEventHub {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open stream: many subscribers are normal, not a leak.
    this.emitter.setMaxListeners(0);
  }

  publish(kind: ReferralChangeKind, referralId: string, at: Date = new Date()): void {
    const change: ReferralChange = { kind, referralId, occurredAt: at.toISOString() };
    this.emitter.emit('change', change);
  }

  /** Calls `listener` for every change from now on; returns the unsubscribe. */
  listen(listener: (change: ReferralChange) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }

  get listeners(): number {
    return this.emitter.listenerCount('change');
  }
}

const hubs = new WeakMap<DataSource, ReferralEventHub>();

/** The hub of the store behind `dataSource` (one per national service, also with several in one process). */
export function referralEventsOf(dataSource: DataSource): ReferralEventHub {
  let hub = hubs.get(dataSource);
  if (!hub) {
    hub = new ReferralEventHub();
    hubs.set(dataSource, hub);
  }
  return hub;
}
