import { progressLine } from './import-progress';

describe('progressLine', () => {
  it('gives lines, their rate and the time left from the share of the file read', () => {
    expect(
      progressLine({ lines: 5000, bytesRead: 2_500_000, totalBytes: 10_000_000, elapsedMs: 10_000 }),
    ).toBe('5,000 lines, 500 lines/s, 25% of the file, 30 s left');
    expect(progressLine({ lines: 100, bytesRead: 1, totalBytes: 1000, elapsedMs: 4000 })).toMatch(
      /100 lines, 25 lines\/s, 0% of the file, 1 h 6 min left/,
    );
  });

  it('says the time left is unknown before any of the file is read', () => {
    expect(progressLine({ lines: 0, bytesRead: 0, totalBytes: 100, elapsedMs: 0 })).toMatch(
      /time left unknown/,
    );
  });
});
