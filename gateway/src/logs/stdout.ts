import pino from 'pino';

let shared: pino.DestinationStream | null = null;

/** One stdout stream for all of the gateway's JSON logs, so that lines from different logs never interleave. */
export function gatewayStdout(): pino.DestinationStream {
  shared ??= pino.destination(1);
  return shared;
}

/** A JSON-lines logger on the gateway's stdout, each line tagged with the log it belongs to. */
export function gatewayLogger(
  log: string,
  destination: pino.DestinationStream = gatewayStdout(),
): pino.Logger {
  return pino({ base: { service: 'gateway', log }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}
