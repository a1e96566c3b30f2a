import { isUuid, UUID_TEXT } from './uuid';

describe('isUuid', () => {
  it('takes a UUID in either case, of any version', () => {
    expect(isUuid('5a0c7e0e-8a43-4a52-9d0e-2f7b0d3c1e11')).toBe(true);
    expect(isUuid('5A0C7E0E-8A43-1A52-9D0E-2F7B0D3C1E11')).toBe(true);
  });

  it('refuses what only looks like one, and what is not a string', () => {
    for (const v of [
      '------------------------------------',
      '5a0c7e0e8a434a529d0e2f7b0d3c1e11abcd',
      '5a0c7e0e-8a43-4a52-9d0e-2f7b0d3c1e1',
      ' 5a0c7e0e-8a43-4a52-9d0e-2f7b0d3c1e11',
      '5a0c7e0e-8a43-4a52-9d0e-2f7b0d3c1e1g',
      undefined,
      null,
      42,
    ])
      expect(isUuid(v)).toBe(false);
  });

  it('gives its pattern unanchored, for routes built around it', () => {
    expect(
      new RegExp(`^/items/(${UUID_TEXT})$`, 'i').exec('/items/5a0c7e0e-8a43-4a52-9d0e-2f7b0d3c1e11')?.[1],
    ).toBe('5a0c7e0e-8a43-4a52-9d0e-2f7b0d3c1e11');
  });
});
