import { ConflictError } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { appendAudit } from '@app/audit';
import { OutcomeBody } from './panel.dto';
import { Actor, lockRequest } from './placement-access';
import { PlacementRequestDetail, readPlacementRequest } from './placement-request-view';
import { BodyRule, validateBody } from '../request-input/validate-input';

/** The fields each outcome takes (placement-gatekeeping.md, "The placement panel"). */
const FIELDS: Record<string, string[]> = {
  placed: ['placementType', 'provider', 'outOfCounty', 'startDate', 'weeklyCost'],
  diverted: ['how'],
  withdrawn: ['reason'],
};
const ALL_FIELDS = Object.values(FIELDS).flat();

/** Each outcome needs its own fields, and takes no other outcome's. */
const outcomeRules: BodyRule<OutcomeBody> = (b) => {
  const wanted = FIELDS[b.outcome] ?? [];
  const given = b as unknown as Record<string, unknown>;
  const out: { path: string; message: string }[] = [];
  for (const f of ALL_FIELDS) {
    const present = given[f] !== undefined && given[f] !== null;
    if (wanted.includes(f) && !present) out.push({ path: f, message: `is required when ${b.outcome}` });
    if (!wanted.includes(f) && present)
      out.push({ path: f, message: `is not a field of a ${b.outcome} outcome` });
  }
  return out;
};

/** Records what finally happened to a request, once, audited. */
@Injectable()
export class RecordOutcomeUseCase {
  constructor(private readonly dataSource: DataSource) {}

  async execute(
    requestId: string,
    body: unknown,
    actor: Actor,
    now = new Date(),
  ): Promise<PlacementRequestDetail> {
    const o = validateBody(OutcomeBody, body, [outcomeRules]);
    return this.dataSource.transaction(async (m) => {
      const req = await lockRequest(m, requestId, actor);
      if (req.has_outcome) throw new ConflictError('What finally happened is already recorded');
      await m.query(
        `INSERT INTO placement_outcomes (request_id, outcome, placement_type, provider, out_of_county, start_date,
            weekly_cost, how, reason, recorded_by, recorded_by_role, recorded_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
        [
          requestId,
          o.outcome,
          o.placementType ?? null,
          o.provider ?? null,
          o.outOfCounty ?? null,
          o.startDate ?? null,
          o.weeklyCost ?? null,
          o.how ?? null,
          o.reason?.trim() ?? null,
          actor.username,
          actor.role,
          now,
        ],
      );
      await appendAudit(
        m,
        {
          actor: actor.username,
          actorRole: actor.role,
          action: 'placement_request.outcome',
          subjectType: 'placement_request',
          subjectId: requestId,
          childId: req.child_id,
          details: {
            outcome: o.outcome,
            ...(o.outcome === 'placed'
              ? { provider: o.provider, outOfCounty: o.outOfCounty, weeklyCost: o.weeklyCost }
              : {}),
            ...(o.outcome === 'diverted' ? { how: o.how } : {}),
          },
        },
        now,
      );
      return (await readPlacementRequest(m, requestId, now))!;
    });
  }
}
