import { ConflictError, NotFoundError } from '@app/contracts';
import { dana, FakeDeskItems } from '../fake-desk-items';
import { ClaimItemUseCase } from './claim-item.usecase';

jest.mock('@app/audit', () => ({ appendAudit: jest.fn() }));

describe('ClaimItemUseCase', () => {
  it('takes a claimable item for the worker', async () => {
    const items = new FakeDeskItems();
    const view = await new ClaimItemUseCase(items.asRepository()).execute({ contactId: 'c1', actor: dana });
    expect(view.contactId).toBe('c1');
    expect(items.holder).toBe('dana');
  });

  it('says why a claim was refused: who holds it, closed, or no such item', async () => {
    const items = new FakeDeskItems();
    items.claimable = false;
    items.item!.claimedBy = 'sam';
    const useCase = new ClaimItemUseCase(items.asRepository());
    await expect(useCase.execute({ contactId: 'c1', actor: dana })).rejects.toThrow(
      new ConflictError('Held by sam'),
    );
    items.item!.state = 'closed';
    await expect(useCase.execute({ contactId: 'c1', actor: dana })).rejects.toThrow('This item is closed');
    items.item = null;
    await expect(useCase.execute({ contactId: 'c1', actor: dana })).rejects.toThrow(NotFoundError);
    expect(items.holder).toBeUndefined();
  });
});
