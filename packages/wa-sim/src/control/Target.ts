/** Names an account or one of its devices: a phone number or JID (with `:device` for one device), a LID, or a gateway session id (its derived number). */
export interface Target {
  readonly jid?: string | undefined
  readonly sessionId?: string | undefined
}
