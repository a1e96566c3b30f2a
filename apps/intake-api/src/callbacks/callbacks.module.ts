import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { WebhookSecretBox } from '@app/http';
import { PartnerCallbackController } from './partner-callback.controller';
import { PartnerCallbacks } from './partner-callbacks';

@Module({
  controllers: [PartnerCallbackController],
  providers: [
    {
      provide: PartnerCallbacks,
      inject: [DataSource, AppConfig],
      useFactory: (ds: DataSource, c: AppConfig) =>
        new PartnerCallbacks(ds, new WebhookSecretBox(c.PARTNER_CALLBACK_KEY), c.NODE_ENV === 'production'),
    },
  ],
})
export class CallbacksModule {}
