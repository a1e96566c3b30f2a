import { Module, Type } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { ConfigModule } from '@app/config';
import { CriteriaModule } from '@app/criteria';
import { QueueName } from '@app/contracts';
import { JobsModule, MessagingModule } from '@app/messaging';
import { HealthController, loggingModule, MetricsModule } from '@app/observability';
import { PersistenceModule } from '@app/persistence';
import { RebuildPanelTimersUseCase } from './placement-requests/panel-timers';
import { PlacementRequestsModule } from './placement-requests/placement-requests.module';
import { AlertsFeedModule } from './alerts-feed/alerts-feed.module';
import { AuditModule } from './audit/audit.module';
import { ChildViewModule } from './child-view/child-view.module';
import { DeskCriteriaModule } from './criteria/criteria.module';
import { NotificationsModule } from './notifications/notifications.module';
import { QueueModule } from './queue/queue.module';
import { RebuildSlaTimersUseCase } from './sla/rebuild-sla-timers.usecase';
import { SlaModule } from './sla/sla.module';
import { StaffUsersModule } from './staff-users/staff-users.module';
import { WebModule } from './web/web.module';
import { InsightsModule } from './insights/insights.module';
import { ReferralsModule } from './referrals/referrals.module';
import { ReturnsModule } from './returns/returns.module';
import { LiveModule } from './live/live.module';

/**
 * The staff API (everything under /v1/ but contacts) and the web UI, on one port. Each feature is its own
 * module; add yours to `features`.
 */
const features: Type<unknown>[] = [
  // feature modules, one per line
  PlacementRequestsModule,
  AlertsFeedModule,
  StaffUsersModule,
  QueueModule,
  SlaModule,
  AuditModule,
  DeskCriteriaModule,
  ChildViewModule,
  NotificationsModule,
  WebModule,
  InsightsModule,
  ReferralsModule,
  ReturnsModule,
  LiveModule,
];

@Module({
  imports: [
    ConfigModule,
    loggingModule('desk'),
    MetricsModule,
    PersistenceModule,
    MessagingModule.forApp('desk', { outboxRelay: true }),
    CriteriaModule,
    AuthModule,
    JobsModule.forRoot({
      queues: [QueueName.Sla, QueueName.PlacementPanel],
      processes: [QueueName.Sla, QueueName.PlacementPanel],
      atStartup: [RebuildSlaTimersUseCase, RebuildPanelTimersUseCase],
    }),
    ...features,
  ],
  controllers: [HealthController],
})
export class DeskAppModule {}
