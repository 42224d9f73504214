/**
 * `npm run token -- --country FI --role NATIONAL_COORDINATOR [--role …] [--org ID] [--subject S] [--ttl 1h]`
 * prints a bearer token signed by the local network's identity provider of that country; `--help` says
 * how. A request the network would refuse anyway (a caseworker without an organisation) or cannot
 * read (an unknown option or role) is refused here, with the fix, and exit code 2.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEV_AUTH_DIR, DEV_COUNTRIES } from './authSettings';
import { ensureDevKeys, hasDevKey, issueDevToken } from './devKeys';
import { ROLES_NEEDING_ORG, ROLE_SUMMARIES, exampleOrganisations, isOrganisationOf } from './devRoles';
import { ROLES, type RoleName } from './principal';

const OPTIONS = {
  country: { type: 'string' },
  role: { type: 'string', multiple: true },
  org: { type: 'string' },
  subject: { type: 'string' },
  ttl: { type: 'string', default: '1h' },
  help: { type: 'boolean', short: 'h' },
} as const;

const HELP = `usage: npm run -s token -- --country CC --role ROLE [--role ROLE …] [--org ID] [--subject S] [--ttl 1h]

Prints a bearer token signed by the local network's identity provider of country CC (keys in
./data/dev-auth, or $LOCAL_NETWORK_DATA_DIR/dev-auth, as npm start uses them).

options:
  --country CC    the token's home country: ${DEV_COUNTRIES.join(', ')}, or a member added with
                  LOCAL_NETWORK_COUNTRIES (npm start made its keys)
  --role ROLE     a role of the holder; repeat for several (see the roles below)
  --org ID        the holder's organisation, its directory id CC:Organisation:<name>;
                  required for ${ROLES_NEEDING_ORG.join(', ')}
  --subject S     the pseudonymous user id (default: <cc>-<first role>-dev)
  --ttl T         lifetime: 900s, 30m, 1h or 1d (default 1h)
  -h, --help      this text

roles:
${ROLES.map((r) => `  ${r.padEnd(22)} ${ROLE_SUMMARIES[r]}${ROLES_NEEDING_ORG.includes(r) ? ' — needs --org' : ''}`).join('\n')}

the organisations of the local network's synthetic cases (for --org):
${DEV_COUNTRIES.map((c) => `  ${c}  ${exampleOrganisations(c).join(', ')}`).join('\n')}

examples:
  npm run -s token -- --country FI --role NATIONAL_COORDINATOR
  npm run -s token -- --country SE --role ASSISTANCE_CASEWORKER --org SE:Organisation:nsp
  npm run -s token -- --country NO --role POLICE_LIAISON --ttl 8h
  TOKEN=$(npm run -s token -- --country FI --role ANALYST)

What each role may see: docs/security.md, "Who may see what".`;

/** An example value of each option, for a message about it. */
const EXAMPLES: Record<string, string> = {
  '--country': '--country FI',
  '--role': '--role NATIONAL_COORDINATOR',
  '--org': '--org SE:Organisation:nsp',
  '--subject': '--subject fi-coordinator-1',
  '--ttl': '--ttl 1h',
};

/** A request the command cannot issue a token for; the message says what to change. */
class UsageError extends Error {}

function seconds(ttl: string): number {
  const match = /^(\d+)(s|m|h|d)?$/.exec(ttl);
  if (!match) throw new UsageError(`--ttl must look like 900s, 30m, 1h or 1d (got "${ttl}").`);
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[(match[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

/** node:util's parse errors, said in this command's terms. */
function argumentError(error: Error & { code?: string }): UsageError {
  const flag = /'(-[^' ]+)/.exec(error.message)?.[1];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(
        `unknown option ${flag}; the options are --country, --role, --org, --subject, --ttl and --help.`,
      );
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(
        `${error.message.replace(/\.$/, '')}: every value follows its option, e.g. --country FI --role NATIONAL_COORDINATOR.`,
      );
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return new UsageError(`${flag ?? 'an option'} needs a value, e.g. ${EXAMPLES[flag ?? '--country']}.`);
    default:
      return new UsageError(error.message);
  }
}

function unknownRole(role: string): UsageError {
  const close = ROLES.filter((r) => role !== '' && (r.includes(role) || role.includes(r)));
  const guess = close.length > 0 ? `did you mean ${close.join(' or ')}? ` : '';
  return new UsageError(`--role ${role} is not a role of the network; ${guess}roles: ${ROLES.join(', ')}.`);
}

function organisation(country: string, roles: RoleName[], org: string | undefined): string | undefined {
  const needing = roles.filter((r) => ROLES_NEEDING_ORG.includes(r));
  if (org === undefined) {
    if (needing.length === 0) return undefined;
    throw new UsageError(
      `--role ${needing.join(', ')} needs --org: such a token sees only its organisation's cases, and ` +
        `without one the network refuses it. Add --org with the holder's organisation, e.g. ` +
        `--org ${exampleOrganisations(country)[0]} (${country}'s on the local network: ${exampleOrganisations(country).join(', ')}).`,
    );
  }
  if (!isOrganisationOf(country, org)) {
    throw new UsageError(
      `--org must be an organisation of ${country}, its directory id ${country}:Organisation:<name> ` +
        `(e.g. ${exampleOrganisations(country)[0]}), got "${org}".`,
    );
  }
  return org;
}

/** Where the local identity providers' keys are: as npm start keeps them. */
function keyDirectory(): string {
  const data = process.env.LOCAL_NETWORK_DATA_DIR;
  return data ? resolve(DEV_AUTH_DIR, '..', '..', data, 'dev-auth') : DEV_AUTH_DIR;
}

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true }).values;
  } catch (error) {
    throw argumentError(error as Error);
  }
}

async function main(argv: string[]): Promise<void> {
  const values = parse(argv);
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const country = (values.country ?? '').toUpperCase();
  if (!DEV_COUNTRIES.includes(country) && !hasDevKey(country, keyDirectory())) {
    throw new UsageError(
      values.country === undefined
        ? `--country is required: one of ${DEV_COUNTRIES.join(', ')}, e.g. --country FI.`
        : `--country must be one of ${DEV_COUNTRIES.join(', ')} or a member whose keys npm start made (LOCAL_NETWORK_COUNTRIES), got "${values.country}".`,
    );
  }
  const roles = (values.role ?? []).map((r) => r.toUpperCase());
  if (roles.length === 0)
    throw new UsageError(`--role is required, e.g. --role NATIONAL_COORDINATOR (the roles are in --help).`);
  for (const role of roles) if (!(ROLES as readonly string[]).includes(role)) throw unknownRole(role);
  const org = organisation(country, roles as RoleName[], values.org);
  const ttlSeconds = seconds(values.ttl ?? '1h');
  const dir = await ensureDevKeys(keyDirectory());
  const token = await issueDevToken(
    { country, roles: roles as RoleName[], organisation: org, subject: values.subject, ttlSeconds },
    dir,
  );
  process.stdout.write(`${token}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`token: ${message}`);
  if (!(error instanceof UsageError)) process.exit(1);
  console.error('(npm run -s token -- --help shows every option and role)');
  process.exit(2);
});
