import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'enc:v1:';
/** Binds a sealed value to its use: a sealed secret cannot be passed off as anything else. */
const AAD = Buffer.from('onec-sync source_credentials.secret');

/**
 * Webhook secrets at rest. An HMAC needs the key itself, so a secret cannot be stored hashed;
 * with `ONEC_SYNC_SECRET_KEY` (32 random bytes, base64) it is stored sealed with AES-256-GCM
 * (`enc:v1:` + base64 of IV, tag, ciphertext), so a copy of the database alone (a backup, a
 * dump) signs nothing. Without a key values are stored and read as they are, and values
 * stored before a key was set are read as they are until sealed (createAuth seals them).
 */
export class SecretBox {
  private constructor(private readonly key: Buffer | undefined) {}

  static plain(): SecretBox {
    return new SecretBox(undefined);
  }

  /** `keyBase64` as loadConfig validated it: 32 bytes. */
  static fromKey(keyBase64: string | undefined): SecretBox {
    return new SecretBox(keyBase64 ? Buffer.from(keyBase64, 'base64') : undefined);
  }

  get enabled(): boolean {
    return this.key !== undefined;
  }

  static isSealed(stored: string): boolean {
    return stored.startsWith(PREFIX);
  }

  seal(plain: string): string {
    if (!this.key) return plain;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(AAD);
    const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
  }

  open(stored: string): string {
    if (!SecretBox.isSealed(stored)) return stored;
    if (!this.key) throw new Error('A webhook secret is stored encrypted: set ONEC_SYNC_SECRET_KEY to the key it was sealed with');
    const raw = Buffer.from(stored.slice(PREFIX.length), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAAD(AAD);
    decipher.setAuthTag(raw.subarray(12, 28));
    try {
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('A webhook secret does not open with ONEC_SYNC_SECRET_KEY: it was sealed with another key');
    }
  }
}
