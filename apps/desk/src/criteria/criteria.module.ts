import { Module } from '@nestjs/common';
import { CriteriaController } from './criteria.controller';
import { TryCriteriaUseCase } from './try-criteria.usecase';

@Module({ controllers: [CriteriaController], providers: [TryCriteriaUseCase] })
export class DeskCriteriaModule {}
