import { IsBoolean } from 'class-validator';
import { Command, ConflictError, ForbiddenError, IsUuid, NotFoundError } from '@app/contracts';
import { Injectable, Optional } from '@nestjs/common';
import { appendAudit } from '@app/audit';
import { Actor, IsActor } from '../../../actor';
import { QueueEvents } from '../../../live/queue-events';
import { DeskItemView } from '../../desk-item.view';
import { DeskItemsRepository } from '../../desk-items.repository';
import { NO_SUCH_ITEM } from '../desk-item-rules';

export class ReleaseClaimCommand extends Command {
  @IsUuid()
  contactId!: string;
  @IsActor()
  actor!: Actor;
  /** A duty manager may release anyone's claim; others only their own. */
  @IsBoolean()
  anyHolder!: boolean;
}

/** The holder lets an item go (or a duty manager releases it), audited with who held it. */
@Injectable()
export class ReleaseClaimUseCase {
  constructor(
    private readonly items: DeskItemsRepository,
    @Optional() private readonly events?: QueueEvents,
  ) {}

  async execute({ contactId, actor, anyHolder }: ReleaseClaimCommand): Promise<DeskItemView> {
    const item = await this.items.transaction(async (m) => {
      const held = await this.items.lockHolder(m, contactId);
      if (!held) throw new NotFoundError(NO_SUCH_ITEM);
      if (!held.claimedBy) throw new ConflictError('Nobody holds this item');
      if (held.claimedBy !== actor.username && !anyHolder)
        throw new ForbiddenError('Only the holder or a duty manager may release this claim');
      await this.items.setHolder(m, contactId, null);
      await appendAudit(m, {
        actor: actor.username,
        actorRole: actor.role,
        action: 'desk_item.release',
        subjectType: 'contact',
        subjectId: contactId,
        details: { holder: held.claimedBy },
      });
      return this.items.view(m, contactId);
    });
    this.events?.publish('released', contactId, actor.username);
    return item;
  }
}
