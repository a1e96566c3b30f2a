import { ConflictError, RuleBrokenError } from '@app/contracts';
import type { SlaTimers } from '@app/decisions';
import { dana, FakeDeskItems } from '../fake-desk-items';
import { OverrideItemUseCase } from './override-item.usecase';

jest.mock('@app/audit', () => ({ appendAudit: jest.fn() }));

describe('OverrideItemUseCase', () => {
  const timers = { cancel: jest.fn() } as unknown as SlaTimers;
  const make = (items: FakeDeskItems) => new OverrideItemUseCase(items.asRepository(), timers);

  it('decides what the worker chose, keeps the recommendation it overrode, and stops the timer', async () => {
    const items = new FakeDeskItems();
    const out = await make(items).execute({
      contactId: 'c1',
      actor: dana,
      needLevel: 3,
      reason: '  sibling open  ',
    });
    expect(out).toMatchObject({
      state: 'decided',
      needLevel: 3,
      route: 'EARLY_HELP',
      team: 'LOCALITY_NORTH',
    });
    expect(items.decided).toEqual({ needLevel: 3, route: 'EARLY_HELP', team: 'LOCALITY_NORTH' });
    expect(items.decisions[0]).toMatchObject({ kind: 'override', reason: 'sibling open' });
    expect(items.decisions[0].recommendation.needLevel).toBe(2);
    expect(timers.cancel).toHaveBeenCalledWith('c1');
  });

  it('refuses an override that changes nothing (confirm it instead), recording nothing', async () => {
    const items = new FakeDeskItems();
    await expect(
      make(items).execute({ contactId: 'c1', actor: dana, needLevel: 2, reason: 'no change' }),
    ).rejects.toThrow(RuleBrokenError);
    expect(items.decisions).toHaveLength(0);
  });

  it('a team of null is a change (no team), not "keep the recommendation"', async () => {
    const items = new FakeDeskItems();
    await make(items).execute({ contactId: 'c1', actor: dana, team: null, reason: 'no locality team' });
    expect(items.decided?.team).toBeNull();
  });

  it('refuses an item held by someone else', async () => {
    const items = new FakeDeskItems();
    items.item!.claimedBy = 'sam';
    await expect(
      make(items).execute({ contactId: 'c1', actor: dana, needLevel: 3, reason: 'x y z w' }),
    ).rejects.toThrow(new ConflictError('Held by sam: claim it first'));
  });
});
