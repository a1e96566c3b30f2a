import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '@app/config';
import { randomUUID } from 'node:crypto';

/**
 * pino JSON logs. Request and response bodies and headers are never logged (they carry children's details
 * and partners' keys): only method, path, status, timing and a request id.
 */
export const loggingModule = (app: string) =>
  LoggerModule.forRootAsync({
    inject: [AppConfig],
    useFactory: (config: AppConfig) => ({
      pinoHttp: {
        name: app,
        level: config.LOG_LEVEL,
        genReqId: (req) => (req.headers['x-request-id'] as string) ?? randomUUID(),
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
    }),
  });
