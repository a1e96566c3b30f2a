import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { appendAudit } from '@app/audit';
import { AppConfig } from '@app/config';
import {
  alertFeedChannel,
  AlertFeedEvent,
  ConflictError,
  NotFoundError,
  RuleBrokenError,
} from '@app/contracts';
import { REDIS } from '@app/messaging';
import { AlertFeedRepository, AlertView } from './alert-feed.repository';

export interface AcknowledgeAlertCommand {
  alertId: string;
  /** Checked by AcknowledgeBody (a string of at most 2000 characters) when given. */
  note: string | undefined;
  by: { username: string; role: string };
}

/**
 * A manager acknowledges an alert: who, when and a note, recorded once (a second acknowledgement is a
 * conflict) with its audit entry; the escalation timer then finds it acknowledged and does nothing.
 */
@Injectable()
export class AcknowledgeAlertUseCase {
  constructor(
    private readonly alerts: AlertFeedRepository,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  async execute(cmd: AcknowledgeAlertCommand, now = new Date()): Promise<AlertView> {
    // AcknowledgeBody requires it; kept here too, as the record is worthless without it.
    const note = cmd.note?.trim() ?? '';
    if (!note) throw new RuleBrokenError([{ path: 'note', message: 'is required: say what was done' }]);
    const view = await this.alerts.transaction(async (m) => {
      const a = await this.alerts.lockForAcknowledgement(m, cmd.by.role, cmd.alertId);
      if (!a) throw new NotFoundError('No such alert');
      if (a.acknowledgedAt) {
        throw new ConflictError(
          `Already acknowledged by ${a.acknowledgedBy} at ${new Date(a.acknowledgedAt).toISOString()}`,
        );
      }
      await this.alerts.acknowledge(m, a.id, now, cmd.by.username, note);
      await appendAudit(
        m,
        {
          actor: cmd.by.username,
          actorRole: cmd.by.role,
          action: 'alert.acknowledge',
          subjectType: 'alert',
          subjectId: a.id,
          childId: a.childId,
        },
        now,
      );
      return (await this.alerts.read(cmd.by.role, a.id, m))!;
    });
    const event: AlertFeedEvent = {
      type: 'alert.acknowledged',
      alertId: view.id,
      recipientRoles: view.recipientRoles,
    };
    await this.redis
      .publish(alertFeedChannel(this.config.REDIS_PREFIX), JSON.stringify(event))
      .catch(() => 0);
    return view;
  }
}
