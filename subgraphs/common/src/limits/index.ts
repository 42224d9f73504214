/**
 * Limits of every service (gateway, national services, network registry): shape and cost limits of
 * operations, rate limit per subject, failed authentications per client address, and body limits, each
 * refusal with its own stable `extensions.code`.
 */
export { analyzeOperation, MAX_LIST_SIZE, type OperationMetrics } from './analyze';
export { bodyLimits, jsonErrorHandler, sendRefusal } from './body';
export { LIMIT_ERROR_CODES, limitError, type LimitErrorCode } from './codes';
export { failedAuthGuard, type FailedAuthGuard } from './failedAuth';
export {
  DEFAULT_LIMITS,
  GATEWAY_LIMITS,
  NATIONAL_LIMITS,
  NETWORK_LIMITS,
  loadLimitsOptions,
  type LimitsOptions,
  type LimitsProfile,
} from './options';
export { limitsPlugin, rateDecisionOf, rateLimitSubject } from './plugin';
export { createRateLimiter, type RateDecision, type SubjectRateLimiter } from './rateLimit';
