/* eslint-disable @typescript-eslint/no-require-imports -- deep requires are the point of this file */
import type * as ClassValidator from 'class-validator';

type CV = typeof ClassValidator;

/**
 * The parts of class-validator MCP uses, each from its own module. The
 * package's index loads every decorator it has (validator.js, libphonenumber:
 * 100+ ms, most of `mcp list`'s startup) although a config needs nine. The
 * decorators register into class-validator's one global metadata storage,
 * so these and the full package validate alike; types come from the package.
 */
// Literal paths, so a bundler sees every module this needs.

export const ArrayNotEmpty = (require('class-validator/cjs/decorator/array/ArrayNotEmpty') as CV).ArrayNotEmpty;
export const IsArray = (require('class-validator/cjs/decorator/typechecker/IsArray') as CV).IsArray;
export const IsBoolean = (require('class-validator/cjs/decorator/typechecker/IsBoolean') as CV).IsBoolean;
export const IsIn = (require('class-validator/cjs/decorator/common/IsIn') as CV).IsIn;
export const IsInt = (require('class-validator/cjs/decorator/typechecker/IsInt') as CV).IsInt;
export const IsOptional = (require('class-validator/cjs/decorator/common/IsOptional') as CV).IsOptional;
export const IsString = (require('class-validator/cjs/decorator/typechecker/IsString') as CV).IsString;
export const ValidateBy = (require('class-validator/cjs/decorator/common/ValidateBy') as CV).ValidateBy;
export const ValidateNested = (require('class-validator/cjs/decorator/common/ValidateNested') as CV).ValidateNested;
export const getMetadataStorage = (require('class-validator/cjs/metadata/MetadataStorage') as CV).getMetadataStorage;

const { Validator } = require('class-validator/cjs/validation/Validator') as { Validator: new () => Pick<ClassValidator.Validator, 'validateSync'> };
const validator = new Validator();

export function validateSync(object: object, options?: ClassValidator.ValidatorOptions): ClassValidator.ValidationError[] {
  return validator.validateSync(object, options);
}

export type { ValidationError, ValidationOptions, ValidatorOptions } from 'class-validator';
