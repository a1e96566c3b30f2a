import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { WebhookSecretBox } from '@app/http';
import { PartnerCallbackController } from './partner-callback.controller';
import { PartnerCallbacks } from './partner-callbacks';
import { PartnerCallbacksRepository } from './partner-callbacks.repository';

@Module({
  controllers: [PartnerCallbackController],
  providers: [
    PartnerCallbacksRepository,
    {
      provide: PartnerCallbacks,
      inject: [DataSource, PartnerCallbacksRepository, AppConfig],
      useFactory: (ds: DataSource, repository: PartnerCallbacksRepository, c: AppConfig) =>
        new PartnerCallbacks(
          ds,
          repository,
          new WebhookSecretBox(c.PARTNER_CALLBACK_KEY),
          c.NODE_ENV === 'production',
        ),
    },
  ],
})
export class CallbacksModule {}
