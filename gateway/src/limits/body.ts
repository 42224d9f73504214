import express, { type Request, type RequestHandler, type Response } from 'express';
import { LIMIT_ERROR_CODES, type LimitErrorCode } from './codes';
import type { LimitsOptions } from './options';

function sendRefusal(res: Response, status: number, code: LimitErrorCode, message: string): void {
  res
    .status(status)
    .type('application/json')
    .send(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/**
 * Body limits for `/graphql`, to mount before `express.json` (which then finds the body parsed and
 * does nothing) and before Apollo's middleware:
 * 1. a declared `Content-Length` above `maxBodyBytes` → 413 `BODY_TOO_LARGE` without reading the body;
 * 2. JSON parsed with the same limit, also for chunked or compressed bodies (counted after
 *    decompression) → 413 `BODY_TOO_LARGE`;
 * 3. unless `allowBatching`, a JSON array body (batched operations) → 400 `BATCHING_NOT_ALLOWED`.
 * The refusals are GraphQL-shaped JSON: `{"errors":[{"message":…,"extensions":{"code":…}}]}`, each
 * reported to `onRefusal` (the gateway's refusal log).
 */
export function bodyLimits(
  options: Pick<LimitsOptions, 'maxBodyBytes' | 'allowBatching'>,
  onRefusal: (req: Request, status: number, code: LimitErrorCode) => void = () => {},
): RequestHandler[] {
  const { maxBodyBytes } = options;
  const sendGraphQLError = (
    req: Request,
    res: Response,
    status: number,
    code: LimitErrorCode,
    message: string,
  ) => {
    onRefusal(req, status, code);
    sendRefusal(res, status, code, message);
  };
  const tooLarge = (req: Request, res: Response, bytes: number | null) =>
    sendGraphQLError(
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

  const json = express.json({ limit: maxBodyBytes });
  const parse: RequestHandler = (req, res, next) => {
    json(req, res, (err?: unknown) => {
      if (err && (err as { type?: string }).type === 'entity.too.large') {
        const length = Number(req.headers['content-length']);
        tooLarge(req, res, Number.isFinite(length) && length > maxBodyBytes ? length : null);
        return;
      }
      next(err);
    });
  };

  const batching: RequestHandler = (req, res, next) => {
    if (!options.allowBatching && Array.isArray(req.body)) {
      sendGraphQLError(
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

  return [declaredLength, parse, batching];
}
