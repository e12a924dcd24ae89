/**
 * The one door to Baileys' exports. The simulator speaks the client's own encodings (binary node tokens,
 * protobufs, curve and cipher primitives) so both sides agree by construction; nothing else imports Baileys.
 */
export {
  aesDecryptGCM,
  aesEncryptGCM,
  Curve,
  decodeBinaryNode,
  encodeBinaryNode,
  hkdf,
  jidDecode,
  jidEncode,
  NOISE_MODE,
  NOISE_WA_HEADER,
  proto,
  S_WHATSAPP_NET,
  signedKeyPair
} from "@whiskeysockets/baileys"
export type { BinaryNode, KeyPair } from "@whiskeysockets/baileys"

/** Signal and message helpers: the server plays phones and virtual users with the client's own Signal code. */
export {
  addTransactionCapability,
  DEFAULT_CONNECTION_CONFIG,
  decryptMessageNode,
  encodeWAMessage,
  generateMessageIDV2,
  generateWAMessageContent,
  generateWAMessageFromContent,
  parseAndInjectE2ESessions
} from "@whiskeysockets/baileys"
export type {
  AnyMessageContent,
  SignalDataSet,
  SignalDataTypeMap,
  SignalKeyStore,
  SignalRepositoryWithLIDStore,
  WAMessageKey
} from "@whiskeysockets/baileys"
