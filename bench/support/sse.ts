/**
 * Reads a Server-Sent Events stream until it ends, calling `onEvent` with each event's parsed `data`; answers the
 * last event id it read (where a reader that was cut off resumes, with `Last-Event-ID`), or `null`, and whether
 * the gateway cut it off as too slow.
 */
export const readSse = async <A>(response: Response, onEvent: (event: A) => void): Promise<{ readonly lastId: string | null; readonly tooSlow: boolean }> => {
  if (response.body === null) throw new Error("the SSE answer has no body")
  const decoder = new TextDecoder()
  let buffer = ""
  let lastId: string | null = null
  let tooSlow = false
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk, { stream: true })
    for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      const lines = block.split("\n")
      if (lines.some((line) => line.startsWith(": too slow"))) tooSlow = true
      const id = lines.find((line) => line.startsWith("id:"))
      if (id !== undefined) lastId = id.slice(3).trim()
      const data = lines.filter((line) => line.startsWith("data:")).map((line) => line.slice(5).trim()).join("\n")
      if (data !== "") onEvent(JSON.parse(data) as A)
    }
  }
  return { lastId, tooSlow }
}

/**
 * Follows the gateway's event stream on `port` (`GET /api/v1/events?types=…`, as `token`) until `signal` aborts,
 * calling `onEvent` with each event. Cut off as too slow, it resumes after the last event it read (`Last-Event-ID`),
 * as the docs ask of a client; `cutOffs` counts those times. `opened` settles once the first answer's headers
 * came (or the reader gave up), `done` once the stream is given up.
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
  const opened = new Promise<void>((resolve) => {
    markOpened = resolve
  })
  const follow = async (lastId: string | null): Promise<void> => {
    const stream = await fetch(`http://127.0.0.1:${options.port}/api/v1/events?types=${options.types}`, {
      headers: { authorization: `Bearer ${options.token}`, ...(lastId === null ? {} : { "last-event-id": lastId }) },
      signal: options.signal
    })
    if (stream.status !== 200) throw new Error(`GET /events: ${stream.status}`)
    markOpened()
    const read = await readSse<A>(stream, options.onEvent)
    if (options.signal.aborted) return
    if (read.tooSlow) cutOffs++
    return follow(read.lastId ?? lastId)
  }
  const done = follow(null).catch((error: unknown) => {
    if (!options.signal.aborted) process.stderr.write(`the SSE reader stopped: ${error instanceof Error ? error.message : String(error)}\n`)
  })
  return { opened: Promise.race([opened, done]), done, cutOffs: () => cutOffs }
}
