import { ErrorCode, contractError, DIRECTORY_ORGANISATION } from '@nordic/schema';
import { describeAnswerError } from './gatewayClient';
import type { CrossBorderCalls } from './remoteStep';

/**
 * Refuses an organisation id that the network directory does not list as an organisation of
 * `country` (`BAD_USER_INPUT` naming `argument`), before anything is written: a typo in an assignment
 * or an addressee would otherwise hide a case or a referral from every caseworker. The directory is
 * asked through the gateway as the caller. A service run on its own, with no gateway, cannot ask it
 * and checks only the id's form (done by the contract's resolvers).
 */
export async function assertListedOrganisation(
  crossBorder: CrossBorderCalls,
  id: string,
  country: string,
  argument: string,
): Promise<void> {
  if (!crossBorder.gateway.configured) return;
  const answer = await crossBorder.gateway.request<{ organisation: { id: string; country: string } | null }>(
    crossBorder.call,
    DIRECTORY_ORGANISATION,
    { id },
  );
  if (answer.errors?.length || !answer.data) {
    throw contractError(
      ErrorCode.CROSS_BORDER_UNAVAILABLE,
      `The network directory could not be asked whether it lists ${id} (${describeAnswerError(answer)}); nothing was changed — retry with the same idempotency key.`,
    );
  }
  if (answer.data.organisation?.country !== country) {
    throw contractError(
      ErrorCode.BAD_USER_INPUT,
      `${argument}: the network directory lists no organisation ${id} of ${country}; see organisations(country: ${country}) { id name } for the ones it lists.`,
      { argument },
    );
  }
}
