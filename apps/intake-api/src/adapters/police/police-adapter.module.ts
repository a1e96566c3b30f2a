import { Module } from '@nestjs/common';
import { AdaptersCommonModule } from '../common/adapters-common.module';
import { PoliceAdapterController } from './police-adapter.controller';

/** POST /v1/adapters/police/notifications: police notifications in their own format. */
@Module({ imports: [AdaptersCommonModule], controllers: [PoliceAdapterController] })
export class PoliceAdapterModule {}
