import type { RequestHandler, Response } from 'express';

/**
 * Deadline propagation along a chain of calls (client → gateway → country → gateway → other country).
 * Each hop tells the next how long it still waits for the answer, in milliseconds, in this header; the
 * next hop gives its own downstream calls no more than that (less a margin to answer in), so an inner
 * call that cannot finish fails *inside* the outer one's time and the outer caller hears what failed
 * (e.g. `CROSS_BORDER_UNAVAILABLE` from the country doing the step) instead of a timeout of the country
 * that was only waiting. A relative budget, not a timestamp, so the hosts' clocks need not agree.
 */
export const TIME_BUDGET_HEADER = 'x-time-budget-ms';

/** Budgets above this (ten minutes) are read as this: a header cannot ask a service to wait forever. */
const MAX_BUDGET_MS = 600_000;

/**
 * The deadline a request's budget header sets, on the `performance.now()` clock, counted from when the
 * request was received; null without a valid header (a positive whole number of milliseconds).
 */
export function deadlineOf(header: string | string[] | undefined, receivedAt: number): number | null {
  const text = Array.isArray(header) ? header[0] : header;
  if (!text || !/^\d{1,9}$/.test(text)) return null;
  const budget = Number(text);
  return budget > 0 ? receivedAt + Math.min(budget, MAX_BUDGET_MS) : null;
}

/** Notes when a request arrived (before any parsing): the start of its time budget. Mount it first. */
export const markArrival: RequestHandler = (_req, res, next) => {
  res.locals.receivedAt = performance.now();
  next();
};

/** When the request of `res` arrived (see markArrival), on the `performance.now()` clock. */
export function arrivalOf(res: Response): number {
  return (res.locals.receivedAt as number | undefined) ?? performance.now();
}

/**
 * Whether a request failed because its AbortSignal fired (a timeout or an abort), as fetch and undici
 * report it: the signal's reason as the error or as its cause, or undici's own RequestAbortedError.
 */
export function isAbortedRequest(error: unknown): boolean {
  const e = error as { name?: string; cause?: { name?: string } } | null;
  return (
    ['TimeoutError', 'AbortError', 'RequestAbortedError'].includes(e?.name ?? '') ||
    e?.cause?.name === 'TimeoutError'
  );
}

/** Milliseconds left until `deadline` (may be zero or less), or Infinity without one. */
export function remainingMs(deadline: number | null): number {
  return deadline === null ? Number.POSITIVE_INFINITY : deadline - performance.now();
}

/**
 * `work`, or a rejection with the signal's reason as soon as `signal` aborts. undici applies an abort
 * only once the request has a connection: while it is still connecting (to a host that drops packets,
 * e.g. one cut off by a firewall) the request waits for undici's own connect timeout (10 s), so a
 * timeout of 2.5 s was seen to end after 16 s. With this, a request's timeout holds in every phase;
 * undici still aborts the request itself when it gets its connection.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
