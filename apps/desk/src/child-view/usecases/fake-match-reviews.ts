import type { EntityManager } from 'typeorm';
import type { MatchOffer, MatchReviewsRepository } from '../match-reviews.repository';

/** An in-memory MatchReviewsRepository for the match use cases' specs (the SQL: test/desk/child-view.test.ts). */
export class FakeMatchReviews {
  offerFound: MatchOffer | null = { otherChildId: 'child-b', offered: true, verdict: null };
  verdicts: { childId: string; verdict: string; by: string }[] = [];
  merged: [string, string] | null = null;

  asRepository(): MatchReviewsRepository {
    return this as unknown as MatchReviewsRepository;
  }
  async transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return work({} as EntityManager);
  }
  async offer() {
    return this.offerFound;
  }
  async recordVerdict(_: EntityManager, v: { childId: string; verdict: string; by: string }) {
    this.verdicts.push(v);
  }
  async merge(_: EntityManager, a: string, b: string) {
    this.merged = [a, b];
    return { kept: b, gone: a, movedContactIds: ['contact-of-a'] };
  }
  async latestContact() {
    return { id: 'latest' };
  }
}

export const dana = { username: 'dana', role: 'duty_worker' };
