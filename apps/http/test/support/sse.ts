/**
 * A curl-like Server-Sent Events client for the tests: `fetch` and a reader over the body, parsed into events and
 * comments as they come, for the life of the scope (the connection is aborted when it closes).
 */
import { Effect } from "effect"

/** One thing read off the stream: an event (`data` parsed as JSON), or a comment line. */
export type SseItem =
  | { readonly kind: "event"; readonly id: string; readonly event: string; readonly data: SseData }
  | { readonly kind: "comment"; readonly text: string }

/** The fields of an event's JSON the tests read. */
export interface SseData {
  readonly id: string
  readonly type: string
  readonly sessionId: string
  readonly occurredAt: string
  readonly data: Readonly<Record<string, unknown>>
  readonly orgId?: unknown
}

export type SseEvent = Extract<SseItem, { readonly kind: "event" }>

const parseBlock = (block: string): ReadonlyArray<SseItem> => {
  const items: Array<SseItem> = []
  const fields: Record<string, string> = {}
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) items.push({ kind: "comment", text: line.slice(1).trim() })
    else {
      const colon = line.indexOf(":")
      const name = colon < 0 ? line : line.slice(0, colon)
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "")
      fields[name] = fields[name] === undefined ? value : `${fields[name]}\n${value}`
    }
  }
  if (fields["data"] !== undefined) {
    items.push({ kind: "event", id: fields["id"] ?? "", event: fields["event"] ?? "message", data: JSON.parse(fields["data"]) as SseData })
  }
  return items
}

export interface SseStream {
  readonly status: number
  readonly headers: Headers
  /** The whole body of an answer that is not an event stream (an error envelope); `""` for a stream. */
  readonly text: string
  /** Reads until `done` holds for what was read so far, or the stream ends; fails after `timeoutMs`. */
  readonly readUntil: (done: (items: ReadonlyArray<SseItem>) => boolean, timeoutMs?: number) => Effect.Effect<ReadonlyArray<SseItem>>
  /** The next `count` events (comments skipped). */
  readonly events: (count: number, timeoutMs?: number) => Effect.Effect<ReadonlyArray<SseEvent>>
  /** Everything until the server ends the stream. */
  readonly rest: (timeoutMs?: number) => Effect.Effect<ReadonlyArray<SseItem>>
  /** Whether the server has ended the stream (seen by the last read). */
  readonly ended: () => boolean
}

export const onlyEvents = (items: ReadonlyArray<SseItem>): ReadonlyArray<SseEvent> =>
  items.filter((item): item is SseEvent => item.kind === "event")

/**
 * `GET url` with the bearer `token` (and extra `headers`; `null`: none), kept open for the scope. An answer that is
 * not an event stream is read whole into `text`, and the stream is empty.
 */
export const openSse = (url: string, token: string | null, headers: Record<string, string> = {}) =>
  Effect.gen(function*() {
    const abort = yield* Effect.acquireRelease(Effect.sync(() => new AbortController()), (controller) => Effect.sync(() => controller.abort()))
    const response = yield* Effect.promise(() =>
      fetch(url, {
        headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), accept: "text/event-stream", ...headers },
        signal: abort.signal
      })
    )
    const streaming = (response.headers.get("content-type") ?? "").startsWith("text/event-stream")
    const text = streaming ? "" : yield* Effect.promise(() => response.text())
    const reader = streaming ? response.body?.getReader() : undefined
    const decoder = new TextDecoder()
    let buffer = ""
    let done = false
    const pending: Array<SseItem> = []

    /** Reads one chunk (or notes the end): whole blocks go to `pending`. */
    const readChunk = Effect.promise(async () => {
      if (reader === undefined || done) {
        done = true
        return
      }
      const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }))
      if (chunk.done) done = true
      else buffer += decoder.decode(chunk.value, { stream: true })
      let end = buffer.indexOf("\n\n")
      while (end >= 0) {
        pending.push(...parseBlock(buffer.slice(0, end)))
        buffer = buffer.slice(end + 2)
        end = buffer.indexOf("\n\n")
      }
    })

    const readUntil = (finished: (items: ReadonlyArray<SseItem>) => boolean, timeoutMs = 10_000) =>
      Effect.gen(function*() {
        const read: Array<SseItem> = []
        for (;;) {
          while (pending.length > 0) {
            const item = pending.shift()
            if (item !== undefined) read.push(item)
            if (finished(read)) return read
          }
          if (done) return read
          yield* readChunk
        }
      }).pipe(
        Effect.timeoutOrElse({ duration: timeoutMs, orElse: () => Effect.die(new Error(`the event stream did not deliver in ${timeoutMs} ms`)) })
      )

    const stream: SseStream = {
      status: response.status,
      headers: response.headers,
      text,
      readUntil,
      events: (count, timeoutMs) =>
        Effect.map(readUntil((items) => onlyEvents(items).length >= count, timeoutMs), onlyEvents),
      rest: (timeoutMs) => readUntil(() => false, timeoutMs),
      ended: () => done
    }
    return stream
  })
