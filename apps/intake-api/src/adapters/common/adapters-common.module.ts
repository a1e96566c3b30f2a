import { Module } from '@nestjs/common';
import { ContactsModule } from '../../contacts/contacts.module';
import { RecordAdapterContacts } from './record-adapter-contacts';

/** What every partner adapter records through. */
@Module({
  imports: [ContactsModule],
  providers: [RecordAdapterContacts],
  exports: [RecordAdapterContacts],
})
export class AdaptersCommonModule {}
