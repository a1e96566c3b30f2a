import { Module } from '@nestjs/common';
import { ReferralsModule } from '../referrals/referrals.module';
import { DashboardAssetsController } from './dashboard-assets.controller';
import { InsightsController } from './insights.controller';
import { InsightsReadUseCase } from './insights-read.usecase';
import { PartnerFiguresController } from './partner-figures.controller';
import { PartnerFiguresUseCase } from './partner-figures';

/** Manager dashboards: the insights reads and the dashboard page. */
@Module({
  imports: [ReferralsModule],
  controllers: [InsightsController, PartnerFiguresController, DashboardAssetsController],
  providers: [InsightsReadUseCase, PartnerFiguresUseCase],
})
export class InsightsModule {}
