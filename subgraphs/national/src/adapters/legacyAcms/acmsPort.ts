import { type ConnectedCountry, ErrorCode, type NationalPort, contractError } from '@nordic/schema';

/**
 * The national port over ACMS: the reference implementation's, which reads the views over ACMS
 * (acmsViews.ts) and keeps the network's own records in the side tables, except where the network
 * would create or change a case. ACMS registers its cases itself, so the receiving side of an accepted
 * referral and the domestic write API (registerCase, updateCase, …) are refused here, before anything is
 * written, with what to do instead.
 */
export function acmsNationalPort(port: NationalPort, country: ConnectedCountry): NationalPort {
  return {
    ...port,
    openCaseFromReferral: (referralId) =>
      Promise.reject(
        contractError(
          ErrorCode.INVALID_REFERRAL_TRANSITION,
          `${country} registers its cases in its own case-management system, which the network does not write: ${referralId} is not accepted through the network. Register the person in that system and tell the sending country through its functional contact point (the network registry lists it).`,
          { id: referralId },
        ),
      ),
    writeCase: (write) =>
      Promise.reject(
        contractError(
          ErrorCode.FORBIDDEN,
          `${country} registers and updates its cases in its own case-management system, which the network does not write: ${write.operation} is not accepted through the network. Make the change in that system; the network serves it from there.`,
        ),
      ),
  };
}
