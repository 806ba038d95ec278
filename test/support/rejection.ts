import { expect } from 'chai';
import { DomainError } from '../../src/domain/errors/domain-error';

/** Awaits a promise that must reject with a DomainError, and returns that error. */
export async function rejection(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    expect(e).to.be.instanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error('expected the call to fail, it succeeded');
}
