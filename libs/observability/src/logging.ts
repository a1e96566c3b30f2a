import { LoggerModule } from 'nestjs-pino';
import { AppConfig, logDestination } from '@app/config';
import { randomUUID } from 'node:crypto';

/**
 * A client's X-Request-Id is kept only as a short token of safe characters; anything else (a long value, a
 * name, spaces, a repeated header) is replaced by our own id, so a client cannot write into our logs.
 */
export function safeRequestId(given: string | string[] | undefined): string {
  return typeof given === 'string' && /^[A-Za-z0-9._:-]{1,64}$/.test(given) ? given : randomUUID();
}

/**
 * pino JSON logs. Request and response bodies and headers are never logged (they carry children's details
 * and partners' keys): only method, path, status, timing and a request id.
 */
export const loggingModule = (app: string) =>
  LoggerModule.forRootAsync({
    inject: [AppConfig],
    useFactory: (config: AppConfig) => ({
      pinoHttp: [
        {
          name: app,
          level: config.LOG_LEVEL,
          genReqId: (req) => safeRequestId(req.headers['x-request-id']),
          serializers: {
            req: (req: { id: string; method: string; url: string }) => ({
              id: req.id,
              method: req.method,
              path: req.url.split('?')[0],
            }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
          autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
          redact: {
            paths: ['req.headers', 'req.body', 'res.headers', 'body', 'child', '*.child'],
            remove: true,
          },
        },
        logDestination(config.LOG_FILE),
      ],
    }),
  });
