import type { CriteriaRegistry } from '@app/criteria';
import { decideAwaitingContacts, type SlaTimers } from '@app/decisions';
import { dana, FakeMatchReviews } from '../fake-match-reviews';
import { ConfirmMatchUseCase } from './confirm-match.usecase';

jest.mock('@app/audit', () => ({ appendAudit: jest.fn() }));
jest.mock('@app/decisions', () => ({ decideAwaitingContacts: jest.fn() }));

describe('ConfirmMatchUseCase', () => {
  const criteria = { current: () => ({ version: 'test' }) } as unknown as CriteriaRegistry;

  it('merges the two children, records the verdict on the kept one, and re-decides its awaiting contacts', async () => {
    const reviews = new FakeMatchReviews();
    const timers = { schedule: jest.fn() } as unknown as SlaTimers;
    (decideAwaitingContacts as jest.Mock).mockResolvedValue([{ contactId: 'c1', dueAt: new Date() }]);
    const out = await new ConfirmMatchUseCase(reviews.asRepository(), criteria, timers).execute({
      childId: 'child-a',
      otherContactId: 'c2',
      actor: dana,
    });
    expect(reviews.merged).toEqual(['child-a', 'child-b']);
    expect(out).toEqual({ childId: 'child-b', mergedChildId: 'child-a', verdict: 'confirmed', retriaged: 1 });
    expect(reviews.verdicts[0]).toMatchObject({ childId: 'child-b', verdict: 'confirmed' });
    expect(decideAwaitingContacts).toHaveBeenCalledWith(
      expect.anything(),
      { version: 'test' },
      expect.objectContaining({ childId: 'child-b', trigger: { id: 'latest' }, includeTrigger: false }),
    );
    expect(timers.schedule).toHaveBeenCalledTimes(1);
  });

  it('merges nothing when the match is not on offer', async () => {
    const reviews = new FakeMatchReviews();
    reviews.offerFound = null;
    const useCase = new ConfirmMatchUseCase(reviews.asRepository(), criteria, {
      schedule: jest.fn(),
    } as never);
    await expect(useCase.execute({ childId: 'child-a', otherContactId: 'c2', actor: dana })).rejects.toThrow(
      'No such possible match for this child',
    );
    expect(reviews.merged).toBeNull();
  });
});
