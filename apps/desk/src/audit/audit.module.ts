import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditLogRepository } from './audit-log.repository';
import { ReadAuditUseCase } from './read-audit.usecase';

@Module({ controllers: [AuditController], providers: [AuditLogRepository, ReadAuditUseCase] })
export class AuditModule {}
