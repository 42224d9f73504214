import type { Purpose, Role } from '@nordic/schema';

/**
 * Example operations preloaded in the IDE, one per coordinator use case of docs/domain.md §3 that the
 * supergraph can answer today. Each opens as a tab (named after its operation) and is listed by title
 * in the IDE's "Examples" panel; the first line of each query says what a coordinator uses it for.
 * Every example must validate against the supergraph's API schema.
 */
export interface IdeExample {
  /** Shown in the Examples panel. */
  title: string;
  /** The GraphQL document, starting with a `#` comment line. */
  query: string;
  /** Variables as JSON text, for operations that declare variables. */
  variables?: string;
  /**
   * Who runs it, when not a Finnish coordinator working on continuity of care: the tab opens with the
   * `x-purpose` header set and a placeholder for that caller's token.
   */
  caller?: { country: string; role: Role; purpose: Purpose };
}

/** Stands in the "Sweden answers" example for the id the "Finland sends" example returned. */
export const SENT_REFERRAL_PLACEHOLDER = 'paste the id that step 1 returned';

export const IDE_EXAMPLES: IdeExample[] = [
  {
    title: 'Nordic statistics by exploitation',
    query: `# Registered victims in 2024 by Eurostat exploitation group, per country; small cells come back suppressed.
query NordicStatisticsByExploitation {
  countries {
    code
    name
    connected
    statistics(year: 2024, groupBy: [EXPLOITATION_GROUP]) {
      exploitationGroup
      value
      suppressed
      threshold
    }
  }
}
`,
  },
  {
    title: 'Five-year trend',
    query: `# Registered victims per country and year, 2019–2024, for a dashboard line chart.
query FiveYearTrend {
  countries {
    code
    name
    connected
    statistics(year: 2019, yearTo: 2024, measure: REGISTERED_VICTIMS) {
      year
      value
      suppressed
      provisional
    }
  }
}
`,
  },
  {
    title: 'Labour exploitation by industry',
    query: `# Identified victims by exploitation group and industry (ISIC section); read the FORCED_LABOUR_OR_SERVICES rows.
query LabourExploitationByIndustry {
  countries {
    code
    name
    connected
    statistics(year: 2024, measure: IDENTIFIED_VICTIMS, groupBy: [EXPLOITATION_GROUP, INDUSTRY]) {
      exploitationGroup
      industry
      value
      suppressed
      suppression
    }
  }
}
`,
  },
  {
    title: 'Route flows',
    query: `# Use case 4: registered victims by country of recruitment → country of exploitation, 2021–2024, per registering country.
query RouteFlows {
  countries {
    code
    routeFlows(year: 2021, yearTo: 2024) {
      from
      to
      value
      suppressed
      suppression
    }
  }
}
`,
  },
  {
    title: 'Referral turnaround',
    query: `# Use case 14: referrals sent, accepted and declined per country pair in 2024, and the median days to an answer.
query ReferralTurnaround {
  countries {
    code
    referralMetrics(year: 2024) {
      fromCountry
      toCountry
      sent { value suppressed }
      accepted { value suppressed }
      declined { value suppressed }
      medianDaysToResponse
      medianSuppressed
    }
  }
}
`,
  },
  {
    title: 'Eurostat THB export',
    query: `# Use case 13: one year in the Eurostat trafficking breakdown, per country, suppressed cells included as such.
query EurostatExport {
  countries {
    code
    eurostatExport(year: 2024) {
      table
      rows {
        sex
        ageGroup
        citizenshipGroup
        exploitationGroup
        registeringOrgType
        value
        suppressed
        suppression
      }
    }
  }
}
`,
  },
  {
    title: 'Contact directory',
    query: `# Who is Norway's focal point for child referrals, and through which channel may case data reach them?
query ContactDirectory {
  contactPoints(country: NO, role: CHILD_REFERRAL_FOCAL_POINT) {
    id
    role
    organisation {
      name
    }
    functionalEmail
    languages
    availability
    secureChannel
  }
}
`,
  },
  {
    title: "My country's cases",
    query: `# Browse your own country's cases (use your country's code: browsing is for a country's own users).
query MyCountrysCases {
  cases(countries: [FI], first: 5) {
    country
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      openedMonth
      status
      exploitations {
        form
        country
      }
    }
  }
}
`,
  },
  {
    title: 'One case with its cross-border timeline',
    query: `# Follow one case's trafficking chain (recruitment, transit, exploitation) into the linked cases abroad.
query CaseWithCrossBorderTimeline($id: ID!) {
  case(id: $id) {
    id
    country
    events {
      type
      country
      month
    }
    links {
      basis
      caseB {
        id
        country
        events {
          type
          country
          month
        }
      }
    }
    originReferral {
      id
      fromCountry
    }
  }
}
`,
    variables: `{
  "id": "FI:Case:2023-000001"
}
`,
  },
  {
    title: 'Linked cases FI–SE',
    query: `# Cross-border links Finland has proposed to Swedish cases since January 2023, with the forms of exploitation.
query LinkedCasesFinlandSweden {
  caseLinks(countries: [FI], with: [SE], since: "2023-01") {
    id
    basis
    createdMonth
    confirmedBy
    caseA {
      id
      country
      exploitations {
        form
      }
    }
    caseB {
      id
      country
    }
  }
}
`,
  },
  {
    title: 'Incoming referrals for Finland',
    query: `# Finland's referral inbox (with a Finnish token): what the other countries sent to FI, the minimised payload, and the case FI opened.
query IncomingReferralsForFinland {
  referrals(direction: INCOMING, counterpart: FI, status: [SENT, RECEIVED, ACCEPTED]) {
    id
    fromCountry
    toCountry
    status
    reason
    urgency
    sharedPayload {
      ageBand
      exploitationForms
      needs
      minor
    }
    expiresAt
    destinationCase {
      id
    }
  }
}
`,
  },
  {
    title: 'Referral 1/3: Finland sends a referral to Sweden',
    query: `# As a Finnish coordinator (x-purpose CROSS_BORDER_REFERRAL): refer a victim who is moving to Sweden, addressed to an organisation of Sweden in the network directory (its caseworkers see it; leave toOrganisationId out to address Sweden's coordinators). Finland builds the minimised payload from its own case; a retry with the same idempotencyKey sends nothing twice (use a new key for a new referral).
mutation SendReferralToSweden($caseId: ID!, $key: String!) {
  createReferral(
    caseId: $caseId
    idempotencyKey: $key
    request: {
      toCountry: SE
      toOrganisationId: "SE:Organisation:nsp"
      reason: MIGRATION_OR_CHANGE_OF_LOCATION
      urgency: URGENT
      needs: [SAFE_ACCOMMODATION, INTERPRETATION]
      legalBasis: GDPR_6_1_E
      consentRecorded: true
    }
  ) {
    id
    status
    toCountry
    toOrganisation {
      id
      name
    }
    expiresAt
    sharedPayload {
      sex
      ageBand
      exploitationForms
      needs
      minor
      safetyRiskLevel
    }
  }
}
`,
    variables: `{
  "caseId": "FI:Case:2023-000001",
  "key": "ide-example-fi-se-0002"
}
`,
    caller: { country: 'FI', role: 'NATIONAL_COORDINATOR', purpose: 'CROSS_BORDER_REFERRAL' },
  },
  {
    title: "Referral 2/3: Sweden's inbox",
    query: `# As a Swedish coordinator (a token with --country SE, x-purpose CROSS_BORDER_REFERRAL): the open referrals other countries sent to Sweden, with only their shared payload.
query SwedishReferralInbox {
  referrals(direction: INCOMING, counterpart: SE, status: [SENT, RECEIVED]) {
    id
    fromCountry
    toOrganisation {
      name
    }
    status
    urgency
    reason
    expiresAt
    sharedPayload {
      ageBand
      exploitationForms
      needs
      minor
      safetyRiskLevel
    }
  }
}
`,
    caller: { country: 'SE', role: 'NATIONAL_COORDINATOR', purpose: 'CROSS_BORDER_REFERRAL' },
  },
  {
    title: 'Referral 3/3: Sweden accepts',
    query: `# As a Swedish coordinator: accept the referral. Sweden opens its own case from the payload; both sides then show the link (the referral's destinationCase, the new case's originReferral).
mutation SwedenAcceptsReferral($id: ID!, $key: String!) {
  respondToReferral(id: $id, decision: ACCEPT, note: "Placed with the regional coordinator", idempotencyKey: $key) {
    id
    status
    respondedAt
    destinationCase {
      id
      status
      subject {
        sex
        ageBandAtIdentification
      }
    }
  }
}
`,
    variables: `{
  "id": "${SENT_REFERRAL_PLACEHOLDER}",
  "key": "ide-example-se-accept-0001"
}
`,
    caller: { country: 'SE', role: 'NATIONAL_COORDINATOR', purpose: 'CROSS_BORDER_REFERRAL' },
  },
  {
    title: 'Person match (duplicate check)',
    query: `# Send with "x-purpose": "DUPLICATE_CHECK" (a Finnish coordinator): is the person of this Finnish case known elsewhere? Existence only.
# Finland sends keyed hashes of the person's name, birth month, citizenship and document to the other countries, never the
# names; each says whether it holds a record and where to follow up. Sweden recorded this person under another spelling.
mutation PersonMatch($caseId: ID!, $justification: String!) {
  matchPerson(caseId: $caseId, justification: $justification) {
    country
    hasRecord
    contactPoint {
      id
      organisation {
        name
      }
      functionalEmail
      secureChannel
    }
  }
}
`,
    variables: `{
  "caseId": "FI:Case:2023-000145",
  "justification": "Victim says she was registered in Sweden last summer; continuity of assistance."
}
`,
    caller: { country: 'FI', role: 'NATIONAL_COORDINATOR', purpose: 'DUPLICATE_CHECK' },
  },
  {
    title: 'Code list labels',
    query: `# Finnish labels of the forms of exploitation, e.g. to label a dashboard or a national report.
query CodeListLabels {
  codeList(name: "ExploitationForm", lang: "fi") {
    name
    values {
      code
      label
    }
  }
}
`,
  },
  {
    title: 'Audit: who read what, and why',
    query: `# For an auditor of Finland (purpose AUDIT): the latest accesses to Finland's records, with who, from where, why and the outcome.
query AuditorReview {
  auditEvents(country: FI, first: 20) {
    nodes {
      at
      action
      outcome
      actorId
      actorCountry
      role
      purpose
      crossBorder
      entityType
      entityIds
      resultCount
      reason
    }
  }
}
`,
    caller: { country: 'FI', role: 'AUDITOR', purpose: 'AUDIT' },
  },
];
