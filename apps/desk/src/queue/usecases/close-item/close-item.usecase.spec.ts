import { ConflictError } from '@app/contracts';
import type { ReferralRecorder } from '../../../referrals/referral-recorder';
import { dana, FakeDeskItems } from '../fake-desk-items';
import { CloseItemUseCase } from './close-item.usecase';

jest.mock('@app/audit', () => ({ appendAudit: jest.fn() }));

describe('CloseItemUseCase', () => {
  const decidedItem = () => {
    const items = new FakeDeskItems();
    items.item!.state = 'decided';
    items.item!.needLevel = 3;
    return items;
  };

  it('closes a decided item as it was decided, passing a referral outcome to the referral recorder', async () => {
    const items = decidedItem();
    const onClose = jest.fn().mockResolvedValue({ referralId: 'ref1', joined: false, primaryNeed: 'N1' });
    const useCase = new CloseItemUseCase(items.asRepository(), { onClose } as unknown as ReferralRecorder);
    const out = await useCase.execute({
      contactId: 'c1',
      actor: dana,
      outcome: 'REFERRAL',
      cinNoFurtherAction: false,
    });
    expect(out).toMatchObject({
      state: 'closed',
      referral: { id: 'ref1', joined: false, primaryNeed: 'N1' },
    });
    expect(items.closed).toBe(true);
    expect(items.decisions[0]).toMatchObject({
      kind: 'close',
      outcome: 'REFERRAL',
      chosen: { needLevel: 3 },
    });
    expect(onClose).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ contactId: 'c1', outcome: 'REFERRAL', primaryNeed: null, worker: 'dana' }),
    );
  });

  it('an awaiting item must be decided before it is closed', async () => {
    const items = new FakeDeskItems();
    const useCase = new CloseItemUseCase(items.asRepository(), {
      onClose: jest.fn(),
    } as unknown as ReferralRecorder);
    await expect(
      useCase.execute({ contactId: 'c1', actor: dana, outcome: 'NFA', cinNoFurtherAction: true }),
    ).rejects.toThrow(ConflictError);
    expect(items.closed).toBe(false);
  });
});
