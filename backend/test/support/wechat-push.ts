import { createCipheriv, createHash, randomBytes } from 'crypto';

/**
 * WeChat's side of the message push, written from its documentation ("消息加解密说明", safe mode): what WeChat
 * sends, so tests drive the server's verification and decryption with real ciphertexts.
 */
export const sha1Sorted = (...parts: string[]) =>
  createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');

/** A random 43-character EncodingAESKey, as the console generates. */
export function newEncodingAesKey(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  // the 43rd character carries only 4 bits of the 32-byte key: pick one whose low bits are zero
  const last = 'AQgw';
  return Array.from(randomBytes(42), b => alphabet[b % 62]).join('') + last[randomBytes(1)[0]! % 4];
}

/** Encrypt = base64(AES-256-CBC(random16 + len32be + message + appid, PKCS#7 to 32 bytes)). */
export function encryptAsWechat(message: string, appId: string, encodingAesKey: string): string {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  const msg = Buffer.from(message, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msg.length);
  const plain = Buffer.concat([randomBytes(16), len, msg, Buffer.from(appId, 'utf8')]);
  const pad = 32 - (plain.length % 32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}

/** The query WeChat puts on a safe-mode push. */
export function safeModeQuery(token: string, encrypt: string, ts = Math.floor(Date.now() / 1000), nonce = String(Math.random()).slice(2)) {
  const timestamp = String(ts);
  return { signature: sha1Sorted(token, timestamp, nonce), timestamp, nonce, encrypt_type: 'aes', msg_signature: sha1Sorted(token, timestamp, nonce, encrypt) };
}

/** The query WeChat puts on a plain-mode push. */
export function plainQuery(token: string, ts = Math.floor(Date.now() / 1000), nonce = String(Math.random()).slice(2)) {
  const timestamp = String(ts);
  return { signature: sha1Sorted(token, timestamp, nonce), timestamp, nonce };
}
