import { Injectable, Optional } from '@nestjs/common';
import { appendAudit } from '@app/audit';
import { QueueEvents } from '../../../live/queue-events';
import { CLAIM_IDLE_MINUTES } from '../../desk-item.view';
import { DeskItemsRepository } from '../../desk-items.repository';

/** Releases every claim idle for 30 minutes, each audited as lapsed (run every minute by the sweeper). */
@Injectable()
export class ReleaseIdleClaimsUseCase {
  constructor(
    private readonly items: DeskItemsRepository,
    @Optional() private readonly events?: QueueEvents,
  ) {}

  async execute(): Promise<string[]> {
    const released = await this.items.transaction(async (m) => {
      const lapsed = await this.items.releaseIdleClaims(m);
      for (const r of lapsed) {
        await appendAudit(m, {
          actor: 'system',
          action: 'desk_item.claim_lapsed',
          subjectType: 'contact',
          subjectId: r.contactId,
          details: { holder: r.holder, idleMinutes: CLAIM_IDLE_MINUTES },
        });
      }
      return lapsed.map((r) => r.contactId);
    });
    for (const id of released) this.events?.publish('released', id, 'system');
    return released;
  }
}
