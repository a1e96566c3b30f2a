import { Module } from '@nestjs/common';
import { ReferralsModule } from '../referrals/referrals.module';
import { ReturnsController } from './returns.controller';
import { ReturnsUseCase } from './returns.usecase';

/** Annex A and the CIN census, out of the contacts and referrals the service holds. */
@Module({
  imports: [ReferralsModule],
  controllers: [ReturnsController],
  providers: [ReturnsUseCase],
  exports: [ReturnsUseCase],
})
export class ReturnsModule {}
