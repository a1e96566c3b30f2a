import { Command, IsUuid } from '@app/contracts';
import { Injectable, Optional } from '@nestjs/common';
import { Actor, IsActor } from '../../../actor';
import { QueueEvents } from '../../../live/queue-events';
import { DeskItemView } from '../../desk-item.view';
import { DeskItemsRepository } from '../../desk-items.repository';
import { takeItem, whyNotClaimable } from '../desk-item-rules';

export class ClaimItemCommand extends Command {
  @IsUuid()
  contactId!: string;
  @IsActor()
  actor!: Actor;
}

/**
 * One holder per item: of two workers claiming at once, one takes it and the other is told who holds it.
 * Claiming an item one already holds refreshes the claim; a claim idle for 30 minutes may be taken over.
 */
@Injectable()
export class ClaimItemUseCase {
  constructor(
    private readonly items: DeskItemsRepository,
    @Optional() private readonly events?: QueueEvents,
  ) {}

  async execute({ contactId, actor }: ClaimItemCommand): Promise<DeskItemView> {
    const item = await this.items.transaction(async (m) => {
      if (!(await this.items.lockClaimable(m, contactId, actor.username)))
        throw await whyNotClaimable(this.items, m, contactId);
      return takeItem(this.items, m, contactId, actor);
    });
    this.events?.publish('claimed', contactId, actor.username);
    return item;
  }
}
