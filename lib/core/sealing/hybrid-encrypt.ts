/**
 * The hybrid encryption of Bitnami Sealed Secrets (bitnami-labs/sealed-secrets `pkg/crypto` HybridEncrypt),
 * with node's own `crypto`.
 *
 * The output is what the controller's HybridDecrypt opens:
 *
 * ```
 * uint16 big-endian length of the RSA ciphertext || RSA ciphertext || AES-256-GCM ciphertext || GCM tag
 * ```
 *
 * The RSA part is RSA-OAEP with SHA-256 (also for MGF1) and the scope label, encrypting a fresh 32-byte
 * AES-256 session key. The AES part seals the plaintext with that key, a zero 12-byte nonce (safe: each
 * session key is used once) and no additional data.
 */
import * as crypto from 'node:crypto';

/** Length of the AES-256 session key, in bytes. */
const SESSION_KEY_BYTES = 32;
/** Length of the AES-GCM nonce (Go's `cipher.NewGCM` standard nonce size), in bytes. */
const GCM_NONCE_BYTES = 12;

/**
 * Encrypts `plaintext` for the holder of `publicKey`'s private key, bound to `label`.
 *
 * Randomized: every call draws a new session key, so two calls never return the same bytes.
 * @param publicKey the sealing controller's RSA public key
 * @param plaintext the value to seal (raw bytes, not base64)
 * @param label the OAEP label; the controller opens only with the same label (see `encryptionLabel`)
 */
export function hybridEncrypt(publicKey: crypto.KeyObject, plaintext: Buffer, label: Buffer): Buffer {
  const sessionKey = crypto.randomBytes(SESSION_KEY_BYTES);
  const rsaCiphertext = crypto.publicEncrypt(
    { key: publicKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: label },
    sessionKey,
  );
  const rsaLength = Buffer.alloc(2);
  rsaLength.writeUInt16BE(rsaCiphertext.length);

  const cipher = crypto.createCipheriv('aes-256-gcm', sessionKey, Buffer.alloc(GCM_NONCE_BYTES));
  const aesCiphertext = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return Buffer.concat([rsaLength, rsaCiphertext, aesCiphertext]);
}
