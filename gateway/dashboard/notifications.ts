import { type Client, createClient } from 'graphql-sse';
import { REFERRAL_EVENTS_SUBSCRIPTION, type ReferralEvent } from '@nordic/schema/referralEvents';
import type { DashboardConfig } from './api';
import { formatDateTime, t } from './i18n';
import type { MessageKey } from './messages';

/** How many notifications the panel keeps (newest first). */
const KEEP = 50;

const MESSAGE_OF: Partial<Record<ReferralEvent['kind'], MessageKey>> = {
  SENT: 'notify.sent',
  ACCEPTED: 'notify.accepted',
  DECLINED: 'notify.declined',
  WITHDRAWN: 'notify.withdrawn',
  COMPLETED: 'notify.completed',
  REMINDER: 'notify.reminder',
  EXPIRING: 'notify.expiring',
  DISCONNECTED: 'notify.disconnected',
};

let client: Client | null = null;
let followed: string | null = null;
/** Which subscription is the page's: a late event of a disposed one is dropped. */
let generation = 0;

/** The panel, made once, after the countries' state (hidden until the subscription is accepted). */
function panel(): { section: HTMLElement; list: HTMLUListElement } {
  const existing = document.getElementById('notifications');
  if (existing) return { section: existing, list: existing.querySelector('ul') as HTMLUListElement };
  const section = document.createElement('section');
  section.id = 'notifications';
  section.className = 'card notifications';
  section.hidden = true;
  section.setAttribute('aria-labelledby', 'notifications-title');
  const title = document.createElement('h2');
  title.id = 'notifications-title';
  title.dataset.i18n = 'notify.title';
  title.textContent = t('notify.title');
  const empty = document.createElement('p');
  empty.dataset.i18n = 'notify.empty';
  empty.textContent = t('notify.empty');
  const list = document.createElement('ul');
  // A screen reader announces each new notification without moving the focus.
  list.setAttribute('role', 'log');
  list.setAttribute('aria-live', 'polite');
  section.append(title, empty, list);
  const anchor = document.getElementById('status');
  if (anchor) anchor.after(section);
  else document.body.append(section);
  return { section, list };
}

/** One notification in the current language. */
function describe(event: ReferralEvent): string | null {
  const key = MESSAGE_OF[event.kind];
  if (!key) return null;
  const r = event.referral;
  return t(key, {
    id: r?.id ?? '',
    from: r?.fromCountry ?? event.country,
    to: r?.toCountry ?? '',
    urgency: r?.urgency ?? '',
    when: r ? formatDateTime(new Date(r.expiresAt)) : '',
    country: event.country,
  });
}

/** The countries whose events reach the page now (`data-connected`, for the curious and the tests). */
function trackConnection(section: HTMLElement, event: ReferralEvent): void {
  const connected = new Set((section.dataset.connected ?? '').split(' ').filter(Boolean));
  if (event.kind === 'CONNECTED') connected.add(event.country);
  if (event.kind === 'DISCONNECTED') connected.delete(event.country);
  section.dataset.connected = [...connected].sort().join(' ');
}

function show(event: ReferralEvent): void {
  const { section, list } = panel();
  section.hidden = false;
  trackConnection(section, event);
  const text = describe(event);
  if (!text) return;
  const item = document.createElement('li');
  item.dataset.kind = event.kind;
  if (event.referral) item.dataset.referral = event.referral.id;
  const time = document.createElement('time');
  time.dateTime = event.occurredAt;
  time.textContent = formatDateTime(new Date(event.occurredAt));
  item.append(time, ' ', text);
  list.prepend(item);
  while (list.children.length > KEEP) list.lastElementChild?.remove();
}

/**
 * Follows the signed-in user's referral notifications (the gateway's `referralEvents` subscription over
 * server-sent events) while `token` is the page's token; a new token subscribes anew, none stops. The
 * panel appears once a country accepts the subscription: for an analyst, whose role reads no
 * referrals, it stays hidden.
 */
export function followNotifications(config: DashboardConfig, token: string | null): void {
  if (token === followed) return;
  followed = token;
  client?.dispose();
  client = null;
  // Nothing of the previous user's stays on the page: hidden and empty until this token's first event.
  const { section, list } = panel();
  section.hidden = true;
  section.dataset.connected = '';
  delete section.dataset.refused;
  list.replaceChildren();
  const mine = ++generation;
  if (!token) return;
  client = createClient({
    url: new URL(`${config.endpoint}/stream`, window.location.href).toString(),
    headers: { authorization: `Bearer ${token}`, 'x-purpose': 'CROSS_BORDER_REFERRAL' },
    // The gateway itself keeps reaching the countries; a lost gateway is tried again a few times.
    retryAttempts: 5,
  });
  client.subscribe<{ referralEvents: ReferralEvent }>(
    { query: REFERRAL_EVENTS_SUBSCRIPTION },
    {
      next: (result) => {
        if (mine !== generation) return;
        // Refused (e.g. FORBIDDEN for an analyst) or ended (UNAUTHENTICATED when the token expires).
        const code = (result.errors?.[0]?.extensions as { code?: unknown } | undefined)?.code;
        if (code) panel().section.dataset.refused = String(code);
        const event = result.data?.referralEvents;
        if (event) show(event);
      },
      error: () => undefined,
      complete: () => undefined,
    },
  );
}
