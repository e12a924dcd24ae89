/**
 * Reads a Server-Sent Events stream until it ends, calling `onEvent` with each event's parsed `data` and
 * `onComment` with each comment's text (the gateway's `: connected`, heartbeats, `: too slow; …`); answers the
 * last event id it read (where a reader that was cut off resumes, with `Last-Event-ID`) or, having read none, the
 * one the gateway named when it cut the reader off; `null` when neither; and whether it was cut off as too slow.
 */
export const readSse = async <A>(
  response: Response,
  onEvent: (event: A) => void,
  onComment: (text: string) => void = () => {}
): Promise<{ readonly lastId: string | null; readonly tooSlow: boolean }> => {
  if (response.body === null) throw new Error("the SSE answer has no body")
  const decoder = new TextDecoder()
  let buffer = ""
  let lastId: string | null = null
  let resumeAfter: string | null = null
  let tooSlow = false
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk, { stream: true })
    for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      const lines = block.split("\n")
      for (const line of lines) {
        if (!line.startsWith(":")) continue
        const text = line.slice(1).trim()
        onComment(text)
        if (text.startsWith("too slow")) {
          tooSlow = true
          resumeAfter = /Last-Event-ID (\S+)/.exec(text)?.[1] ?? null
        }
      }
      const id = lines.find((line) => line.startsWith("id:"))
      if (id !== undefined) lastId = id.slice(3).trim()
      const data = lines.filter((line) => line.startsWith("data:")).map((line) => line.slice(5).trim()).join("\n")
      if (data !== "") onEvent(JSON.parse(data) as A)
    }
  }
  return { lastId: lastId ?? resumeAfter, tooSlow }
}

/**
 * Follows the gateway's event stream on `port` (`GET /api/v1/events?types=…`, as `token`) until `signal` aborts,
 * calling `onEvent` with each event. Cut off as too slow, it resumes after the last event it read (`Last-Event-ID`),
 * as the docs ask of a client; `cutOffs` counts those times.
 * - `opened` resolves once the gateway says `: connected` (it is subscribed: no later event is missed), and
 *   rejects if the reader gives up before that.
 * - `done` settles once the stream is given up (a failure other than the abort is written to stderr).
 */
export const followSse = <A>(options: {
  readonly port: number
  readonly token: string
  readonly types: string
  readonly signal: AbortSignal
  readonly onEvent: (event: A) => void
}): { readonly opened: Promise<void>; readonly done: Promise<void>; readonly cutOffs: () => number } => {
  let cutOffs = 0
  let markOpened = () => {}
  let failOpening = (_error: unknown) => {}
  const opened = new Promise<void>((resolve, reject) => {
    markOpened = resolve
    failOpening = reject
  })
  // Awaited by the caller; this only keeps an unawaited rejection from being reported as unhandled.
  opened.catch(() => undefined)
  const follow = async (lastId: string | null): Promise<void> => {
    const stream = await fetch(`http://127.0.0.1:${options.port}/api/v1/events?types=${options.types}`, {
      headers: { authorization: `Bearer ${options.token}`, ...(lastId === null ? {} : { "last-event-id": lastId }) },
      signal: options.signal
    })
    if (stream.status !== 200) throw new Error(`GET /events: ${stream.status}`)
    const read = await readSse<A>(stream, options.onEvent, (text) => {
      if (text === "connected") markOpened()
    })
    if (options.signal.aborted) return
    if (read.tooSlow) cutOffs++
    return follow(read.lastId ?? lastId)
  }
  const done = follow(null).then(
    () => failOpening(new Error("the SSE stream ended before the gateway said it was connected")),
    (error: unknown) => {
      failOpening(error)
      if (!options.signal.aborted) process.stderr.write(`the SSE reader stopped: ${error instanceof Error ? error.message : String(error)}\n`)
    }
  )
  return { opened, done, cutOffs: () => cutOffs }
}
