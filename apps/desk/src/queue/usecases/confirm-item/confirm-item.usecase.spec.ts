import { ConflictError, NotFoundError } from '@app/contracts';
import type { SlaTimers } from '@app/decisions';
import { dana, FakeDeskItems } from '../fake-desk-items';
import { ConfirmItemUseCase } from './confirm-item.usecase';

jest.mock('@app/audit', () => ({ appendAudit: jest.fn() }));

describe('ConfirmItemUseCase', () => {
  const timers = { cancel: jest.fn() } as unknown as SlaTimers;
  const make = (items: FakeDeskItems) => new ConfirmItemUseCase(items.asRepository(), timers);

  it('decides the item as recommended, with the note, and stops its timer', async () => {
    const items = new FakeDeskItems();
    const out = await make(items).execute({ contactId: 'c1', actor: dana, note: 'spoke to school' });
    expect(out.state).toBe('decided');
    expect(items.decided).toEqual({ needLevel: 2, route: 'EARLY_HELP', team: 'LOCALITY_NORTH' });
    expect(items.decisions[0]).toMatchObject({ kind: 'confirm', actor: dana });
    expect(items.notes).toEqual(['spoke to school']);
    expect(timers.cancel).toHaveBeenCalledWith('c1');
  });

  it('needs the worker to hold an awaiting item whose claim has not lapsed', async () => {
    const lapsed = new FakeDeskItems();
    lapsed.item!.claimedAt = new Date(Date.now() - 31 * 60_000);
    await expect(make(lapsed).execute({ contactId: 'c1', actor: dana })).rejects.toThrow(ConflictError);
    const decided = new FakeDeskItems();
    decided.item!.state = 'decided';
    await expect(make(decided).execute({ contactId: 'c1', actor: dana })).rejects.toThrow(
      'This item is decided; this needs it to be awaiting',
    );
    const none = new FakeDeskItems();
    none.item = null;
    await expect(make(none).execute({ contactId: 'c1', actor: dana })).rejects.toThrow(NotFoundError);
    expect([...lapsed.decisions, ...decided.decisions]).toHaveLength(0);
  });

  it('cannot confirm a contact triage has not decided yet', async () => {
    const items = new FakeDeskItems();
    items.recommendation = null;
    await expect(make(items).execute({ contactId: 'c1', actor: dana })).rejects.toThrow(
      'This contact has no recommendation yet',
    );
  });
});
