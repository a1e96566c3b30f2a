import { ConflictError } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { appendAudit } from '@app/audit';
import { OutcomeBody } from './panel.dto';
import { Actor, lockRequest } from './placement-access';
import { PlacementRequestDetail } from './placement-request-view';
import { PlacementRequestsRepository } from './placement-requests.repository';
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
  constructor(private readonly requests: PlacementRequestsRepository) {}

  async execute(
    requestId: string,
    body: unknown,
    actor: Actor,
    now = new Date(),
  ): Promise<PlacementRequestDetail> {
    const o = validateBody(OutcomeBody, body, [outcomeRules]);
    return this.requests.transaction(async (m) => {
      const req = await lockRequest(this.requests, m, requestId, actor);
      if (req.hasOutcome) throw new ConflictError('What finally happened is already recorded');
      await this.requests.insertOutcome(m, requestId, o, actor, now);
      await appendAudit(
        m,
        {
          actor: actor.username,
          actorRole: actor.role,
          action: 'placement_request.outcome',
          subjectType: 'placement_request',
          subjectId: requestId,
          childId: req.childId,
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
      return (await this.requests.detail(m, requestId, now))!;
    });
  }
}
