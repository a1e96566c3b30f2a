import { Module } from '@nestjs/common';
import { AdaptersCommonModule } from '../common/adapters-common.module';
import { HealthAdapterController } from './health-adapter.controller';

/** POST /v1/adapters/health/referrals: a health safeguarding referral in its own format. */
@Module({ imports: [AdaptersCommonModule], controllers: [HealthAdapterController] })
export class HealthAdapterModule {}
