import { IsInt, IsOptional, IsString, Min } from 'class-validator';
import { Command, IsUuid } from './command';
import { MalformedInputError } from './domain-errors';

class SampleCommand extends Command {
  @IsUuid()
  id!: string;
  @IsInt()
  @Min(1)
  count!: number;
  @IsOptional()
  @IsString()
  note?: string;
}

describe('Command.create', () => {
  it('builds a valid command as an instance of its class', () => {
    const cmd = SampleCommand.create({ id: '0b6f2f9c-4d59-4a55-9a53-0c7d5f1a2b3c', count: 2 });
    expect(cmd).toBeInstanceOf(SampleCommand);
    expect(cmd).toMatchObject({ count: 2 });
  });

  it('refuses a bad command naming every field at fault, never their values', () => {
    let error: unknown;
    try {
      SampleCommand.create({ id: 'Jane Smith 1990-01-01', count: 0, note: 7 as unknown as string });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MalformedInputError);
    const faults = (error as MalformedInputError).faults;
    expect([...new Set(faults.map((f) => f.path))].sort()).toEqual(['count', 'id', 'note']);
    expect(JSON.stringify(faults)).not.toMatch(/Jane|1990|"0"|7/);
  });
});
