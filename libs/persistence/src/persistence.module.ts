import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { configureAuditTrail } from '@app/audit';
import { AppConfig } from '@app/config';
import { dataSourceOptions } from './data-source';

/** Connects an app to Postgres through the shared DataSource options (migrations are run separately). */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        // The audit chain's key and checkpoint directory come from the app's configuration, not the database.
        configureAuditTrail(config);
        return {
          ...dataSourceOptions(config.DATABASE_APP_URL, {}, config.DB_POOL_SIZE),
          migrationsRun: false,
        };
      },
    }),
  ],
  exports: [TypeOrmModule],
})
export class PersistenceModule {}
