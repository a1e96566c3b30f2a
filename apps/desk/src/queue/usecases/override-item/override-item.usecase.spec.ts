import { ConflictError, MalformedInputError, RuleBrokenError } from '@app/contracts';
import type { SlaTimers } from '@app/decisions';
import { dana, FakeDeskItems } from '../fake-desk-items';
import { OverrideItemCommand, OverrideItemUseCase } from './override-item.usecase';

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

  it('refuses a bad command when it is built, before the use case reaches the repository', async () => {
    const items = new FakeDeskItems();
    const run = () =>
      make(items).execute(
        OverrideItemCommand.create({
          contactId: 'not-an-id',
          actor: { username: '', role: 'duty_worker' },
          needLevel: 7,
          reason: '',
        }),
      );
    let refused: unknown;
    try {
      await run();
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(MalformedInputError);
    expect([...new Set((refused as MalformedInputError).faults.map((f) => f.path))].sort()).toEqual([
      'actor',
      'contactId',
      'needLevel',
      'reason',
    ]);
    expect(items.transactions).toBe(0);
    expect(items.decisions).toHaveLength(0);
  });

  it('a command built from a valid request reaches the use case', async () => {
    const items = new FakeDeskItems();
    const cmd = OverrideItemCommand.create({
      contactId: '0b6f2f9c-4d59-4a55-9a53-0c7d5f1a2b3c',
      actor: dana,
      needLevel: 3,
      reason: 'sibling open',
    });
    await make(items).execute(cmd);
    expect(items.transactions).toBe(1);
  });
});
