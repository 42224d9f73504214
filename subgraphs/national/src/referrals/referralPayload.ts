import type {
  AgeBand,
  CountryCode,
  ExploitationForm,
  ReferralPayload,
  RiskLevel,
  Sex,
  SupportType,
} from '@nordic/schema';

/** What the sending service knows about the case when it builds a referral. */
export interface PayloadSource {
  sex: Sex;
  ageBand: AgeBand;
  minorAtExploitation: boolean | null;
  citizenship: CountryCode[];
  languages: string[];
  exploitationForms: ExploitationForm[];
  safetyRiskLevel: RiskLevel;
}

/**
 * The minimised snapshot a referral shares (DOMAIN §2 ReferralPayload). It is built by the sending
 * service from its own case, never from caller input, so no free text or identifier can be smuggled in.
 */
export function buildReferralPayload(source: PayloadSource, needs: SupportType[]): ReferralPayload {
  const childBand = source.ageBand === 'A0_8' || source.ageBand === 'A9_17';
  return {
    sex: source.sex,
    ageBand: source.ageBand,
    citizenship: source.citizenship,
    languages: source.languages,
    exploitationForms: [...new Set(source.exploitationForms)],
    needs: [...new Set(needs)],
    minor: childBand || source.minorAtExploitation === true,
    safetyRiskLevel: source.safetyRiskLevel,
  };
}
