import { Module, Type } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { ConfigModule } from '@app/config';
import { CriteriaModule } from '@app/criteria';
import { MessagingModule } from '@app/messaging';
import { HealthController, loggingModule } from '@app/observability';
import { PersistenceModule } from '@app/persistence';

/**
 * The staff API (everything under /v1/ but contacts) and the web UI, on one port. Each feature is its own
 * module; add yours to `features`.
 */
const features: Type<unknown>[] = [
  // feature modules, one per line
];

@Module({
  imports: [
    ConfigModule,
    loggingModule('desk'),
    PersistenceModule,
    MessagingModule.forApp('desk', { outboxRelay: true }),
    CriteriaModule,
    AuthModule,
    ...features,
  ],
  controllers: [HealthController],
})
export class DeskAppModule {}
