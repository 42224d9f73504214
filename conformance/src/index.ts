export {
  type ConformanceOptions,
  type ConformanceReport,
  type ResultOfCheck,
  ALL_CHECKS,
  runConformance,
} from './run';
export { junitXml, summary, totals } from './report';
export { AREAS, type Area, type CheckResult, type Status } from './checks/check';
export { ACCEPTED_CODES } from './checks/errorCodeChecks';
