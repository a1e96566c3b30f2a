import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { appendAudit } from '@app/audit';
import { Problem } from '@app/http';
import type { Actor } from '../queue/claim-item.usecase';
import { ReferralRecorder } from './referral-recorder';
import { referralsOfChild } from './referral-read';
import { ChildCharacteristicsDto } from './referrals.dto';

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

  async record(requestedId: string, actor: Actor, dto: ChildCharacteristicsDto) {
    const fields = (['sex', 'ethnicity', 'disabilities', 'upn'] as const).filter((f) => dto[f] !== undefined);
    if (!fields.length)
      throw Problem.validation(422, [
        { path: '', message: 'give at least one of sex, ethnicity, disabilities, upn' },
      ]);
    if (dto.disabilities && dto.disabilities.includes('NONE') && dto.disabilities.length > 1)
      throw Problem.validation(422, [
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

/** The child a (possibly merged) id now reads as; 404 for no such child. */
async function survivor(m: EntityManager, id: string): Promise<string> {
  const [row]: { id: string; merged_into: string | null }[] = await m.query(
    'SELECT id, merged_into FROM children WHERE id = $1',
    [id],
  );
  if (!row) throw Problem.notFound('No such child');
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
