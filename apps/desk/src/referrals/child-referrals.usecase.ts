import { ConflictError, NotFoundError, RuleBrokenError } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { appendAudit } from '@app/audit';
import type { Actor } from '../actor';
import { ReferralRecorder } from './referral-recorder';
import { referralsOfChild } from './referral-read';
import { londonDate } from './referral-codes';
import { ChildCharacteristicsDto, CloseReferralDto } from './referrals.dto';

/**
 * A child's referrals and what the duty desk has recorded on the child for the returns. Reading is audited
 * as a read of the child's record; recording is audited with the fields changed (never their values).
 */
@Injectable()
export class ChildReferralsUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly recorder: ReferralRecorder,
  ) {}

  async read(requestedId: string, actor: Actor) {
    return this.ds.transaction(async (m) => {
      const childId = await survivor(m, requestedId);
      await this.recorder.settleImported(m);
      const referrals = await referralsOfChild(m, childId);
      const characteristics = await characteristicsOf(m, childId);
      await appendAudit(m, {
        actor: actor.username,
        actorRole: actor.role,
        action: 'child.referrals.read',
        subjectType: 'child',
        subjectId: childId,
        childId,
        details: { referrals: referrals.length },
      });
      return { childId, referrals, characteristics };
    });
  }

  close(referralId: string, actor: Actor, dto: CloseReferralDto) {
    return this.ds.transaction((m) => closeReferral(m, referralId, actor, dto));
  }

  async record(requestedId: string, actor: Actor, dto: ChildCharacteristicsDto) {
    const fields = (['sex', 'ethnicity', 'disabilities', 'upn'] as const).filter((f) => dto[f] !== undefined);
    if (!fields.length)
      throw new RuleBrokenError([
        { path: '', message: 'give at least one of sex, ethnicity, disabilities, upn' },
      ]);
    if (dto.disabilities && dto.disabilities.includes('NONE') && dto.disabilities.length > 1)
      throw new RuleBrokenError([
        { path: 'disabilities', message: 'NONE cannot be recorded with other codes' },
      ]);
    return this.ds.transaction(async (m) => {
      const childId = await survivor(m, requestedId);
      const value = (f: (typeof fields)[number]) => (dto[f] === undefined ? null : dto[f]);
      await m.query(
        `INSERT INTO child_characteristics (child_id, sex, ethnicity, disabilities, upn, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (child_id) DO UPDATE SET
           sex = CASE WHEN $7 THEN EXCLUDED.sex ELSE child_characteristics.sex END,
           ethnicity = CASE WHEN $8 THEN EXCLUDED.ethnicity ELSE child_characteristics.ethnicity END,
           disabilities = CASE WHEN $9 THEN EXCLUDED.disabilities ELSE child_characteristics.disabilities END,
           upn = CASE WHEN $10 THEN EXCLUDED.upn ELSE child_characteristics.upn END,
           recorded_by = EXCLUDED.recorded_by, updated_at = now()`,
        [
          childId,
          value('sex'),
          value('ethnicity'),
          value('disabilities'),
          value('upn'),
          actor.username,
          dto.sex !== undefined,
          dto.ethnicity !== undefined,
          dto.disabilities !== undefined,
          dto.upn !== undefined,
        ],
      );
      await appendAudit(m, {
        actor: actor.username,
        actorRole: actor.role,
        action: 'child.characteristics.record',
        subjectType: 'child',
        subjectId: childId,
        childId,
        details: { fields },
      });
      return characteristicsOf(m, childId);
    });
  }
}

/**
 * Closes a referral that went on to further action when its CIN episode ends (CINclosureDate and
 * ReasonForClosure in the census); after it, a new contact with a referral outcome makes a new referral.
 */
export async function closeReferral(
  m: EntityManager,
  referralId: string,
  actor: Actor,
  dto: CloseReferralDto,
) {
  const [r]: { child_id: string; referral_date: string; closed_on: string | null }[] = await m.query(
    `SELECT c.child_id, to_char(r.referral_date, 'YYYY-MM-DD') AS referral_date, r.closed_on
       FROM referrals r JOIN contacts c ON c.id = r.contact_id WHERE r.id = $1 FOR UPDATE OF r`,
    [referralId],
  );
  if (!r) throw new NotFoundError('No such referral');
  if (r.closed_on) throw new ConflictError('This referral is already closed');
  if (Number.isNaN(Date.parse(`${dto.closedOn}T00:00:00Z`)) || dto.closedOn < r.referral_date)
    throw new RuleBrokenError([
      { path: 'closedOn', message: 'must be a date on or after the referral date' },
    ]);
  if (dto.closedOn > londonDate(new Date()))
    throw new RuleBrokenError([{ path: 'closedOn', message: 'must not be in the future' }]);
  await m.query('UPDATE referrals SET closed_on = $2, closure_reason = $3 WHERE id = $1', [
    referralId,
    dto.closedOn,
    dto.reason,
  ]);
  await appendAudit(m, {
    actor: actor.username,
    actorRole: actor.role,
    action: 'referral.close',
    subjectType: 'referral',
    subjectId: referralId,
    childId: r.child_id,
    details: { closedOn: dto.closedOn, reason: dto.reason },
  });
  return { referralId, closedOn: dto.closedOn, closureReason: dto.reason };
}

/** The child a (possibly merged) id now reads as; 404 for no such child. */
async function survivor(m: EntityManager, id: string): Promise<string> {
  const [row]: { id: string; merged_into: string | null }[] = await m.query(
    'SELECT id, merged_into FROM children WHERE id = $1',
    [id],
  );
  if (!row) throw new NotFoundError('No such child');
  return row.merged_into ?? row.id;
}

export async function characteristicsOf(m: EntityManager, childId: string) {
  const [r] = await m.query(
    'SELECT child_id, sex, ethnicity, disabilities, upn, recorded_by, updated_at FROM child_characteristics WHERE child_id = $1',
    [childId],
  );
  return r
    ? {
        childId: r.child_id,
        sex: r.sex,
        ethnicity: r.ethnicity,
        disabilities: r.disabilities,
        upn: r.upn,
        recordedBy: r.recorded_by,
        updatedAt: new Date(r.updated_at).toISOString(),
      }
    : null;
}
