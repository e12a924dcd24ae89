import { afterAll, beforeAll } from "@effect/vitest"
import { startWaSim, type WaSim } from "@wagate/wa-sim"
import type { BaileysEventMap, BinaryNode } from "@whiskeysockets/baileys"
import { connectClient, pairClient, type TestClient, trustSimulator } from "./client.ts"

type Events = {
  readonly participants: BaileysEventMap["group-participants.update"]
  readonly updates: BaileysEventMap["groups.update"][number]
  readonly upserts: BaileysEventMap["groups.upsert"][number]
  readonly joinRequests: BaileysEventMap["group.join-request"]
  /** Raw `<notification type="w:gp2">` nodes, in the order the socket received them. */
  readonly notifications: BinaryNode
  /** Raw `<ib><offline count/></ib>` nodes: the end of a login's offline batch. */
  readonly offline: BinaryNode
}

/** A client whose group events (Baileys' own, and the raw notifications under them) are recorded from its start. */
export interface GroupClient extends TestClient {
  readonly seen: { readonly [K in keyof Events]: ReadonlyArray<Events[K]> }
  /** The first recorded event of a kind (past or future) that matches; fails after the deadline. */
  readonly next: <K extends keyof Events>(
    kind: K,
    label: string,
    matches?: (event: Events[K]) => boolean,
    timeoutMs?: number
  ) => Promise<Events[K]>
  /** The user's phone JID (`<phone>@s.whatsapp.net`) and LID (`<lid>@lid`), without device. */
  readonly phoneJid: string
  readonly lid: string
}

const bare = (jid: string | null | undefined): string => (jid ?? "").replace(/:\d+@/, "@")

/** Records a client's group events from the moment its socket is made. */
export const watchGroups = (client: TestClient): GroupClient => {
  const seen: { [K in keyof Events]: Array<Events[K]> } = {
    participants: [],
    updates: [],
    upserts: [],
    joinRequests: [],
    notifications: [],
    offline: []
  }
  const listeners = new Set<() => void>()
  const record = <K extends keyof Events>(kind: K, events: ReadonlyArray<Events[K]>) => {
    seen[kind].push(...events)
    for (const listener of listeners) listener()
  }
  const { ev, ws } = client.socket
  ev.on("group-participants.update", (update) => record("participants", [update]))
  ev.on("groups.update", (updates) => record("updates", updates))
  ev.on("groups.upsert", (upserts) => record("upserts", upserts))
  ev.on("group.join-request", (request) => record("joinRequests", [request]))
  ws.on("CB:notification", (stanza: BinaryNode) => {
    if (stanza.attrs["type"] === "w:gp2") record("notifications", [stanza])
  })
  ws.on("CB:ib,,offline", (stanza: BinaryNode) => record("offline", [stanza]))
  const next: GroupClient["next"] = (kind, label, matches = () => true, timeoutMs = 10_000) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = seen[kind].find(matches)
        if (found === undefined) return
        cleanup()
        resolve(found)
      }
      const timer = setTimeout(() => {
        cleanup()
        reject(new Error(`no ${kind} "${label}" within ${timeoutMs} ms; saw ${JSON.stringify(seen[kind]).slice(0, 2000)}`))
      }, timeoutMs)
      const cleanup = () => {
        clearTimeout(timer)
        listeners.delete(check)
      }
      listeners.add(check)
      check()
    })
  const me = client.auth.creds.me
  return { ...client, seen, next, phoneJid: bare(me?.id), lid: bare(me?.lid) }
}

/**
 * A freshly paired client waits up to 20 s for the phone's history sync, which the simulator does not send,
 * and holds back what it processes meanwhile (Baileys `AwaitingInitialSync`, Socket/chats.js); stanzas that
 * waited for a device come marked `offline` and are processed in that state. The group tests do not wait.
 */
const groupClientOptions = { shouldSyncHistoryMessage: () => false }

/** Pairs a fresh client as `sessionId`'s phone and records its group events. */
export const pairGroupClient = async (sim: WaSim, sessionId: string): Promise<GroupClient> => {
  const paired = await pairClient(sim, sessionId, groupClientOptions)
  return watchGroups(paired)
}

/** Logs a client in again with its saved credentials, recording from the first frame; resolves once open. */
export const reconnect = async (sim: WaSim, client: TestClient): Promise<GroupClient> => {
  const again = watchGroups(connectClient(sim, client.auth, groupClientOptions))
  await again.until("open", (u) => u.connection === "open")
  return again
}

/** Ends a client and waits for its close. */
export const disconnect = async (client: TestClient): Promise<void> => {
  client.end()
  await client.closed()
}

/** The WhatsApp error code a Baileys call failed with (`<error code>` → Boom `data`); throws when it succeeds. */
export const iqErrorCode = async (operation: Promise<unknown>): Promise<number> => {
  try {
    await operation
  } catch (error) {
    if (typeof error === "object" && error !== null && "data" in error && typeof error.data === "number") return error.data
    throw error
  }
  throw new Error("expected WhatsApp to refuse the call")
}

/** A raw `w:g2` IQ, as a client other than Baileys (whatsmeow) sends some of them; resolves with the reply. */
export const groupIq = (
  client: TestClient,
  to: string,
  type: "get" | "set",
  content: ReadonlyArray<BinaryNode>
): Promise<BinaryNode> => client.socket.query({ tag: "iq", attrs: { to, type, xmlns: "w:g2" }, content: [...content] })

/**
 * One simulator and paired clients for a whole test file (pairing is the slow part); each test makes its own
 * groups. `client(id)` is the current client of a session (a test that reconnects one replaces it).
 */
export const sharedWorld = (...sessionIds: ReadonlyArray<string>) => {
  let sim: WaSim | undefined
  const clients = new Map<string, GroupClient>()
  beforeAll(async () => {
    sim = await startWaSim()
    trustSimulator(sim)
    for (const id of sessionIds) clients.set(id, await pairGroupClient(sim, id))
  }, 60_000)
  afterAll(async () => {
    for (const client of clients.values()) client.end()
    await sim?.close()
  })
  return {
    get sim(): WaSim {
      if (sim === undefined) throw new Error("the simulator is not started")
      return sim
    },
    client: (id: string): GroupClient => {
      const client = clients.get(id)
      if (client === undefined) throw new Error(`no client ${id}`)
      return client
    },
    replace: (id: string, client: GroupClient): void => {
      clients.set(id, client)
    }
  }
}
