import { IsOptional, IsString } from 'class-validator';
import { Command } from '@app/contracts';
import { Injectable, Optional } from '@nestjs/common';
import { Actor, IsActor } from '../../../actor';
import { QueueEvents } from '../../../live/queue-events';
import { DeskItemView } from '../../desk-item.view';
import { DeskItemsRepository } from '../../desk-items.repository';
import { takeItem } from '../desk-item-rules';

export class ClaimNextItemCommand extends Command {
  @IsActor()
  actor!: Actor;
  @IsOptional()
  @IsString()
  team?: string;
  @IsOptional()
  @IsString()
  locality?: string;
}

/** Claims the first unheld awaiting item in queue order (optionally within a team or locality), or none. */
@Injectable()
export class ClaimNextItemUseCase {
  constructor(
    private readonly items: DeskItemsRepository,
    @Optional() private readonly events?: QueueEvents,
  ) {}

  async execute({ actor, team, locality }: ClaimNextItemCommand): Promise<DeskItemView | null> {
    const item = await this.items.transaction(async (m) => {
      const contactId = await this.items.lockNextClaimable(m, { team, locality });
      return contactId ? takeItem(this.items, m, contactId, actor) : null;
    });
    if (item) this.events?.publish('claimed', item.contactId, actor.username);
    return item;
  }
}
