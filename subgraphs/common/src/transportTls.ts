import { readFileSync } from 'node:fs';

/**
 * A service's own TLS: its certificate and key, and — for mutual TLS — the CA whose client certificates
 * it accepts (the gateway's). PEM text, read at start.
 */
export interface ServerTls {
  cert: string;
  key: string;
  /** When set, a client without a certificate signed by this CA is refused during the TLS handshake. */
  clientCa: string | null;
}

/** What the gateway presents to, and trusts of, the countries it calls over mutual TLS. PEM text. */
export interface ClientTls {
  cert: string;
  key: string;
  /** The CA of the countries' server certificates; null trusts the system's CAs. */
  ca: string | null;
}

/**
 * Reads a PEM file named by a configuration key; a missing or unreadable file or one without a PEM block
 * throws, naming the key and the path, so the service refuses to start.
 */
export function readPemFile(key: string, path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(
      `${key}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Fix: point ${key} at a readable PEM file.`,
    );
  }
  if (!/-----BEGIN [A-Z ]+-----/.test(text))
    throw new Error(
      `${key}: ${path} holds no PEM block. Fix: point ${key} at a PEM file (-----BEGIN …-----).`,
    );
  return text;
}
