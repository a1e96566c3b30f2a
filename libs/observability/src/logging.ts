import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import { AppConfig } from '@app/config';
import { randomUUID } from 'node:crypto';

/**
 * Logs are written through an asynchronous, buffered destination: fewer writes rather than a
 * system call per line under load (lines written in one turn of the event loop go out together).
 */
const destination = pino.destination({ dest: 1, sync: false, minLength: 0 });
// Flush what is buffered when the process exits normally or is stopped.
process.once('beforeExit', () => destination.flushSync());

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
        destination,
      ],
    }),
  });
