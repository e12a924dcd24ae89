import { createGroup, createSession, type Group, listGroups, listMembers, listSessions, type Member } from "@wagate/core"
import { Effect } from "effect"
import { operator } from "./wagate.ts"

/** A WhatsApp group as this service reports it: the stored group and its stored members. */
export interface TeamGroup {
  readonly session: string
  readonly group: Group
  readonly members: ReadonlyArray<Member>
}

/** The stored members of a group (the first page, up to 1000: enough for a team). */
const membersOf = (session: string, group: Group) =>
  listMembers(operator, session, group.groupJid, { limit: 1000 }).pipe(
    Effect.map((page): TeamGroup => ({ session, group, members: page.items }))
  )

/**
 * Links a new WhatsApp session (on the simulator it connects at once) and creates a group on it with these
 * members (phone numbers or JIDs); answers the group as the store now holds it.
 */
export const createTeam = Effect.fn("createTeam")(function*(
  session: string,
  name: string,
  members: ReadonlyArray<string>
) {
  const linked = yield* createSession(operator, { id: session, name })
  const { group } = yield* createGroup(operator, linked.id, { name, participants: members })
  return yield* membersOf(linked.id, group)
})

/** Every session's groups with their members, read from the store alone (no WhatsApp call). */
export const listTeams = Effect.fn("listTeams")(function*() {
  const sessions = yield* listSessions(operator, { limit: 1000 })
  const teams: Array<TeamGroup> = []
  for (const session of sessions.items) {
    const groups = yield* listGroups(operator, session.id, { limit: 1000 })
    for (const group of groups.items) teams.push(yield* membersOf(session.id, group))
  }
  return teams
})
