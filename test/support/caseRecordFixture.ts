/** A complete, valid record of the interchange format; tests vary it. */
export function caseRecordFixture(
  reference: string,
  changes: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    sourceReference: reference,
    registeringOrgType: 'NGO',
    openedMonth: '2024-03',
    closedMonth: null,
    status: 'ACTIVE',
    sex: 'FEMALE',
    ageBand: 'A24_26',
    minorAtExploitation: false,
    citizenship: ['NG', 'IT'],
    migrationStatus: 'ASYLUM_SEEKER',
    recruiterRelationship: null,
    recruitmentMethods: [],
    accompaniedChildrenCount: 0,
    languages: ['en'],
    identification: {
      status: 'PRESUMED',
      decidedByOrgType: 'NGO',
      decidedMonth: '2024-04',
      reflectionPeriodEndsMonth: null,
    },
    exploitations: [
      {
        form: 'SEXUAL_EXPLOITATION',
        sexualType: null,
        industry: null,
        country: 'FI',
        fromMonth: '2023-06',
        toMonth: '2024-02',
        meansOfControl: ['DEBT_BONDAGE', 'THREATS'],
        onlineFacilitated: true,
      },
      {
        form: 'FORCED_BEGGING',
        sexualType: null,
        industry: null,
        country: 'SE',
        fromMonth: null,
        toMonth: null,
        meansOfControl: [],
        onlineFacilitated: null,
      },
    ],
    events: [{ type: 'RECRUITMENT', country: 'NG', nuts2: null, month: '2023-01' }],
    indicators: [],
    assistance: [
      { type: 'HEALTH', providerOrgType: 'NGO', status: 'ACTIVE', startMonth: '2024-04', endMonth: null },
    ],
    perpetratorSummary: null,
    legalBasisNational: null,
    safetyRiskLevel: 'MEDIUM',
    identity: {
      familyName: 'Testperson',
      // Distinct per record but never the reference itself (the last test scans the store for it).
      givenNames: `Anna ${reference.slice(-1)}`,
      birthYearMonth: '1999-05',
      nationalIdNumber: null,
      travelDocumentNumber: null,
    },
    originReferralId: null,
    responsibleOrgId: null,
    ...changes,
  };
}
