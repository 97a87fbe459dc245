import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, type ErrorCode, httpStatusFor } from './errors.ts';

type ErrorBody = { error: { code: ErrorCode; message: string; details: Record<string, unknown> } };

const body = (code: ErrorCode, message: string, details: Record<string, unknown> = {}): ErrorBody => ({
  error: { code, message, details },
});

/** Every failure leaves as `{ error: { code, message, details } }` with the matching status. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      if (error.code === 'rate_limited' && typeof error.details.retryAfterSeconds === 'number') {
        reply.header('retry-after', String(error.details.retryAfterSeconds));
      }
      return reply.status(httpStatusFor(error.code)).send(body(error.code, error.message, error.details));
    }
    if (error.validation) {
      const [first] = error.validation;
      const field = first ? validationField(first.instancePath, first.params) : undefined;
      return reply.status(400).send(
        body(
          'validation_failed',
          `${error.validationContext ?? 'request'}${first?.instancePath ?? ''} ${first?.message ?? 'is invalid'}`,
          {
            field,
            in: error.validationContext,
            issues: error.validation.map((issue) => ({
              path: issue.instancePath,
              message: issue.message,
              params: issue.params,
            })),
          },
        ),
      );
    }
    const status = error.statusCode ?? 500;
    if (status === 413) return reply.status(413).send(body('payload_too_large', 'Request body is too large'));
    if (status === 429) return reply.status(429).send(body('rate_limited', 'Too many requests, slow down'));
    if (status >= 400 && status < 500) {
      return reply.status(status).send(body('validation_failed', error.message, { code: error.code }));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(body('internal', 'Something went wrong on our side'));
  });

  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(body('not_found', `No route for ${request.method} ${request.url.split('?')[0]}`)),
  );
}

/** The offending field's name: the path of the bad value, or the property that is missing or unknown. */
function validationField(instancePath: string, params: Record<string, unknown>): string {
  const extra = params.missingProperty ?? params.additionalProperty;
  const pathField = instancePath.replace(/^\//, '').replaceAll('/', '.');
  if (typeof extra === 'string') return pathField ? `${pathField}.${extra}` : extra;
  return pathField;
}
