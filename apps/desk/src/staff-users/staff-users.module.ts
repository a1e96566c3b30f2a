import { Module } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { AuthController } from './auth.controller';
import { LoginUseCase } from './login.usecase';
import { LogOutUseCase } from './log-out.usecase';

@Module({ controllers: [AuthController], providers: [LoginUseCase, LogOutUseCase, AuditTrail] })
export class StaffUsersModule {}
