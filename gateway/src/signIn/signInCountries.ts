import type { GatewayConfig } from '../config/gatewayConfig';

/** Where one country's users sign in: what the dashboard and the IDE are told (no secret: public clients). */
export interface SignInCountry {
  country: string;
  /** The country's OpenID Connect issuer; the pages read its discovery document. */
  issuer: string;
  clientId: string;
}

/** The countries the configuration gives a sign-in, in network order. */
export function signInCountries(countries: GatewayConfig['countries']): SignInCountry[] {
  return countries.flatMap((c) =>
    c.signIn ? [{ country: c.code, issuer: c.signIn.issuer, clientId: c.signIn.clientId }] : [],
  );
}

/** The issuers' origins, which the pages' Content-Security-Policy lets them call (discovery, token endpoint). */
export function issuerOrigins(countries: readonly SignInCountry[]): string[] {
  return [...new Set(countries.map((c) => new URL(c.issuer).origin))];
}
