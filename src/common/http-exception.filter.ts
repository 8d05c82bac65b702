import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { LIMITS } from '#contracts';
import { DomainError, type DomainErrorKind } from './domain-error.js';

const STATUS: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
};

function statusOf(kind: DomainErrorKind): number {
  switch (kind) {
    case 'invalid':
    case 'unauthenticated':
    case 'forbidden':
    case 'not_found':
    case 'conflict':
    case 'too_large':
    case 'rate_limited':
    case 'unavailable':
      return STATUS[kind];
    default: {
      const never: never = kind;
      return never;
    }
  }
}

/**
 * Errors raised by body parsing (before any controller) carry a `type` and a `status`; those from decompressing a
 * body (a `Content-Encoding` that does not match it) carry only `status` and `expose`, as http-errors makes them.
 */
interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
  expose?: boolean;
}

/**
 * The one place errors become HTTP. Internals of unexpected errors never reach the client: they get a
 * correlation id that is also in the log line.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly log = new Logger('Errors');

  catch(err: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw err;
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    if (res.headersSent) return;
    const { status, body } = this.toResponse(err, req);
    res.status(status).json(body);
  }

  toResponse(err: unknown, req?: Request): { status: number; body: Record<string, unknown> } {
    if (err instanceof DomainError) {
      const status = statusOf(err.kind);
      return { status, body: { statusCode: status, error: reason(status), message: err.messages, code: err.code, ...err.extra } };
    }
    if (err instanceof HttpException) {
      const status = err.getStatus();
      const r = err.getResponse();
      const body = typeof r === 'string' ? { statusCode: status, error: reason(status), message: r } : { statusCode: status, error: reason(status), ...(r as object) };
      return { status, body };
    }
    const bp = err as BodyParserError;
    const bpStatus = bp?.status ?? bp?.statusCode;
    if (bp && (typeof bp.type === 'string' || bp.expose === true) && typeof bpStatus === 'number' && bpStatus >= 400 && bpStatus < 500) {
      const status = bpStatus;
      const message =
        bp.type === 'entity.too.large' ? 'request body is larger than 256 KB'
        : bp.type === 'entity.parse.failed' ? 'request body is not valid JSON'
        : bp.type === 'entity.too.deep' ? `request body nests objects and arrays more than ${LIMITS.jsonDepth} levels deep`
        : bp.type === 'encoding.unsupported' || bp.type === 'charset.unsupported' ? 'unsupported body encoding'
        : 'request body could not be read';
      return { status, body: { statusCode: status, error: reason(status), message } };
    }
    if (isDatabaseUnavailable(err)) {
      // Not the caller's fault and not a bug: the database is restarting or unreachable. Clients may retry.
      req?.res?.setHeader('Retry-After', '5');
      return { status: 503, body: { statusCode: 503, error: 'Service Unavailable', message: 'the database is unavailable just now; try again shortly' } };
    }
    const correlationId = randomUUID();
    this.log.error({ err, correlationId, path: req?.originalUrl }, `unhandled error ${correlationId}`);
    return {
      status: 500,
      body: { statusCode: 500, error: 'Internal Server Error', message: 'an unexpected error occurred', correlationId },
    };
  }
}

function reason(status: number): string {
  const name = (HttpStatus as unknown as Record<number, string>)[status];
  if (!name) return 'Error';
  if (status === 413) return 'Payload Too Large';
  return name.toLowerCase().split('_').map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');
}

/** Connection-level failures of PostgreSQL (SQLSTATE classes 08 and 57P, too many connections) or the socket. */
function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; driverError?: { code?: unknown }; message?: unknown } | undefined;
  const code = String(e?.driverError?.code ?? e?.code ?? '');
  if (/^08|^57P0[1-3]$|^53300$/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(code)) return true;
  return typeof e?.message === 'string' && /Connection terminated|connection timeout|timeout exceeded when trying to connect/i.test(e.message);
}
