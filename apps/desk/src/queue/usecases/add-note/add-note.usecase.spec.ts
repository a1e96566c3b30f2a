import { NotFoundError } from '@app/contracts';
import { appendAudit } from '@app/audit';
import { dana, FakeDeskItems } from '../fake-desk-items';
import { AddNoteUseCase } from './add-note.usecase';

jest.mock('@app/audit', () => ({ appendAudit: jest.fn() }));

describe('AddNoteUseCase', () => {
  it('keeps the text and audits only the note id (a note may say anything about the child)', async () => {
    const items = new FakeDeskItems();
    items.item!.claimedBy = null; // held or not
    const out = await new AddNoteUseCase(items.asRepository()).execute({
      contactId: 'c1',
      actor: dana,
      text: 'rang DSL',
    });
    expect(out).toEqual({ noteId: 'n1' });
    expect(items.notes).toEqual(['rang DSL']);
    const entry = (appendAudit as jest.Mock).mock.calls.at(-1)[1];
    expect(entry).toMatchObject({ action: 'desk_item.note', details: { noteId: 'n1' } });
    expect(JSON.stringify(entry)).not.toContain('rang DSL');
  });

  it('refuses a note on an item that is not on the desk', async () => {
    const items = new FakeDeskItems();
    items.item = null;
    await expect(
      new AddNoteUseCase(items.asRepository()).execute({ contactId: 'c9', actor: dana, text: 'x' }),
    ).rejects.toThrow(NotFoundError);
  });
});
