/** Who is in a group, as far as messages need to know. */
export interface GroupMembership {
  /** How the group names its members on the wire: by LID (`lid`) or by phone JID (`pn`). */
  readonly addressingMode: "pn" | "lid"
  /** The current participants' user JIDs (phone JIDs or LIDs; either names the account). */
  readonly participants: ReadonlyArray<string>
}

/**
 * The seam between messages and the group model: a group send is fanned out to every device of every
 * participant, so the router asks who they are. The simulator's group model (`w:g2`) implements it; tests may
 * give their own.
 */
export interface GroupDirectory {
  /** The membership of a group (`…@g.us`), or undefined when there is no such group. */
  readonly membership: (groupJid: string) => GroupMembership | undefined
}

/** A world without groups: every group send is answered 404. */
export const noGroups: GroupDirectory = { membership: () => undefined }
