import { Module } from '@nestjs/common';
import { AdaptersCommonModule } from '../common/adapters-common.module';
import { SchoolsAdapterController } from './schools-adapter.controller';

/** POST /v1/adapters/schools/concerns: a school's safeguarding concern in its own format. */
@Module({ imports: [AdaptersCommonModule], controllers: [SchoolsAdapterController] })
export class SchoolsAdapterModule {}
