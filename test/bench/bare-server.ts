/**
 * The benchmark's ceilings for HTTP, each run as its own OS process and printing `READY <port>`:
 *  - `nest`: a bare endpoint on the same HTTP adapter and app setup as the apps (createHttpApp: Express,
 *    the same JSON body parser, pino request logging, problem-details filter) answering 202 to a POST;
 *  - `raw`: node:http answering 202 with nothing else, to measure the load generator's own limit.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { createHttpApp } from '@app/http';
import { loggingModule } from '@app/observability';

@Controller('v1/contacts')
class BareController {
  @Post()
  @HttpCode(202)
  submit(@Body() body: unknown) {
    return { id: randomUUID(), status: 'received', ok: !!body };
  }
}

@Module({ imports: [ConfigModule, loggingModule('bench-bare')], controllers: [BareController] })
class BareModule {}

async function main(): Promise<void> {
  const mode = process.argv[2];
  if (mode === 'raw') {
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(202, { 'content-type': 'application/json' });
        res.end(`{"id":"${randomUUID()}","status":"received"}`);
      });
    });
    server.keepAliveTimeout = 60000;
    server.listen(0, '127.0.0.1', () => console.log(`READY ${(server.address() as { port: number }).port}`));
    return;
  }
  const app = await createHttpApp(BareModule, { title: 'bare', description: 'bare', openApi: false });
  await app.listen(0, '127.0.0.1');
  console.log(`READY ${new URL((await app.getUrl()).replace('[::1]', '127.0.0.1')).port}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
