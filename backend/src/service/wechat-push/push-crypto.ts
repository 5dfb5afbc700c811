import { createDecipheriv, createHash } from 'crypto';

/**
 * WeChat message push, the cryptography (developers.weixin.qq.com/doc/oplatform/developers/dev/push/encryption.md,
 * "消息加解密说明", and the third-party platform's "Technical Plan" page):
 * - plain mode: `signature` = sha1 of the sorted [token, timestamp, nonce], hex; the body is not covered;
 * - safe mode: `msg_signature` = sha1 of the sorted [token, timestamp, nonce, Encrypt], hex, so the body is covered;
 *   Encrypt is base64 of AES-256-CBC (key = base64 of EncodingAESKey + "=", 32 bytes; IV = its first 16 bytes;
 *   PKCS#7 padding to a multiple of 32 bytes) over 16 random bytes + 4-byte big-endian length + message + appid.
 */
export function pushSignature(...parts: string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
}

/** The 32-byte AES key from the 43-character EncodingAESKey; throws with a clear message for anything else. */
export function aesKeyFrom(encodingAesKey: string): Buffer {
  if (!/^[A-Za-z0-9]{43}$/.test(encodingAesKey)) {
    throw new Error('WECHAT_PUSH_AES_KEY must be the 43-character EncodingAESKey from the mini-program console (letters and digits)');
  }
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) throw new Error('WECHAT_PUSH_AES_KEY does not decode to a 32-byte key');
  return key;
}

/** Decrypts an Encrypt field: the message and the appid it was sent for. Throws on any malformed input. */
export function decryptPush(encrypt: string, key: Buffer): { message: string; appId: string } {
  const data = Buffer.from(encrypt, 'base64');
  if (data.length === 0 || data.length % 32 !== 0) throw new Error('ciphertext is not a whole number of blocks');
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false); // WeChat pads to 32 bytes, Node's PKCS#7 check expects 16
  const padded = Buffer.concat([decipher.update(data), decipher.final()]);
  const pad = padded[padded.length - 1] as number;
  if (pad < 1 || pad > 32 || pad > padded.length) throw new Error('bad padding');
  for (let i = padded.length - pad; i < padded.length; i++) if (padded[i] !== pad) throw new Error('bad padding');
  const plain = padded.subarray(0, padded.length - pad);
  if (plain.length < 20) throw new Error('plaintext too short');
  const length = plain.readUInt32BE(16);
  if (20 + length > plain.length) throw new Error('message length beyond the plaintext');
  return { message: plain.subarray(20, 20 + length).toString('utf8'), appId: plain.subarray(20 + length).toString('utf8') };
}
