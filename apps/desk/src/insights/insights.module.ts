import { Module } from '@nestjs/common';
import { ReferralsModule } from '../referrals/referrals.module';
import { DashboardAssetsController } from './dashboard-assets.controller';
import { InsightsController } from './insights.controller';
import { InsightsReadUseCase } from './insights-read.usecase';

/** Manager dashboards: the insights reads and the dashboard page. */
@Module({
  imports: [ReferralsModule],
  controllers: [InsightsController, DashboardAssetsController],
  providers: [InsightsReadUseCase],
})
export class InsightsModule {}
