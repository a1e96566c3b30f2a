import { Injectable } from '@nestjs/common';
import { CriteriaRegistry } from '@app/criteria';
import { gatekeep } from './gatekeeping';
import { Actor, auditReads, notFound, onlyOwn } from './placement-access';
import { PlacementRequestDetail } from './placement-request-view';
import { PlacementRequestsRepository } from './placement-requests.repository';
import { CHECK_TEXT, PlacementEvidence, PlacementTimelineKind } from './placement-vocabulary';

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
    private readonly requests: PlacementRequestsRepository,
    private readonly criteria: CriteriaRegistry,
  ) {}

  async one(id: string, actor: Actor): Promise<PlacementRequestDetail> {
    return this.requests.transaction(async (m) => {
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
    return this.requests.transaction(async (m) => {
      const items = await this.requests.list(m, { ...filter, submittedBy: onlyOwn(actor) });
      await auditReads(m, actor, items, 'list');
      return items;
    });
  }

  /** The request with each check, its evidence updates, and everything that happened to it in time order. */
  async timeline(id: string, actor: Actor, now = new Date()) {
    return this.requests.transaction(async (m) => {
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
          openImmediateLevel4: await this.requests.hasOpenImmediateLevel4(m, request.childId, receivedAt),
        },
        this.criteria.current().calendar,
      );
      const updates = await this.requests.evidenceUpdates(m, id);
      const alerts = await this.requests.timelineAlerts(m, [
        id,
        ...(request.linkedTo ? [request.linkedTo] : []),
      ]);
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
          at: new Date(a.raisedAt).toISOString(),
          kind: 'alert_raised',
          by: null,
          text: `Alert ${a.kind}: ${a.title}`,
          ref: a.id,
        });
        if (a.acknowledgedAt)
          t.push({
            at: new Date(a.acknowledgedAt).toISOString(),
            kind: 'alert_acknowledged',
            by: a.acknowledgedBy,
            text: `Alert ${a.kind} acknowledged: ${a.acknowledgementNote}`,
            ref: a.id,
          });
        if (a.resolvedAt)
          t.push({
            at: new Date(a.resolvedAt).toISOString(),
            kind: 'alert_resolved',
            by: null,
            text: `Alert ${a.kind} resolved: ${a.resolution}`,
            ref: a.id,
          });
      }
      for (const u of updates) {
        t.push({
          at: new Date(u.updatedAt).toISOString(),
          kind: 'evidence_updated',
          by: u.updatedBy,
          text:
            `Evidence updated (${Object.keys(u.evidence).join(', ')}): ${u.outcomeBefore} -> ${u.outcomeAfter}` +
            (u.failedAfter.length ? `; still failing ${u.failedAfter.join(', ')}` : '; every check passes'),
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
          outcomeBefore: u.outcomeBefore,
          failedBefore: u.failedBefore,
          outcomeAfter: u.outcomeAfter,
          failedAfter: u.failedAfter,
          updatedBy: u.updatedBy,
          updatedAt: new Date(u.updatedAt).toISOString(),
        })),
        timeline: t,
      };
    });
  }
}
