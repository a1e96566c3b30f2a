import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isDomainError } from '@app/contracts';
import { isDatabaseUnavailable } from './database-unavailable';
import { Problem } from './problem';

/** Writes every HTTP error as RFC 9457 problem details; unexpected errors are logged, not echoed. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const problem = this.toProblem(exception);
    const status = problem.getStatus();
    for (const [k, v] of Object.entries(problem.extraHeaders)) res.setHeader(k, v);
    res
      .status(status)
      .type('application/problem+json')
      .json({
        type: problem.type,
        title: problem.title,
        status,
        ...(problem.detail ? { detail: problem.detail } : {}),
        instance: req.originalUrl?.split('?')[0],
        ...(problem.errors ? { errors: problem.errors } : {}),
      });
  }

  private toProblem(e: unknown): Problem {
    if (e instanceof Problem) return e;
    if (isDomainError(e)) return Problem.fromDomain(e);
    if (isDatabaseUnavailable(e)) {
      this.logger.warn(`Database unavailable: ${(e as Error).message}`);
      return Problem.unavailable('The database cannot be reached; nothing was recorded. Retry shortly.');
    }
    if (e instanceof HttpException) {
      const status = e.getStatus();
      const body = e.getResponse();
      // Body-parser errors (malformed JSON, too large) arrive as HttpExceptions from Nest.
      if (status === 400 && typeof body === 'object' && body && /JSON/i.test(JSON.stringify(body))) {
        return Problem.validation(400, [{ path: '', message: 'The body is not valid JSON' }]);
      }
      const message = typeof body === 'string' ? body : ((body as { message?: string }).message ?? e.message);
      return new Problem(
        status,
        e.name.replace(/Exception$/, '').replace(/([a-z])([A-Z])/g, '$1 $2'),
        String(message),
      );
    }
    const err = e as { type?: string; status?: number };
    if (err?.type === 'entity.parse.failed')
      return Problem.validation(400, [{ path: '', message: 'The body is not valid JSON' }]);
    if (err?.type === 'entity.too.large')
      return new Problem(413, 'Payload too large', 'The body exceeds 256 kB');
    this.logger.error(`Unhandled error: ${(e as Error)?.stack ?? String(e)}`);
    return new Problem(500, 'Internal server error', 'Something went wrong; it has been logged.');
  }
}
