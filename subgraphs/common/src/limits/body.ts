import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import { LIMIT_ERROR_CODES, type LimitErrorCode } from './codes';
import type { LimitsOptions } from './options';

/** A refusal in GraphQL's shape, whatever the service and NODE_ENV: never HTML, never a stack trace. */
export function sendRefusal(res: Response, status: number, code: LimitErrorCode, message: string): void {
  res
    .status(status)
    .type('application/json')
    .send(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/** Media types whose body is parsed as JSON (`application/json`, `application/graphql-response+json`, …). */
const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * Body limits for a GraphQL endpoint, to mount before Apollo's middleware (and instead of a bare
 * `express.json`):
 * 1. a declared `Content-Length` above `maxBodyBytes` → 413 `BODY_TOO_LARGE` without reading the body;
 * 2. a POST that is not JSON (`Content-Type`) → 415 `UNSUPPORTED_MEDIA_TYPE`;
 * 3. JSON parsed with the same limit, also for chunked or compressed bodies (counted after
 *    decompression) → 413 `BODY_TOO_LARGE`; a body that is not JSON, not an object or array, or not
 *    decodable → 400 `MALFORMED_REQUEST`;
 * 4. unless `allowBatching`, a JSON array body (batched operations) → 400 `BATCHING_NOT_ALLOWED`.
 * The refusals are GraphQL-shaped JSON: `{"errors":[{"message":…,"extensions":{"code":…}}]}`, each
 * reported to `onRefusal` (e.g. the gateway's refusal log).
 */
export function bodyLimits(
  options: Pick<LimitsOptions, 'maxBodyBytes' | 'allowBatching'>,
  onRefusal: (req: Request, status: number, code: LimitErrorCode) => void = () => {},
): RequestHandler[] {
  const { maxBodyBytes } = options;
  const refuse = (req: Request, res: Response, status: number, code: LimitErrorCode, message: string) => {
    onRefusal(req, status, code);
    sendRefusal(res, status, code, message);
  };
  const tooLarge = (req: Request, res: Response, bytes: number | null) =>
    refuse(
      req,
      res,
      413,
      LIMIT_ERROR_CODES.BODY_TOO_LARGE,
      `Request body ${bytes === null ? '' : `of ${bytes} bytes `}exceeds the limit of ${maxBodyBytes} bytes; ` +
        'send a shorter query (use variables and fragments instead of repeated inline values) or split it.',
    );

  const declaredLength: RequestHandler = (req, res, next) => {
    const length = Number(req.headers['content-length']);
    if (Number.isFinite(length) && length > maxBodyBytes) {
      tooLarge(req, res, length);
      return;
    }
    next();
  };

  const contentType: RequestHandler = (req, res, next) => {
    if (req.method === 'POST' && !req.is(JSON_TYPES)) {
      refuse(
        req,
        res,
        415,
        LIMIT_ERROR_CODES.UNSUPPORTED_MEDIA_TYPE,
        `A GraphQL POST must be JSON: send "Content-Type: application/json" with a body like ` +
          `{"query": "…", "variables": {…}} (got ${JSON.stringify(req.headers['content-type'] ?? 'no Content-Type')}).`,
      );
      return;
    }
    next();
  };

  const json = express.json({ limit: maxBodyBytes, type: JSON_TYPES, strict: true });
  const parse: RequestHandler = (req, res, next) => {
    json(req, res, (err?: unknown) => {
      if (!err) {
        next();
        return;
      }
      const type = (err as { type?: string }).type;
      if (type === 'entity.too.large') {
        const length = Number(req.headers['content-length']);
        tooLarge(req, res, Number.isFinite(length) && length > maxBodyBytes ? length : null);
        return;
      }
      // entity.parse.failed, encoding.unsupported, charset.unsupported, request.size.invalid, …
      refuse(
        req,
        res,
        400,
        LIMIT_ERROR_CODES.MALFORMED_REQUEST,
        'The request body is not a valid JSON GraphQL request: send a UTF-8 JSON object like ' +
          '{"query": "…", "variables": {…}} with "Content-Type: application/json".',
      );
    });
  };

  const batching: RequestHandler = (req, res, next) => {
    if (!options.allowBatching && Array.isArray(req.body)) {
      refuse(
        req,
        res,
        400,
        LIMIT_ERROR_CODES.BATCHING_NOT_ALLOWED,
        `Batched operations (a JSON array of ${req.body.length}) are not allowed; send one operation per request.`,
      );
      return;
    }
    next();
  };

  return [declaredLength, contentType, parse, batching];
}

/**
 * The last error handler of an Express app: whatever reached it (a middleware's failure, a body error no
 * route handled) is answered as a GraphQL-shaped JSON error, in every NODE_ENV — never Express's HTML
 * page with the stack trace and file paths. The error itself goes to `log`.
 */
export function jsonErrorHandler(log: (error: unknown) => void = () => {}): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      sendRefusal(
        res,
        status,
        status === 413 ? LIMIT_ERROR_CODES.BODY_TOO_LARGE : LIMIT_ERROR_CODES.MALFORMED_REQUEST,
        'The request could not be read as a GraphQL request: send a JSON object like ' +
          '{"query": "…", "variables": {…}} with "Content-Type: application/json".',
      );
      return;
    }
    log(error);
    sendRefusal(
      res,
      500,
      LIMIT_ERROR_CODES.INTERNAL_SERVER_ERROR,
      'The service failed to handle the request; retry, and if it persists tell the operators (the details are in their log).',
    );
  };
}
