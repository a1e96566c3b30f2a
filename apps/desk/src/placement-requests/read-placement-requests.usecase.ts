import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CriteriaRegistry } from '@app/criteria';
import { gatekeep } from './gatekeeping';
import { Actor, auditReads, notFound, onlyOwn } from './placement-access';
import { PlacementRequestDetail } from './placement-request-view';
import { PlacementRequestsRepository } from './placement-requests.repository';
import { CHECK_TEXT, PlacementEvidence, PlacementTimelineKind } from './placement-vocabulary';
import { hasOpenImmediateLevel4 } from './record-placement-request.usecase';

export interface TimelineEntry {
  at: string;
  kind: PlacementTimelineKind;
  by: string | null;
  text: string;
  ref?: string;
}

/**
 * Every read of a placement request, audited (its reason and evidence carry the child's details), and scoped:
 * a social worker reads only the requests they made.
 */
@Injectable()
export class ReadPlacementRequestsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly requests: PlacementRequestsRepository,
    private readonly criteria: CriteriaRegistry,
  ) {}

  async one(id: string, actor: Actor): Promise<PlacementRequestDetail> {
    return this.dataSource.transaction(async (m) => {
      const request = await this.requests.detail(m, id);
      const own = onlyOwn(actor);
      if (!request || (own !== undefined && request.submittedBy !== own)) throw notFound();
      await auditReads(m, actor, [request], 'read');
      return request;
    });
  }

  async list(
    filter: { childId?: string; outcome?: string; limit: number },
    actor: Actor,
  ): Promise<PlacementRequestDetail[]> {
    return this.dataSource.transaction(async (m) => {
      const items = await this.requests.list(m, { ...filter, submittedBy: onlyOwn(actor) });
      await auditReads(m, actor, items, 'list');
      return items;
    });
  }

  /** The request with each check, its evidence updates, and everything that happened to it in time order. */
  async timeline(id: string, actor: Actor, now = new Date()) {
    return this.dataSource.transaction(async (m) => {
      const request = await this.requests.detail(m, id, now);
      const own = onlyOwn(actor);
      if (!request || (own !== undefined && request.submittedBy !== own)) throw notFound();
      const receivedAt = new Date(request.receivedAt);
      const result = gatekeep(
        {
          placementType: request.placementType as never,
          legalBasis: request.legalBasis as never,
          emergency: request.emergency,
          evidence: request.evidence as PlacementEvidence,
          receivedAt,
          openImmediateLevel4: await hasOpenImmediateLevel4(m, request.childId, receivedAt),
        },
        this.criteria.current().calendar,
      );
      const updates: Record<string, any>[] = await m.query(
        `SELECT id, evidence, outcome_before, failed_before, outcome_after, failed_after, updated_by, updated_at
           FROM placement_evidence_updates WHERE request_id = $1 ORDER BY updated_at, id`,
        [id],
      );
      const alerts: Record<string, any>[] = await m.query(
        `SELECT id, kind, title, raised_at, acknowledged_at, acknowledged_by, acknowledgement_note, resolved_at,
                resolution
           FROM alerts WHERE subject_type = 'placement_request' AND subject_id = ANY($1::text[])
          ORDER BY raised_at, id`,
        [[id, ...(request.linkedTo ? [request.linkedTo] : [])]],
      );
      const t: TimelineEntry[] = [
        {
          at: request.receivedAt,
          kind: 'received',
          by: request.submittedBy,
          text: `Requested (${request.placementType.replace(/_/g, ' ')}, ${request.legalBasis}).`,
        },
      ];
      for (const a of alerts) {
        t.push({
          at: new Date(a.raised_at).toISOString(),
          kind: 'alert_raised',
          by: null,
          text: `Alert ${a.kind}: ${a.title}`,
          ref: a.id,
        });
        if (a.acknowledged_at)
          t.push({
            at: new Date(a.acknowledged_at).toISOString(),
            kind: 'alert_acknowledged',
            by: a.acknowledged_by,
            text: `Alert ${a.kind} acknowledged: ${a.acknowledgement_note}`,
            ref: a.id,
          });
        if (a.resolved_at)
          t.push({
            at: new Date(a.resolved_at).toISOString(),
            kind: 'alert_resolved',
            by: null,
            text: `Alert ${a.kind} resolved: ${a.resolution}`,
            ref: a.id,
          });
      }
      for (const u of updates) {
        t.push({
          at: new Date(u.updated_at).toISOString(),
          kind: 'evidence_updated',
          by: u.updated_by,
          text:
            `Evidence updated (${Object.keys(u.evidence).join(', ')}): ${u.outcome_before} -> ${u.outcome_after}` +
            (u.failed_after.length ? `; still failing ${u.failed_after.join(', ')}` : '; every check passes'),
          ref: u.id,
        });
      }
      for (const d of request.panelDecisions) {
        t.push({
          at: d.decidedAt,
          kind: 'panel_decision',
          by: d.decidedBy,
          text:
            `Panel: ${d.decision.replace(/_/g, ' ')}. ${d.reason}` +
            (d.actions.length
              ? ` Actions: ${d.actions.map((a) => `${a.action.replace(/_/g, ' ')} (${a.owner}, by ${a.dueBy})`).join('; ')}.`
              : ''),
          ref: d.id,
        });
        for (const a of d.actions) {
          if (a.doneAt)
            t.push({
              at: a.doneAt,
              kind: 'action_done',
              by: a.doneBy,
              text: `Action done: ${a.action.replace(/_/g, ' ')}${a.doneNote ? ` (${a.doneNote})` : ''}`,
              ref: a.id,
            });
        }
      }
      if (request.finalOutcome) {
        const o = request.finalOutcome;
        t.push({
          at: o.recordedAt,
          kind: 'outcome',
          by: o.recordedBy,
          text:
            o.outcome === 'placed'
              ? `Placed: ${o.placementType}, ${o.provider}${o.outOfCounty ? ', out of county' : ''}, from ${o.startDate}, £${o.weeklyCost} a week`
              : o.outcome === 'diverted'
                ? `Diverted: ${o.how}`
                : `Withdrawn: ${o.reason}`,
        });
      }
      // At the same instant, the cause before its effect (evidence before the alert it resolved).
      const rank: TimelineEntry['kind'][] = [
        'received',
        'alert_raised',
        'evidence_updated',
        'panel_decision',
        'action_done',
        'alert_resolved',
        'alert_acknowledged',
        'outcome',
      ];
      t.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : rank.indexOf(a.kind) - rank.indexOf(b.kind)));
      await auditReads(m, actor, [request], 'timeline', now);
      return {
        request,
        checks: result.checks.map((c) => ({ ...c, text: CHECK_TEXT[c.code] })),
        evidenceUpdates: updates.map((u) => ({
          id: u.id,
          evidence: u.evidence,
          outcomeBefore: u.outcome_before,
          failedBefore: u.failed_before,
          outcomeAfter: u.outcome_after,
          failedAfter: u.failed_after,
          updatedBy: u.updated_by,
          updatedAt: new Date(u.updated_at).toISOString(),
        })),
        timeline: t,
      };
    });
  }
}
