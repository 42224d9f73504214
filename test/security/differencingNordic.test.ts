import { describeDisclosureAttack } from '../support/disclosureSuite';

/**
 * The disclosure attack (test/support/disclosureSuite.ts) on the four larger countries of the seeded
 * network, over their two latest complete years: with Iceland (differencing.test.ts) every country of
 * the network is attacked.
 */
describeDisclosureAttack([
  { country: 'DK', yearFrom: 2024, yearTo: 2025 },
  { country: 'NO', yearFrom: 2024, yearTo: 2025 },
  { country: 'SE', yearFrom: 2024, yearTo: 2025 },
  { country: 'FI', yearFrom: 2024, yearTo: 2025 },
]);
