import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { Problem } from '@app/http';

/**
 * The request's one `Idempotency-Key`. Node joins a repeated header into "a, b", which would read as a new
 * key (a generated client that declared the header twice sent `k, k` and recorded one contact twice), so a
 * header sent more than once is 400 here, from the raw headers; a comma in the value is 400 in
 * assertIdempotencyKey. Read this way, not with @Headers(), so the OpenAPI document declares it once (by
 * the route's @ApiHeader).
 */
export const IdempotencyKey = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): string | undefined => {
    const req = ctx.switchToHttp().getRequest<Request>();
    let sent = 0;
    for (let i = 0; i < req.rawHeaders.length; i += 2)
      if (req.rawHeaders[i].toLowerCase() === 'idempotency-key') sent++;
    if (sent > 1) {
      throw Problem.validation(400, [
        { path: 'header:Idempotency-Key', message: 'must be sent once, with one key' },
      ]);
    }
    const value = req.headers['idempotency-key'];
    return typeof value === 'string' ? value : undefined;
  },
);
