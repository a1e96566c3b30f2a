import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigModule } from '@app/config';
import { CriteriaModule } from '@app/criteria';
import { createDataSource } from '@app/persistence';
import { ImportContactsUseCase, ImportModule } from '../import/import-contacts.usecase';

/** The import's DataSource: connected once, at once (a database that is not there stops the import). */
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => createDataSource(config.DATABASE_URL).initialize(),
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
    const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
    const started = Date.now();
    const report = await app.get(ImportContactsUseCase).execute(lines);
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
