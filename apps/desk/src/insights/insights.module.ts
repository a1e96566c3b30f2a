import { Module, OnModuleInit } from '@nestjs/common';
import { schoolCalendar } from '@app/insights';
import { AuditTrail } from '@app/audit';
import { InsightsReadsRepository } from './insights-reads.repository';
import { ReferralsModule } from '../referrals/referrals.module';
import { InsightsController } from './insights.controller';
import { InsightsReadUseCase } from './insights-read.usecase';
import { PartnerFiguresController } from './partner-figures.controller';
import { PartnerFiguresUseCase } from './partner-figures';
import { SpikeExplanationController } from './spike-explanation.controller';
import { SpikeExplanationUseCase } from './spike-explanation.usecase';

/** Manager dashboards: the insights reads (the page is the web app's, apps/desk-web). */
@Module({
  imports: [ReferralsModule],
  controllers: [InsightsController, PartnerFiguresController, SpikeExplanationController],
  providers: [
    AuditTrail,
    InsightsReadsRepository,
    InsightsReadUseCase,
    PartnerFiguresUseCase,
    SpikeExplanationUseCase,
  ],
})
export class InsightsModule implements OnModuleInit {
  /** The school-year file is validated at start-up: a bad file stops the app, naming every fault. */
  onModuleInit(): void {
    schoolCalendar();
  }
}
