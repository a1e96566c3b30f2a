import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
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
import { AlertView, readAlertView, visibleTo } from './alert-feed.queries';

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
    private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  async execute(cmd: AcknowledgeAlertCommand, now = new Date()): Promise<AlertView> {
    // Optional in the v1 schema, needed by the service (who, when and a note).
    const note = cmd.note?.trim() ?? '';
    if (!note) throw new RuleBrokenError([{ path: 'note', message: 'is required: say what was done' }]);
    const view = await this.dataSource.transaction(async (m) => {
      const [a] = await m.query(
        `SELECT id, recipient_roles, acknowledged_at, acknowledged_by, child_id FROM alerts
          WHERE id = $1 AND ($2::text IS NULL OR $2 = ANY(recipient_roles)) FOR UPDATE`,
        [cmd.alertId, visibleTo(cmd.by.role)],
      );
      if (!a) throw new NotFoundError('No such alert');
      if (a.acknowledged_at) {
        throw new ConflictError(
          `Already acknowledged by ${a.acknowledged_by} at ${new Date(a.acknowledged_at).toISOString()}`,
        );
      }
      await m.query(
        `UPDATE alerts SET acknowledged_at = $2, acknowledged_by = $3, acknowledgement_note = $4 WHERE id = $1`,
        [a.id, now, cmd.by.username, note],
      );
      await appendAudit(
        m,
        {
          actor: cmd.by.username,
          actorRole: cmd.by.role,
          action: 'alert.acknowledge',
          subjectType: 'alert',
          subjectId: a.id,
          childId: a.child_id,
        },
        now,
      );
      return (await readAlertView(m, cmd.by.role, a.id))!;
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
