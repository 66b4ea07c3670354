import { describe, expect, it } from 'vitest';
import { checkPath, childPath, formatSequence, isValidPath, nameOf, parentOf } from '../../../protocols/store/index.js';

describe('paths', () => {
  it.each(['/', '/a', '/a/b', '/a-b/c_d.e', '/..a', '/a./b', '/ü/日本'])('accepts %s', (path) => {
    expect(checkPath(path)).toBeUndefined();
  });

  it.each(['', 'a', 'a/b', '/a/', '//', '/a//b', '/./a', '/a/..', '/a\u0000b'])('rejects %j', (path) => {
    expect(isValidPath(path)).toBe(false);
    expect(checkPath(path)).toBeTypeOf('string');
  });

  it('splits and joins paths', () => {
    expect(parentOf('/a')).toBe('/');
    expect(parentOf('/a/b/c')).toBe('/a/b');
    expect(nameOf('/a/b/c')).toBe('c');
    expect(childPath('/', 'x')).toBe('/x');
    expect(childPath('/a', 'x')).toBe('/a/x');
  });

  it('formats sequence numbers like Java %010d, sign included', () => {
    expect(formatSequence(0)).toBe('0000000000');
    expect(formatSequence(42)).toBe('0000000042');
    expect(formatSequence(2_147_483_647)).toBe('2147483647');
    expect(formatSequence(-5)).toBe('-000000005');
    expect(formatSequence(-2_147_483_648)).toBe('-2147483648');
  });
});
