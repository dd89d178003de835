import { InvalidArgumentError } from 'commander';

/**
 * A commander argument parser for a whole number in [min, max]. Commander turns InvalidArgumentError
 * into a usage error (exit 2) naming the option, before any folder is read.
 */
export function wholeNumber(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = /^\d+$/.test(value) ? Number(value) : NaN;
    if (!(n >= min && n <= max)) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}.`);
    return n;
  };
}
