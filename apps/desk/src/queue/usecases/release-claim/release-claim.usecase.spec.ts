import { ConflictError, ForbiddenError } from '@app/contracts';
import { dana, FakeDeskItems } from '../fake-desk-items';
import { ReleaseClaimUseCase } from './release-claim.usecase';

jest.mock('@app/audit', () => ({ appendAudit: jest.fn() }));

describe('ReleaseClaimUseCase', () => {
  it('the holder lets go', async () => {
    const items = new FakeDeskItems();
    await new ReleaseClaimUseCase(items.asRepository()).execute({
      contactId: 'c1',
      actor: dana,
      anyHolder: false,
    });
    expect(items.holder).toBeNull();
  });

  it("only a duty manager may release someone else's claim", async () => {
    const items = new FakeDeskItems();
    items.item!.claimedBy = 'sam';
    const useCase = new ReleaseClaimUseCase(items.asRepository());
    await expect(useCase.execute({ contactId: 'c1', actor: dana, anyHolder: false })).rejects.toThrow(
      ForbiddenError,
    );
    expect(items.holder).toBeUndefined();
    await useCase.execute({
      contactId: 'c1',
      actor: { username: 'mo', role: 'duty_manager' },
      anyHolder: true,
    });
    expect(items.holder).toBeNull();
  });

  it('an unheld item cannot be released', async () => {
    const items = new FakeDeskItems();
    items.item!.claimedBy = null;
    await expect(
      new ReleaseClaimUseCase(items.asRepository()).execute({
        contactId: 'c1',
        actor: dana,
        anyHolder: true,
      }),
    ).rejects.toThrow(ConflictError);
  });
});
