import { createHash } from 'node:crypto';
import { Injectable, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CLOSE_OUTCOMES, isIsoInstant, isSourceAgency, validateContact } from '@app/contracts';
import { CriteriaRegistry } from '@app/criteria';
import { FieldError } from '@app/http';
import { ContactRecordingModule, hashBody, PartnerAdmin, RecordContactUseCase } from '@app/intake';
import { countReceived } from '../counts/count-contact';
import { ImportedOutcome, ImportedOutcomesRepository } from './imported-outcomes.repository';

export type { ImportedOutcome } from './imported-outcomes.repository';

const importedOutcomes = new ImportedOutcomesRepository();

export interface ImportReport {
  lines: number;
  imported: number;
  /** Lines already imported before (same partner, receivedAt and content). */
  alreadyPresent: number;
  rejected: { line: number; errors: FieldError[] }[];
}

/**
 * Historical import (insights-api.md): each line a canonical contact plus `receivedAt` (an instant in the
 * past), `partner` (the partner's name, created if absent) and optionally `outcome` (how the duty desk ended
 * it; kept, and made a referral by the returns once triage has matched the child). Each line is validated as a live contact is,
 * at its own receivedAt; a bad line is reported by number and nothing of it is stored. Good lines are
 * recorded through the intake's RecordContactUseCase (`@app/intake`) as closed history (`imported`: no desk item, timer or
 * alert) with an idempotency key derived from partner, receivedAt and content, so a second import of the
 * same file records nothing new. Each is counted in insights at once (once per contact, whether the import
 * or its event gets there first).
 */
@Injectable()
export class ImportContactsUseCase {
  private readonly partnerIds = new Map<string, string>();
  private readonly now = () => new Date();

  constructor(
    private readonly dataSource: DataSource,
    private readonly criteria: CriteriaRegistry,
    private readonly record: RecordContactUseCase,
    private readonly partners: PartnerAdmin,
  ) {}

  async execute(lines: AsyncIterable<string> | Iterable<string>, concurrency = 4): Promise<ImportReport> {
    const report: ImportReport = { lines: 0, imported: 0, alreadyPresent: 0, rejected: [] };
    const inFlight = new Set<Promise<void>>();
    let lineNo = 0;
    for await (const raw of lines) {
      lineNo++;
      if (!raw.trim()) continue;
      report.lines++;
      const task = this.importLine(lineNo, raw, report).finally(() => inFlight.delete(task));
      inFlight.add(task);
      if (inFlight.size >= concurrency) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    report.rejected.sort((a, b) => a.line - b.line);
    return report;
  }

  private async importLine(lineNo: number, raw: string, report: ImportReport): Promise<void> {
    const parsed = this.parse(raw);
    if ('errors' in parsed) {
      report.rejected.push({ line: lineNo, errors: parsed.errors });
      return;
    }
    const { partner, receivedAt, body, outcome } = parsed;
    const checked = validateContact(body, {
      receivedAt,
      knownIndicators: this.criteria.current().indicatorCodes,
    });
    if (!checked.ok) {
      report.rejected.push({ line: lineNo, errors: checked.errors });
      return;
    }
    const partnerId = await this.partnerId(partner, checked.contact.source.agency);
    const idempotencyKey = `import:${createHash('sha256')
      .update(`${partner}\n${receivedAt.toISOString()}\n${hashBody(body)}`)
      .digest('hex')}`;
    const result = await this.record.execute({ partnerId, idempotencyKey, body, receivedAt, imported: true });
    await this.dataSource.transaction(async (m) => {
      await countReceived(m, result.id);
      // How the duty desk ended it (statutory-returns.md): becomes a referral once triage knows the child.
      if (outcome) await importedOutcomes.keep(m, result.id, outcome);
    });
    if (result.created) report.imported++;
    else report.alreadyPresent++;
  }

  private parse(
    raw: string,
  ):
    | { partner: string; receivedAt: Date; body: unknown; outcome: ImportedOutcome | null }
    | { errors: FieldError[] } {
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      return { errors: [{ path: '', message: 'is not valid JSON' }] };
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      return { errors: [{ path: '', message: 'must be a JSON object' }] };
    }
    const { partner, receivedAt, outcome, ...body } = value as Record<string, unknown>;
    const errors: FieldError[] = [];
    if (typeof partner !== 'string' || !partner.trim() || partner.length > 200) {
      errors.push({ path: 'partner', message: "is required: the partner's name (1 to 200 characters)" });
    }
    const at =
      typeof receivedAt === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(receivedAt) ? new Date(receivedAt) : null;
    if (!at || Number.isNaN(at.getTime())) {
      errors.push({ path: 'receivedAt', message: 'is required: an ISO 8601 instant' });
    } else if (at.getTime() > this.now().getTime()) {
      errors.push({ path: 'receivedAt', message: 'must be in the past' });
    }
    const checkedOutcome = outcome === undefined ? null : this.outcome(outcome, at, errors);
    if (errors.length) return { errors };
    return { partner: (partner as string).trim(), receivedAt: at!, body, outcome: checkedOutcome };
  }

  /** A line's optional `outcome`: `{ decidedAt, outcome, noFurtherAction, primaryNeed }` (statutory-returns.md). */
  private outcome(value: unknown, receivedAt: Date | null, errors: FieldError[]): ImportedOutcome | null {
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      errors.push({
        path: 'outcome',
        message: 'must be an object: { decidedAt, outcome, noFurtherAction, primaryNeed }',
      });
      return null;
    }
    const o = value as Record<string, unknown>;
    const before = errors.length;
    for (const key of Object.keys(o))
      if (!['decidedAt', 'outcome', 'noFurtherAction', 'primaryNeed'].includes(key))
        errors.push({ path: `outcome.${key}`, message: 'is not a known field' });
    const decidedAt =
      typeof o.decidedAt === 'string' && isIsoInstant(o.decidedAt) ? new Date(o.decidedAt) : null;
    if (!decidedAt) errors.push({ path: 'outcome.decidedAt', message: 'is required: an ISO 8601 instant' });
    else if (decidedAt.getTime() > this.now().getTime())
      errors.push({ path: 'outcome.decidedAt', message: 'must be in the past' });
    else if (receivedAt && decidedAt.getTime() < receivedAt.getTime())
      errors.push({ path: 'outcome.decidedAt', message: 'must not be before receivedAt' });
    if (!(CLOSE_OUTCOMES as readonly unknown[]).includes(o.outcome))
      errors.push({ path: 'outcome.outcome', message: `must be one of ${CLOSE_OUTCOMES.join(', ')}` });
    if (typeof o.noFurtherAction !== 'boolean')
      errors.push({ path: 'outcome.noFurtherAction', message: 'is required: true or false' });
    if (o.primaryNeed !== undefined && o.primaryNeed !== null && !/^N[1-9]$/.test(String(o.primaryNeed)))
      errors.push({ path: 'outcome.primaryNeed', message: 'must be a CIN primary need code, N1 to N9' });
    if (errors.length > before) return null;
    return {
      decidedAt: decidedAt!,
      outcome: o.outcome as string,
      noFurtherAction: o.noFurtherAction as boolean,
      primaryNeed: (o.primaryNeed as string | undefined) ?? null,
    };
  }

  private async partnerId(name: string, agency: string): Promise<string> {
    let id = this.partnerIds.get(name);
    if (!id) {
      id = await this.partners.ensure(name, isSourceAgency(agency) ? agency : 'unknown');
      this.partnerIds.set(name, id);
    }
    return id;
  }
}

/** The historical import (`npm run import`): records through the same use case as the intake API. */
@Module({
  imports: [ContactRecordingModule],
  providers: [ImportContactsUseCase],
  exports: [ImportContactsUseCase],
})
export class ImportModule {}
