import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConsumerGroup, ContactTriagedPayload } from '@app/contracts';
import { claimEvent } from '@app/messaging';
import { countReceived, countTriaged } from './count-contact';

export type CountCommand =
  | { eventId: string; kind: 'received'; contactId: string }
  | { eventId: string; kind: 'triaged'; payload: ContactTriagedPayload };

/**
 * Keeps the insight counts from one event, in one transaction with the event's inbox entry: a redelivered
 * event counts nothing. (Received contacts are also counted at most once by contact id, so the import and
 * the event of one contact never both count it.)
 */
@Injectable()
export class RecordCountsUseCase {
  constructor(private readonly dataSource: DataSource) {}

  async execute(cmd: CountCommand): Promise<{ counted: boolean }> {
    return this.dataSource.transaction(async (m) => {
      if (!(await claimEvent(m, ConsumerGroup.Insights, cmd.eventId))) return { counted: false };
      if (cmd.kind === 'received') await countReceived(m, cmd.contactId);
      else await countTriaged(m, cmd.payload);
      return { counted: true };
    });
  }
}
