import { Module } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { AuthController } from './auth.controller';
import { LoginUseCase } from './login.usecase';
import { LogOutUseCase } from './log-out.usecase';
import { StaffUsersRepository } from './staff-users.repository';

@Module({
  controllers: [AuthController],
  providers: [StaffUsersRepository, LoginUseCase, LogOutUseCase, AuditTrail],
})
export class StaffUsersModule {}
