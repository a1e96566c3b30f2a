import { Injectable, Logger } from '@nestjs/common';
import { raiseAlert } from '@app/alerting';
import { appendAudit } from '@app/audit';
import { SlaJob } from '@app/contracts';
import { DeskItemsRepository } from '../queue/desk-items.repository';

export type OverdueOutcome =
  | { kind: 'overdue'; alertId: string; created: boolean }
  | { kind: 'not_due'; dueAt: Date }
  | { kind: 'decided_or_gone' };

/**
 * The SLA timer's work at the due time: if the contact still awaits a duty decision, mark it overdue and
 * raise one in-app alert to duty managers (deduplicated by contact and due time, so a repeated timer raises
 * nothing new). A contact decided in time, or whose due time has moved later, is left alone.
 */
@Injectable()
export class MarkOverdueUseCase {
  private readonly logger = new Logger(MarkOverdueUseCase.name);

  constructor(private readonly items: DeskItemsRepository) {}

  async execute(job: SlaJob, now = new Date()): Promise<OverdueOutcome> {
    return this.items.transaction(async (m) => {
      const item = await this.items.lockForOverdue(m, job.contactId);
      if (!item || item.state !== 'awaiting') return { kind: 'decided_or_gone' as const };
      const dueAt = item.dueAt;
      if (dueAt.getTime() > now.getTime()) return { kind: 'not_due' as const, dueAt };
      await this.items.markOverdue(m, job.contactId);
      const due = dueAt.toISOString();
      const alert = await raiseAlert(
        m,
        {
          kind: 'DUTY_DECISION_OVERDUE',
          dedupeKey: `overdue:${job.contactId}:${due}`,
          title: 'Duty decision overdue',
          body:
            `A level ${item.needLevel} contact (${item.priority}, team ${item.team ?? 'none'}) passed its due ` +
            `time ${due} without a duty decision${item.claimedBy ? `; held by ${item.claimedBy}` : ', unclaimed'}.`,
          recipientRoles: ['duty_manager'],
          subjectType: 'contact',
          subjectId: job.contactId,
          childId: item.childId,
          details: {
            dueAt: due,
            needLevel: item.needLevel,
            priority: item.priority,
            team: item.team,
            locality: item.locality,
            claimedBy: item.claimedBy,
          },
        },
        now,
      );
      if (alert.created) {
        await appendAudit(m, {
          actor: 'system',
          action: 'sla.overdue',
          subjectType: 'contact',
          subjectId: job.contactId,
          childId: item.childId,
          details: { dueAt: due, alertId: alert.id },
        });
        this.logger.log(`contact ${job.contactId} overdue; alert ${alert.id} raised`);
      }
      return { kind: 'overdue' as const, alertId: alert.id, created: alert.created };
    });
  }
}
