import 'reflect-metadata'; // class-transformer's @Type reads design-time metadata
import { type ValidationOptions, ValidateBy } from '../../support/validation/class-validator.lite';

export const STRING = { message: 'expected a string' };
export const INTEGER = { message: 'expected an integer' };
export const ARGV = { message: 'expected an array of strings (an argv, run without a shell)' };
export const EACH_ARGV = { each: true, ...ARGV };
export const SECTION = { message: 'expected a table' };

/** A size may be written as bytes (64) or as a string ("64MiB"); byte-size.ts reads it. */
export const IsIntegerOrString = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isIntegerOrString',
      validator: {
        validate: (v: unknown) => typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v)),
        defaultMessage: () => 'expected a number of bytes or a string like "64MiB"',
      },
    },
    options,
  );

/** Values that arrive from an env var as text and must be turned into the key's type. */
export type EnvKind = 'string' | 'integer' | 'argv' | 'size';
