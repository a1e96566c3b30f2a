import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { ConfigModule } from '@app/config';
import { CriteriaModule } from '@app/criteria';
import { MessagingModule } from '@app/messaging';
import { HealthController, loggingModule, MetricsModule } from '@app/observability';
import { PersistenceModule } from '@app/persistence';
import { HealthAdapterModule } from './adapters/health/health-adapter.module';
import { PoliceAdapterModule } from './adapters/police/police-adapter.module';
import { SchoolsAdapterModule } from './adapters/schools/schools-adapter.module';
import { CallbacksModule } from './callbacks/callbacks.module';
import { ContactsModule } from './contacts/contacts.module';

/** The partner API: contacts in, decisions read back. Also runs the outbox relay. */
@Module({
  imports: [
    ConfigModule,
    loggingModule('intake-api'),
    MetricsModule,
    PersistenceModule,
    MessagingModule.forApp('intake-api', { outboxRelay: true }),
    CriteriaModule,
    AuthModule,
    ContactsModule,
    PoliceAdapterModule,
    SchoolsAdapterModule,
    HealthAdapterModule,
    CallbacksModule,
  ],
  controllers: [HealthController],
})
export class IntakeModule {}
