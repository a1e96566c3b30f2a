import { Module } from '@nestjs/common';
import { ContactRecordingModule } from '@app/intake';
import { ContactsController } from './contacts.controller';
import { StaffReadAudit } from './staff-read-audit';

@Module({
  imports: [ContactRecordingModule],
  controllers: [ContactsController],
  providers: [StaffReadAudit],
  exports: [ContactRecordingModule],
})
export class ContactsModule {}
