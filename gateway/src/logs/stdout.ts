import cluster from 'node:cluster';
import pino from 'pino';

let shared: pino.DestinationStream | null = null;

/** One stdout stream for all of the gateway's JSON logs, so that lines from different logs never interleave. */
export function gatewayStdout(): pino.DestinationStream {
  shared ??= pino.destination(1);
  return shared;
}

/**
 * The fields every gateway log line starts with. A cluster worker adds its `pid` (the one the primary
 * announces it with), since all workers write to the one stdout.
 */
export function gatewayLogBase(): Record<string, string | number> {
  return { service: 'gateway', ...(cluster.isWorker ? { pid: process.pid } : {}) };
}

/** A JSON-lines logger on the gateway's stdout, each line tagged with the log it belongs to. */
export function gatewayLogger(
  log: string,
  destination: pino.DestinationStream = gatewayStdout(),
): pino.Logger {
  return pino({ base: { ...gatewayLogBase(), log }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}
