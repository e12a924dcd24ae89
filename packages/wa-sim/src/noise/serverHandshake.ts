import { Curve, type KeyPair, proto } from "../protocol/baileys.ts"
import { HandshakeState } from "./HandshakeState.ts"
import type { TransportCipher } from "./TransportCipher.ts"

/** What the server holds for its side of every handshake. */
export interface ServerIdentity {
  readonly staticKey: KeyPair
  readonly certificateChain: Uint8Array
}

/** The handshake of one connection, between the client's hello and its finish. */
export interface PendingHandshake {
  readonly state: HandshakeState
  readonly ephemeral: KeyPair
}

/** The outcome of a completed handshake: the client's static (noise) key, its login payload and the cipher. */
export interface CompletedHandshake {
  readonly clientStaticKey: Uint8Array
  readonly payload: proto.ClientPayload
  readonly cipher: TransportCipher
}

/** A handshake message the server cannot accept (malformed, or failing to decrypt). */
export class HandshakeError extends Error {
  override readonly name = "HandshakeError"
}

/**
 * Reads `HandshakeMessage{clientHello}` and answers `serverHello{ephemeral, static, payload}`: the mirror of
 * Baileys' `validateConnection` + `processHandshake` and whatsmeow's `doHandshake` (handshake.go).
 */
export const answerClientHello = (
  prologue: Uint8Array,
  message: Uint8Array,
  server: ServerIdentity
): { readonly pending: PendingHandshake; readonly reply: Uint8Array } => {
  const hello = proto.HandshakeMessage.decode(message).clientHello
  const clientEphemeral = hello?.ephemeral
  if (!clientEphemeral || clientEphemeral.length !== 32) throw new HandshakeError("client hello without a 32-byte ephemeral key")
  const state = new HandshakeState(prologue)
  state.authenticate(clientEphemeral)
  const ephemeral = Curve.generateKeyPair()
  state.authenticate(ephemeral.public)
  state.mixSharedSecret(ephemeral.private, clientEphemeral)
  const encryptedStatic = state.encrypt(server.staticKey.public)
  state.mixSharedSecret(server.staticKey.private, clientEphemeral)
  const encryptedCertificate = state.encrypt(server.certificateChain)
  const reply = proto.HandshakeMessage.encode({
    serverHello: { ephemeral: ephemeral.public, static: encryptedStatic, payload: encryptedCertificate }
  }).finish()
  return { pending: { state, ephemeral }, reply }
}

/** Reads `HandshakeMessage{clientFinish{static, payload}}`: the client's noise key and its `ClientPayload`. */
export const readClientFinish = (pending: PendingHandshake, message: Uint8Array): CompletedHandshake => {
  const finish = proto.HandshakeMessage.decode(message).clientFinish
  if (!finish?.static || !finish.payload) throw new HandshakeError("client finish without its static key and payload")
  const { ephemeral, state } = pending
  const clientStaticKey = state.decrypt(finish.static)
  if (clientStaticKey.length !== 32) throw new HandshakeError("client static key is not 32 bytes")
  state.mixSharedSecret(ephemeral.private, clientStaticKey)
  const payload = proto.ClientPayload.decode(state.decrypt(finish.payload))
  return { clientStaticKey, payload, cipher: state.finish() }
}
