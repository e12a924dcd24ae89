/** Who is in a group, as far as messages need to know. */
export interface GroupMembership {
  /** How the group names its members on the wire: by LID (`lid`) or by phone JID (`pn`). */
  readonly addressingMode: "pn" | "lid"
  /** The current participants' user JIDs (phone JIDs or LIDs; either names the account). */
  readonly participants: ReadonlyArray<string>
  /**
   * Who may send when not every participant may: an announcement group's admins (`announcement`, and a
   * community's announcement group). Undefined when every participant may.
   */
  readonly senders?: ReadonlyArray<string> | undefined
  /** The admins' user JIDs (they may delete anyone's message for everyone); none when not given. */
  readonly admins?: ReadonlyArray<string> | undefined
}

/**
 * The seam between messages and the group model: a group send is fanned out to every device of every
 * participant, so the router asks who they are and who may send. The simulator's group model (`world.groups`,
 * `w:g2`) implements it and is the default; a unit test may give its own (`startWaSim({ groups })`).
 */
export interface GroupDirectory {
  /** The membership of a group (`…@g.us`), or undefined when there is no such group. */
  readonly membership: (groupJid: string) => GroupMembership | undefined
}
