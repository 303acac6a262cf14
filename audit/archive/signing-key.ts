import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/*
 * archives are signed with Ed25519 (node:crypto). The private key is read from
 * AUDIT_SIGNING_KEY_PATH when set; otherwise it is generated once into
 * `${DATA_DIR}/audit/archive-signing-key.pem` (mode 0600), with its public key beside it in
 * `archive-signing-key.pub.pem`. Verifiers need only the public key. The CLI generates the key
 * on first use; the API only reads it (readSigningKey), so a key is made by an operator's act.
 */

export interface SigningKey {
  privateKey: KeyObject;
  publicKeyPem: string;
  /** SHA-256 of the public key (SPKI DER), hex: names the key in manifests. */
  fingerprint: string;
  /** Where the private key was read from. */
  file: string;
}

export const defaultKeyPath = (dataDir: string): string => path.join(dataDir, 'audit', 'archive-signing-key.pem');
export const publicKeyPathOf = (privateKeyPath: string): string => privateKeyPath.replace(/\.pem$/, '') + '.pub.pem';

export function fingerprintOf(publicKey: KeyObject | string): string {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  return createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex');
}

function fromPem(pem: string, file: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${file} 不是 Ed25519 私钥 / is not an Ed25519 private key`);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), fingerprint: fingerprintOf(publicKey), file };
}

/** Generates a key pair into `file` (and its .pub.pem); refuses to replace an existing key. */
export function generateSigningKey(file: string): SigningKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  mkdirSync(path.dirname(file), { recursive: true });
  // 'wx': two processes generating at once keep the first key; an existing key is never overwritten.
  writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
  const key = fromPem(pem, file);
  writeFileSync(publicKeyPathOf(file), key.publicKeyPem, { mode: 0o644 });
  return key;
}

/** Where the key is found: AUDIT_SIGNING_KEY_PATH as configured (runtime/config.ts), or DATA_DIR's. */
export interface SigningKeyLocation {
  dataDir: string;
  keyPath?: string;
}

export const signingKeyLocation = (config: { dataDir: string; auditSigningKeyPath?: string }): SigningKeyLocation => ({
  dataDir: config.dataDir,
  ...(config.auditSigningKeyPath ? { keyPath: config.auditSigningKeyPath } : {}),
});

/** No key where the configuration says (`missing`), or a file there that is not an Ed25519 private key. */
export class SigningKeyUnavailableError extends Error {
  constructor(
    readonly file: string,
    readonly reason: 'missing' | 'unreadable',
    cause?: unknown,
  ) {
    super(`${reason === 'missing' ? '没有归档签名密钥 / no archive signing key' : '无法读取归档签名密钥 / cannot read the archive signing key'}: ${file}`, { cause });
    this.name = 'SigningKeyUnavailableError';
  }
}

/** The configured key, or the one kept in DATA_DIR; never generated (SigningKeyUnavailableError when absent). */
export function readSigningKey(opts: SigningKeyLocation): SigningKey {
  const file = opts.keyPath ?? defaultKeyPath(opts.dataDir);
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (err) {
    throw new SigningKeyUnavailableError(file, (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable', err);
  }
  try {
    return fromPem(pem, file);
  } catch (err) {
    throw new SigningKeyUnavailableError(file, 'unreadable', err);
  }
}

/** The configured key, or the one kept in DATA_DIR, generated on first use. */
export function loadSigningKey(opts: SigningKeyLocation): SigningKey {
  if (opts.keyPath) return fromPem(readFileSync(opts.keyPath, 'utf8'), opts.keyPath);
  const file = defaultKeyPath(opts.dataDir);
  try {
    return fromPem(readFileSync(file, 'utf8'), file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  try {
    return generateSigningKey(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return fromPem(readFileSync(file, 'utf8'), file);
    throw err;
  }
}

export const signBytes = (key: SigningKey, data: Buffer): string => sign(null, data, key.privateKey).toString('base64');

export function verifyBytes(publicKeyPem: string, data: Buffer, signatureBase64: string): boolean {
  try {
    return verify(null, data, createPublicKey(publicKeyPem), Buffer.from(signatureBase64.trim(), 'base64'));
  } catch {
    return false;
  }
}
