import { ConflictError, NotFoundError, RuleBrokenError } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { appendAudit } from '@app/audit';
import type { Actor } from '../actor';
import { ReferralRecorder } from './referral-recorder';
import { ReferralReadsRepository } from './referral-reads.repository';
import { londonDate } from './referral-codes';
import { ReferralsRepository } from './referrals.repository';
import { ChildCharacteristicsDto, CloseReferralDto } from './referrals.dto';

/**
 * A child's referrals and what the duty desk has recorded on the child for the returns. Reading is audited
 * as a read of the child's record; recording is audited with the fields changed (never their values).
 */
@Injectable()
export class ChildReferralsUseCase {
  constructor(
    private readonly referrals: ReferralsRepository,
    private readonly recorder: ReferralRecorder,
    private readonly reads: ReferralReadsRepository,
  ) {}

  async read(requestedId: string, actor: Actor) {
    return this.referrals.transaction(async (m) => {
      const childId = await this.survivor(m, requestedId);
      await this.recorder.settleImported(m);
      const referrals = await this.reads.ofChild(m, childId);
      const characteristics = await this.referrals.characteristics(m, childId);
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
    return this.referrals.transaction((m) => closeReferral(this.referrals, m, referralId, actor, dto));
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
    return this.referrals.transaction(async (m) => {
      const childId = await this.survivor(m, requestedId);
      await this.referrals.recordCharacteristics(m, childId, dto, actor.username);
      await appendAudit(m, {
        actor: actor.username,
        actorRole: actor.role,
        action: 'child.characteristics.record',
        subjectType: 'child',
        subjectId: childId,
        childId,
        details: { fields },
      });
      return this.referrals.characteristics(m, childId);
    });
  }

  /** The child a (possibly merged) id now reads as; 404 for no such child. */
  private async survivor(m: EntityManager, id: string): Promise<string> {
    const childId = await this.referrals.survivor(m, id);
    if (!childId) throw new NotFoundError('No such child');
    return childId;
  }
}

/**
 * Closes a referral that went on to further action when its CIN episode ends (CINclosureDate and
 * ReasonForClosure in the census); after it, a new contact with a referral outcome makes a new referral.
 */
export async function closeReferral(
  referrals: ReferralsRepository,
  m: EntityManager,
  referralId: string,
  actor: Actor,
  dto: CloseReferralDto,
) {
  const r = await referrals.lockForClose(m, referralId);
  if (!r) throw new NotFoundError('No such referral');
  if (r.closedOn) throw new ConflictError('This referral is already closed');
  if (Number.isNaN(Date.parse(`${dto.closedOn}T00:00:00Z`)) || dto.closedOn < r.referralDate)
    throw new RuleBrokenError([
      { path: 'closedOn', message: 'must be a date on or after the referral date' },
    ]);
  if (dto.closedOn > londonDate(new Date()))
    throw new RuleBrokenError([{ path: 'closedOn', message: 'must not be in the future' }]);
  await referrals.close(m, referralId, dto.closedOn, dto.reason);
  await appendAudit(m, {
    actor: actor.username,
    actorRole: actor.role,
    action: 'referral.close',
    subjectType: 'referral',
    subjectId: referralId,
    childId: r.childId,
    details: { closedOn: dto.closedOn, reason: dto.reason },
  });
  return { referralId, closedOn: dto.closedOn, closureReason: dto.reason };
}
