import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { raiseAlert } from '@app/alerting';
import { AlertDeliveriesRepository } from '../delivery/alert-deliveries.repository';

export type EscalationOutcome =
  'acknowledged' | 'escalated' | 'already_escalated' | 'not_escalatable' | 'missing' | 'resolved';

const ESCALATION_ROLES = ['head_of_service'];

/**
 * When an alert's escalation timer fires: if it is still unacknowledged, raise one `ESCALATED` alert to the
 * head of service pointing at it (dedupe key `escalated:<alertId>`, so never twice). The alert row is locked,
 * so an acknowledgement at the same moment either lands first (no escalation) or after it.
 */
@Injectable()
export class EscalateAlertUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly alerts: AlertDeliveriesRepository,
  ) {}

  async execute(alertId: string, now = new Date()): Promise<EscalationOutcome> {
    return this.dataSource.transaction(async (m) => {
      const a = await this.alerts.lockForEscalation(m, alertId);
      if (!a) return 'missing';
      if (a.acknowledgedAt) return 'acknowledged';
      // What it was about is settled (a held placement request cleared by new evidence): nothing to escalate.
      if (a.resolvedAt) return 'resolved';
      if (a.kind === 'ESCALATED') return 'not_escalatable';
      const raisedAt = a.raisedAt;
      const minutes = Math.round((now.getTime() - raisedAt.getTime()) / 60000);
      const result = await raiseAlert(
        m,
        {
          kind: 'ESCALATED',
          dedupeKey: `escalated:${a.id}`,
          title: `Escalated: ${a.title}`,
          body: [
            `Alert ${a.id} (${a.kind}) raised at ${raisedAt.toISOString()} has not been acknowledged ` +
              `(${minutes} minute(s) on).`,
            '',
            a.body,
          ].join('\n'),
          recipientRoles: ESCALATION_ROLES,
          subjectType: a.subjectType,
          subjectId: a.subjectId,
          childId: a.childId,
          relatedAlertId: a.id,
          details: { escalatedAlertId: a.id, escalatedKind: a.kind },
        },
        now,
      );
      return result.created ? 'escalated' : 'already_escalated';
    });
  }
}
