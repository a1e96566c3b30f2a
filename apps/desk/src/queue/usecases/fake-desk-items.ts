import type { EntityManager } from 'typeorm';
import type { DeskItemView } from '../desk-item.view';
import type {
  DeskItemsRepository,
  DutyDecisionRow,
  LockedItem,
  Recommendation,
} from '../desk-items.repository';

/**
 * An in-memory stand-in for DeskItemsRepository, for the use cases' specs only: one item, its
 * recommendation, and what the use case recorded. The SQL itself is proven by test/desk/queue.test.ts.
 */
export class FakeDeskItems {
  item: LockedItem | null = {
    contactId: 'c1',
    childId: 'child1',
    state: 'awaiting',
    claimedBy: 'dana',
    claimedAt: new Date(),
    needLevel: 2,
    route: 'EARLY_HELP',
    team: 'LOCALITY_NORTH',
  };
  recommendation: Recommendation | null = {
    id: 'r1',
    needLevel: 2,
    route: 'EARLY_HELP',
    team: 'LOCALITY_NORTH',
    priority: 'STANDARD',
    dueAt: new Date('2026-01-05T17:00:00Z'),
    criteriaVersion: 'v1',
  };
  claimable = true;
  decisions: DutyDecisionRow[] = [];
  notes: string[] = [];
  decided: { needLevel: number; route: string; team: string | null } | null = null;
  closed = false;
  holder: string | null | undefined = undefined;
  transactions = 0;

  asRepository(): DeskItemsRepository {
    return this as unknown as DeskItemsRepository;
  }
  async transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    this.transactions++;
    return work({} as EntityManager);
  }
  async lockForDecision() {
    return this.item;
  }
  async childOf() {
    return this.item?.childId ?? null;
  }
  async currentRecommendation() {
    return this.recommendation;
  }
  async insertDutyDecision(_: EntityManager, d: DutyDecisionRow) {
    this.decisions.push(d);
    return `d${this.decisions.length}`;
  }
  async markDecided(_: EntityManager, __: string, chosen: FakeDeskItems['decided']) {
    this.decided = chosen;
  }
  async markClosed() {
    this.closed = true;
  }
  async addNote(_: EntityManager, __: string, ___: string, text: string) {
    this.notes.push(text);
    return `n${this.notes.length}`;
  }
  async refreshClaim() {}
  async lockClaimable() {
    return this.claimable;
  }
  async lockNextClaimable() {
    return this.claimable ? (this.item?.contactId ?? null) : null;
  }
  async claimState() {
    return this.item ? { state: this.item.state, claimedBy: this.item.claimedBy } : null;
  }
  async lockHolder() {
    return this.item ? { claimedBy: this.item.claimedBy } : undefined;
  }
  async setHolder(_: EntityManager, __: string, username: string | null) {
    this.holder = username;
  }
  async releaseIdleClaims() {
    return [];
  }
  async view(_: EntityManager, contactId: string) {
    return { contactId } as DeskItemView;
  }
}

export const dana = { username: 'dana', role: 'duty_worker' };
