import { describe, expect, it } from 'vitest';
import { formatCpu, formatMemory, parseCpu, parseMemory, parseQuantity } from '../../../protocols/k8s/quantity.js';

describe('quantities', () => {
  it('reads CPU in millicores', () => {
    expect(parseCpu('500m')).toBe(500);
    expect(parseCpu('1')).toBe(1_000);
    expect(parseCpu('1.5')).toBe(1_500);
    expect(parseCpu(2)).toBe(2_000);
    expect(parseCpu('0.1')).toBe(100);
    expect(parseCpu('250m')).toBe(250);
    // A fraction of a millicore rounds up, as MilliValue does.
    expect(parseCpu('0.0005')).toBe(1);
  });

  it('reads memory in bytes, binary and decimal suffixes and exponents', () => {
    expect(parseMemory('256Mi')).toBe(256 * 2 ** 20);
    expect(parseMemory('1Gi')).toBe(2 ** 30);
    expect(parseMemory('1G')).toBe(1e9);
    expect(parseMemory('128974848')).toBe(128_974_848);
    expect(parseMemory('129e6')).toBe(129_000_000);
    expect(parseMemory('123Ki')).toBe(123 * 1024);
    expect(parseMemory('1.5Gi')).toBe(1.5 * 2 ** 30);
  });

  it('refuses what is not Kubernetes notation', () => {
    for (const bad of ['', 'abc', '1GB', '-1', '1 Gi', 'Mi', '1.2.3']) expect(parseQuantity(bad), bad).toBeUndefined();
  });

  it('writes quantities back in the usual notation', () => {
    expect(formatCpu(500)).toBe('500m');
    expect(formatCpu(2_000)).toBe('2');
    expect(formatMemory(256 * 2 ** 20)).toBe('256Mi');
    expect(formatMemory(8 * 2 ** 30)).toBe('8Gi');
    expect(formatMemory(1_500)).toBe('1500');
  });
});
