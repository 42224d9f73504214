import { codeList } from './codeList';

export const Measure = codeList(
  'Measure',
  [
    'REGISTERED_VICTIMS',
    'PRESUMED_VICTIMS',
    'IDENTIFIED_VICTIMS',
    'SUSPECTS',
    'PROSECUTED',
    'CONVICTED',
    'NRM_REFERRALS',
    'NEW_ASSISTANCE_CLIENTS',
    'CROSS_BORDER_REFERRALS',
  ] as const,
  {
    description: 'What a statistic counts.',
    source: 'Eurostat / DG HOME trafficking indicator set; FI NAS reporting',
  },
);
export type Measure = (typeof Measure)[keyof typeof Measure];

export const StatisticDimension = codeList(
  'StatisticDimension',
  [
    'COUNTRY',
    'YEAR',
    'SEX',
    'AGE_GROUP',
    'CITIZENSHIP_GROUP',
    'EXPLOITATION_GROUP',
    'EXPLOITATION_FORM',
    'INDUSTRY',
    'REGISTERING_ORG_TYPE',
  ] as const,
  {
    description:
      'A predefined breakdown of statistics. COUNTRY is always present (each country answers for itself); arbitrary filters are not offered, to block differencing attacks.',
    source: 'Eurostat crim_thb dimensions',
  },
);
export type StatisticDimension = (typeof StatisticDimension)[keyof typeof StatisticDimension];

export const SuppressionReason = codeList(
  'SuppressionReason',
  ['PRIMARY_SMALL_CELL', 'SECONDARY_COMPLEMENTARY', 'NOT_REPORTED', 'NOT_APPLICABLE'] as const,
  {
    description:
      'Why a statistic is not given as a number. Since cell-key perturbation (docs/disclosure-control.md) only NOT_REPORTED and NOT_APPLICABLE are produced; PRIMARY_SMALL_CELL and SECONDARY_COMPLEMENTARY remain for older answers.',
    source: 'Statistics Finland output checking',
  },
);
export type SuppressionReason = (typeof SuppressionReason)[keyof typeof SuppressionReason];

export const StatSource = codeList(
  'StatSource',
  ['ASSISTANCE_SYSTEM', 'POLICE', 'PROSECUTION', 'COURTS', 'MIGRATION_AGENCY', 'NGO', 'EUROSTAT'] as const,
  {
    description: 'Where a statistic comes from.',
    source: 'Eurostat crim_thb metadata; Nordic national reporting',
  },
);
export type StatSource = (typeof StatSource)[keyof typeof StatSource];
