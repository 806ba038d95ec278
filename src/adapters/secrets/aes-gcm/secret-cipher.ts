import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';

const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

/**
 * AES-256-GCM with a fresh 96-bit IV per value. The stored form is
 * iv ‖ tag ‖ ciphertext. `bound` (service/name/version) is authenticated
 * data: a ciphertext copied to another row fails to decrypt instead of
 * becoming another secret's value.
 */
export class SecretCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== KEY_BYTES) throw new DomainError(ErrorCode.ConfigInvalid, `secret key must be ${KEY_BYTES} bytes, got ${key.length}`);
  }

  seal(value: Uint8Array, bound: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(bound, 'utf8'));
    const body = Buffer.concat([cipher.update(value), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  open(sealed: Uint8Array, bound: string): Buffer {
    const data = Buffer.from(sealed);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, data.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(bound, 'utf8'));
      decipher.setAuthTag(data.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(data.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    } catch {
      throw new DomainError(
        ErrorCode.ConfigInvalid,
        `secret ${bound} cannot be decrypted: [agent] secret_key_file is not the key it was stored with (restore the key from its backup, RUNBOOK.md "Secrets")`,
      );
    }
  }
}
