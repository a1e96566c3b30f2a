import { Module } from '@nestjs/common';
import { PartnerAdmin } from './partner-admin';
import { RecordContactUseCase } from './record-contact.usecase';

/**
 * Recording a contact durably (its row and its `contact.received.v1` event in one commit) and the partners
 * it comes from: the intake API's door, and the historical import (apps/insights) that feeds the same path.
 */
@Module({ providers: [RecordContactUseCase, PartnerAdmin], exports: [RecordContactUseCase, PartnerAdmin] })
export class ContactRecordingModule {}
