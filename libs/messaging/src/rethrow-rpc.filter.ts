import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';

/**
 * Nest's default RPC filter replaces every error with a generic "Internal server error", which would hide
 * from KafkaConsumerServer whether a message is invalid (dead-letter now) or failed transiently (retry).
 * Put `@UseFilters(RethrowRpcFilter)` on every Kafka consumer so the original error reaches the transport.
 */
@Catch()
export class RethrowRpcFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}
