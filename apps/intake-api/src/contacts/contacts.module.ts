import { Module } from '@nestjs/common';
import { ContactsController } from './contacts.controller';
import { RecordContactUseCase } from './record-contact.usecase';
import { StaffReadAudit } from './staff-read-audit';

@Module({
  controllers: [ContactsController],
  providers: [RecordContactUseCase, StaffReadAudit],
  exports: [RecordContactUseCase],
})
export class ContactsModule {}
