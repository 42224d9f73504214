/**
 * Gateway limits: shape and cost limits of operations, rate limit per subject, and body limits, each
 * refusal with its own stable `extensions.code`.
 */
export { analyzeOperation, MAX_LIST_SIZE, type OperationMetrics } from './analyze';
export { bodyLimits } from './body';
export { LIMIT_ERROR_CODES, type LimitErrorCode } from './codes';
export { DEFAULT_LIMITS, loadLimitsOptions, type LimitsOptions } from './options';
export { limitsPlugin, rateDecisionOf, rateLimitSubject } from './plugin';
export { createRateLimiter, type RateDecision, type SubjectRateLimiter } from './rateLimit';
