import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { ReadAuditUseCase } from './read-audit.usecase';

@Module({ controllers: [AuditController], providers: [ReadAuditUseCase] })
export class AuditModule {}
