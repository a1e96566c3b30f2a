import { ConflictError, NotFoundError } from '@app/contracts';
import { dana, FakeMatchReviews } from '../fake-match-reviews';
import { RejectMatchUseCase } from './reject-match.usecase';

jest.mock('@app/audit', () => ({ appendAudit: jest.fn() }));

describe('RejectMatchUseCase', () => {
  const reject = (reviews: FakeMatchReviews) =>
    new RejectMatchUseCase(reviews.asRepository()).execute({
      childId: 'child-a',
      otherContactId: 'c2',
      actor: dana,
    });

  it('records the rejection against this child', async () => {
    const reviews = new FakeMatchReviews();
    expect(await reject(reviews)).toEqual({ childId: 'child-a', verdict: 'rejected' });
    expect(reviews.verdicts).toEqual([
      expect.objectContaining({ childId: 'child-a', verdict: 'rejected', by: 'dana' }),
    ]);
  });

  it('refuses a match not on offer, one about this child already, and one already reviewed', async () => {
    const notOffered = new FakeMatchReviews();
    notOffered.offerFound = { otherChildId: 'child-b', offered: false, verdict: null };
    await expect(reject(notOffered)).rejects.toThrow(NotFoundError);
    const sameChild = new FakeMatchReviews();
    sameChild.offerFound = { otherChildId: 'child-a', offered: true, verdict: null };
    await expect(reject(sameChild)).rejects.toThrow(
      new ConflictError('That contact is already about this child'),
    );
    const reviewed = new FakeMatchReviews();
    reviewed.offerFound = { otherChildId: 'child-b', offered: true, verdict: 'confirmed' };
    await expect(reject(reviewed)).rejects.toThrow('This match was already confirmed');
    expect([...notOffered.verdicts, ...sameChild.verdicts, ...reviewed.verdicts]).toHaveLength(0);
  });
});
