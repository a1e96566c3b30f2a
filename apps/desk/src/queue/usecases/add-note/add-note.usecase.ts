import { IsString, Length } from 'class-validator';
import { Command, IsUuid, NotFoundError } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { appendAudit } from '@app/audit';
import { Actor, IsActor } from '../../../actor';
import { DeskItemsRepository } from '../../desk-items.repository';
import { NO_SUCH_ITEM } from '../desk-item-rules';

export class AddNoteCommand extends Command {
  @IsUuid()
  contactId!: string;
  @IsActor()
  actor!: Actor;
  /** Checked by NoteBody: 1 to 8000 characters. */
  @IsString()
  @Length(1, 8000)
  text!: string;
}

/**
 * Any duty decider may add a note, held or not; a holder's note keeps their claim alive. The text is kept,
 * the audit names only the note's id (notes may say anything about the child).
 */
@Injectable()
export class AddNoteUseCase {
  constructor(private readonly items: DeskItemsRepository) {}

  async execute({ contactId, actor, text }: AddNoteCommand) {
    return this.items.transaction(async (m) => {
      const childId = await this.items.childOf(m, contactId);
      if (!childId) throw new NotFoundError(NO_SUCH_ITEM);
      const id = await this.items.addNote(m, contactId, actor.username, text);
      await this.items.refreshClaim(m, contactId, actor.username);
      await appendAudit(m, {
        actor: actor.username,
        actorRole: actor.role,
        action: 'desk_item.note',
        subjectType: 'contact',
        subjectId: contactId,
        childId,
        details: { noteId: id },
      });
      return { noteId: id };
    });
  }
}
