import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigModule } from '@app/config';
import { CriteriaModule } from '@app/criteria';
import { createDataSource } from '@app/persistence';
import { ImportContactsUseCase, ImportModule } from '../import/import-contacts.usecase';
import { progressLine } from './import-progress';

/** The import's DataSource: connected once, at once (a database that is not there stops the import). */
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => createDataSource(config.DATABASE_APP_URL).initialize(),
    },
  ],
  exports: [DataSource],
})
class ImportDatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}
  async onApplicationShutdown(): Promise<void> {
    await this.ds.destroy();
  }
}

/** The import's own context: config, the database and the criteria, no HTTP, Kafka or Redis. */
@Module({
  imports: [ConfigModule, { module: ImportDatabaseModule, global: true }, CriteriaModule, ImportModule],
})
class ImportCliModule {}

const USAGE = `Usage: npm run import -- <file.ndjson> [--strict]
One JSON object per line: a canonical contact (contact-api.md) plus "receivedAt" (a past instant) and
"partner" (the partner's name, created if absent). Bad lines are reported by line number and not stored;
the rest are imported as closed history. Importing the same file again imports nothing new.
--strict: exit with status 1 when any line was rejected (the good lines are still imported).`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const app = await NestFactory.createApplicationContext(ImportCliModule, {
    logger: false,
    abortOnError: false,
  });
  try {
    // Streamed: one line at a time (readline over a file stream), a few in flight, so memory stays flat
    // whatever the file's size.
    const input = createReadStream(file, 'utf8');
    const lines = createInterface({ input, crlfDelay: Infinity });
    const started = Date.now();
    let read = 0;
    // On a terminal, the progress (lines, rate, time left) on one line of stderr, every second.
    const totalBytes = statSync(file).size;
    const progress = process.stderr.isTTY
      ? setInterval(() => {
          const line = progressLine({
            lines: read,
            bytesRead: input.bytesRead,
            totalBytes,
            elapsedMs: Date.now() - started,
          });
          process.stderr.write(`\r${line}\x1b[K`);
        }, 1000)
      : null;
    async function* counted() {
      for await (const line of lines) {
        read++;
        yield line;
      }
    }
    const report = await app
      .get(ImportContactsUseCase)
      .execute(counted())
      .finally(() => {
        if (progress) {
          clearInterval(progress);
          process.stderr.write('\r\x1b[K');
        }
      });
    for (const r of report.rejected) {
      // Paths and messages only: never the line's content (it names a child).
      console.error(
        `line ${r.line}: ${r.errors.map((e) => `${e.path || '(line)'}: ${e.message}`).join('; ')}`,
      );
    }
    console.log(
      `Imported ${report.imported} contact(s), ${report.alreadyPresent} already present, ` +
        `${report.rejected.length} line(s) rejected, of ${report.lines} in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
    if (report.rejected.length && args.includes('--strict')) process.exitCode = 1;
  } finally {
    await app.close();
  }
}

main().catch((e) => {
  console.error(`import: ${(e as Error).message}`);
  process.exit(1);
});
