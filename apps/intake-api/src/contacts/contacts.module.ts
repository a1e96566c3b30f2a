import { Module } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { ContactRecordingModule } from '@app/intake';
import { ContactsController } from './contacts.controller';
import { ContactViewsRepository } from './contact-views.repository';
import { ReadContactUseCase } from './read-contact.usecase';
import { StaffReadAudit } from './staff-read-audit';

@Module({
  imports: [ContactRecordingModule],
  controllers: [ContactsController],
  providers: [AuditTrail, StaffReadAudit, ContactViewsRepository, ReadContactUseCase],
  exports: [ContactRecordingModule],
})
export class ContactsModule {}
